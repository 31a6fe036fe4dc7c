"""The write server authenticates before it reads, caps bodies and rates, keeps its security
headers on errors and parses parameters strictly; reads stay consistent while writes commit."""

from __future__ import annotations

import asyncio
import shutil
import threading
from datetime import date, timedelta

import pytest
from fakes import FakePipeline
from fastapi.testclient import TestClient

from strife.api import ApiConfig, create_app

TOKEN = "reliability-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def db(small_store, tmp_path):
    """A writable copy of the session's 30-event store."""
    path = tmp_path / "rw.duckdb"
    shutil.copy(small_store, path)
    return str(path)


def _app(db, **kw):
    return create_app(ApiConfig(db=db, write_token=TOKEN, pipeline_factory=FakePipeline, **kw))


def test_config_has_the_write_limits():
    fields = ApiConfig.__dataclass_fields__
    assert fields["max_body_bytes"].default == 10 * 1024 * 1024
    assert fields["writes_per_minute"].default == 120


def _post_raw(app, headers: dict, declared: int | None, chunks: int, chunk: bytes = b"x" * 65536):
    """POST /articles straight through ASGI; returns (status, headers, bytes the app pulled)."""
    pulled, sent = 0, {}
    hdrs = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    if declared is not None:
        hdrs.append((b"content-length", str(declared).encode()))
    left = chunks

    async def receive():
        nonlocal pulled, left
        if left <= 0:
            return {"type": "http.disconnect"}
        left -= 1
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": left > 0}

    async def send(message):
        if message["type"] == "http.response.start":
            sent["status"] = message["status"]
            sent["headers"] = {k.decode(): v.decode() for k, v in message["headers"]}

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/articles", "raw_path": b"/articles", "query_string": b"",
             "root_path": "", "headers": [(b"host", b"testserver"), (b"content-type", b"application/json")]
             + hdrs, "client": ("127.0.0.1", 1), "server": ("testserver", 80)}
    asyncio.run(app(scope, receive, send))
    return sent["status"], sent["headers"], pulled


def test_unauthenticated_150mb_post_is_refused_unread(db):
    app = _app(db)
    status, headers, pulled = _post_raw(app, {}, declared=150 * 1024 * 1024, chunks=2400)
    assert status == 401 and pulled == 0
    assert headers["www-authenticate"] == "Bearer" and headers["x-frame-options"] == "DENY"
    status, _, pulled = _post_raw(app, {"Authorization": "Bearer wrong-token-0123456789"}, None, 2400)
    assert status == 401 and pulled == 0


def test_malformed_json_without_token_is_401_not_422(db):
    with TestClient(_app(db)) as c:
        r = c.post("/articles", content=b"{not json", headers={"content-type": "application/json"})
        assert r.status_code == 401


def test_body_over_the_cap_is_413_with_the_limit(db):
    app = _app(db, max_body_bytes=1_000_000)
    status, _, pulled = _post_raw(app, AUTH, declared=150 * 1024 * 1024, chunks=2400)
    assert status == 413 and pulled == 0
    status, _, pulled = _post_raw(app, AUTH, declared=None, chunks=2400)  # chunked, no length
    assert status == 413 and pulled <= 1_000_000 + 65536
    with TestClient(app) as c:
        r = c.post("/articles", headers=AUTH, content=b"x" * 1_000_001)
        assert r.status_code == 413 and "1,000,000 bytes" in r.json()["detail"]


def test_writes_are_rate_limited_per_token(db):
    with TestClient(_app(db, writes_per_minute=3)) as c:
        codes = [c.post("/articles", headers=AUTH, json={"articles": []}).status_code for _ in range(5)]
        assert codes[:3] == [422, 422, 422] and codes[3:] == [429, 429]
        r = c.post("/articles", headers=AUTH, json={"articles": []})
        assert int(r.headers["retry-after"]) >= 1


def test_a_500_keeps_the_security_headers(db, monkeypatch):
    from strife.store import queries

    def boom(*a, **k):
        raise RuntimeError("a bug")

    monkeypatch.setattr(queries, "stats", boom)
    with TestClient(_app(db), raise_server_exceptions=False) as c:
        r = c.get("/stats")
    assert r.status_code == 500 and "a bug" not in r.text
    assert r.headers["x-frame-options"] == "DENY" and "content-security-policy" in r.headers


