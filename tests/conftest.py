"""Shared fixtures: one spaCy pipeline per test session, paths to ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FOUNDING = SHARED / "examples" / "arab-today-deir-ezzor-convoy.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def founding_path(shared_dir) -> Path:
    return FOUNDING


@pytest.fixture(scope="session")
def small_store(tmp_path_factory) -> Path:
    """A store of 30 synthetic events (``build_small(con, 30)``), built once per session.

    Shared by every test that asks for it: open it read-only, or copy it before writing.
    """
    from strife.store import Store
    from strife.store.synthetic import build_small

    path = tmp_path_factory.mktemp("small") / "small.duckdb"
    with Store(path) as store, store.transaction() as con:
        build_small(con, 30)
    return path


@pytest.fixture(scope="session")
def nlp():
    from strife.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory):
    from strife.pipeline import Pipeline

    return Pipeline()
