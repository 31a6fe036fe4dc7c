"""A synthetic store (with hostile strings planted in it) and API clients over it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from strife.api import ApiConfig, create_app
from strife.store import Store
from strife.store.synthetic import build_small

TOKEN = "test-token-0123456789abcdef"
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">Pwn <script>window.__pwned=2</script>'
HOSTILE_TEXT = " <b onmouseover=alert(1)>bold</b> '; DROP TABLE events; --"
N_EVENTS = 60


def make_store(path, n: int = N_EVENTS) -> list[str]:
    with Store(path) as store, store.transaction() as con:
        return build_small(con, n, titles={3: HOSTILE_TITLE}, extras={3: HOSTILE_TEXT})


@pytest.fixture(scope="session")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "store.duckdb"
    make_store(path)
    return path


@pytest.fixture(scope="session")
def client(store_path):
    with TestClient(create_app(ApiConfig(db=str(store_path)))) as c:
        yield c


@pytest.fixture(scope="session")
def all_events(client) -> list[dict]:
    body = client.get("/events", params={"limit": 10_000, "count": True}).json()
    assert body["count"] == len(body["events"]) == N_EVENTS
    return body["events"]


@pytest.fixture
def write_client(tmp_path):
    path = tmp_path / "rw.duckdb"
    make_store(path, 12)
    with TestClient(create_app(ApiConfig(db=str(path), write_token=TOKEN))) as c:
        yield c


@pytest.fixture(scope="session")
def token() -> str:
    return TOKEN


@pytest.fixture(scope="session")
def hostile() -> dict:
    return {"title": HOSTILE_TITLE, "text": HOSTILE_TEXT}