@pytest.mark.parametrize("query", ["country=%C2%B2", "country=" + "9" * 100, "until=0", "since=1",
                                   "country=%D9%A3"])
def test_strict_parameters_are_client_errors(db, query):
    with TestClient(_app(db), raise_server_exceptions=False) as c:
        for path in ("/events", "/events.csv", "/stats"):
            r = c.get(f"{path}?{query}")
            assert r.status_code == 422, (path, r.status_code, r.text[:200])


def test_world_readable_token_file_is_refused(tmp_path):
    from strife.cli.serve import read_token

    f = tmp_path / "token"
    f.write_text(TOKEN + "\n")
    f.chmod(0o644)
    with pytest.raises(ValueError, match="chmod 600"):
        read_token(f)
    f.chmod(0o600)
    assert read_token(f) == TOKEN


class _WriteBetweenQueries:
    """A cursor that lets a write commit right after a read's first query (the page's ids):
    the write replaces every event row, as re-linking does, so the rows move."""

    def __init__(self, cur, new_cursor):
        self.cur, self.new_cursor, self.fired = cur, new_cursor, False

    def execute(self, sql, *args):
        self.cur.execute(sql, *args)
        if not self.fired and "SELECT e.rowid" in sql:
            self.fired = True
            w = self.new_cursor()
            for stmt in ("BEGIN TRANSACTION", "CREATE TEMP TABLE _copy AS SELECT * FROM events",
                         "DELETE FROM events", "INSERT INTO events SELECT * FROM _copy",
                         "DROP TABLE _copy", "COMMIT"):
                w.execute(stmt)
            w.close()
        return self

    def __getattr__(self, name):
        return getattr(self.cur, name)


@pytest.mark.parametrize("path", ["/events", "/events.geojson", "/events.csv"])
def test_a_write_between_a_reads_queries_changes_nothing_it_returns(db, path):
    app = _app(db)
    database = app.state.db
    with TestClient(app, raise_server_exceptions=False) as c:
        before = c.get(path, params={"limit": 10})
        plain = database.cursor
        database.cursor = lambda: _WriteBetweenQueries(plain(), plain)
        during = c.get(path, params={"limit": 10})
        database.cursor = plain
    assert before.status_code == during.status_code == 200, during.text[:300]
    assert during.content == before.content


def test_reads_while_writes_commit_never_fail_or_mix_rows(db):
    app = _app(db, **({"writes_per_minute": 100_000} if "writes_per_minute" in ApiConfig.__dataclass_fields__
                      else {}))
    stop, failures, pages = threading.Event(), [], [0]

    def writer(c):
        day = date(2017, 6, 1)
        for i in range(25):
            if stop.is_set():
                return
            text = (f"strike in Raqqa on {day + timedelta(days=i % 5)} killing {i % 7 + 1} by Coalition. "
                    f"clash in Mosul on {day + timedelta(days=i)}.")
            r = c.post("/articles", headers=AUTH, json={"articles": [
                {"text": text, "source": f"Outlet {i}", "published": str(day + timedelta(days=i))}]})
            if r.status_code != 201:
                failures.append(("write", r.status_code, r.text[:200]))

    def reader(c, path):
        while not stop.is_set():
            r = c.get(path, params={"limit": 25, "sort": "-date"})
            pages[0] += 1
            if r.status_code != 200:
                failures.append((path, r.status_code, r.text[:300]))
                continue
            if path == "/events":
                events = r.json()["events"]
                keys = [(e["event_date"] or "", e["event_id_cnty"]) for e in events]
                if keys != sorted(keys, reverse=True) or len(set(keys)) != len(keys):
                    failures.append((path, "rows out of order or repeated", keys))

    with TestClient(app, raise_server_exceptions=False) as c:
        w = threading.Thread(target=writer, args=(c,))
        readers = [threading.Thread(target=reader, args=(c, p))
                   for p in ("/events", "/events", "/events.geojson", "/events.csv")]
        for t in readers + [w]:
            t.start()
        w.join(240)
        stop.set()
        for t in readers:
            t.join(30)
    assert pages[0] > 50
    assert failures == []
