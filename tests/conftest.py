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
def nlp():
    from strife.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory):
    from strife.pipeline import Pipeline

    return Pipeline()
