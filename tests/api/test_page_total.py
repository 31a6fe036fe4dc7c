"""``total`` on every page of GET /events: counted once per filter, right after writes.

A page's rows stop early; its total reads every match.  The server keeps the count of a
filter until the next write (strife.store.queries.CountCache), so paging and polling
pay for it once, and a write is seen by the next page at once.
"""

from __future__ import annotations

import pytest

from strife.store import EventFilter, Store
from strife.store.queries import CountCache, count_events


def _pages(client, **params) -> list[dict]:
    out, cursor = [], None
    while True:
        body = client.get("/events", params={**params, **({"cursor": cursor} if cursor else {})}).json()
        out.append(body)
        cursor = body["next_cursor"]
        if not cursor:
            return out


@pytest.mark.parametrize("params", [{}, {"country": "Syria"}, {"text": "killing"}, {"actor": "state"},
                                    {"country": "Yemen", "since": "2030-01-01"}])
def test_every_page_carries_the_total_of_all_pages(client, params):
    pages = _pages(client, limit=7, **params)
    n = sum(len(p["events"]) for p in pages)
    assert [p["total"] for p in pages] == [n] * len(pages)
    whole = client.get("/events", params={**params, "limit": 10_000}).json()
    assert whole["total"] == len(whole["events"]) == n  # the first page that holds everything


def test_a_write_changes_the_next_total(write_client, token):
    fakes = pytest.importorskip("fakes", reason="tests/fakes.py (FakePipeline) not on the path")
    write_client.app.state.pipeline = fakes.FakePipeline()
    params = {"limit": 2, "country": "Syria"}
    before = write_client.get("/events", params=params).json()["total"]
    assert write_client.get("/events", params=params).json()["total"] == before  # from the cache
    body = {"articles": [{"text": "strike in Raqqa on 2031-06-01 killing 4 by Islamic State.",
                          "published": "2031-06-02", "source": "Test Wire"}]}
    r = write_client.post("/articles", headers={"Authorization": f"Bearer {token}"}, json=body)
    assert r.status_code == 201 and r.json()["events_touched"] == 1
    after = write_client.get("/events", params=params).json()
    assert after["total"] == before + 1
    assert after["events"][0]["event_date"] == "2031-06-01"


def test_count_cache_is_a_sequence_lock(store_path, tmp_path):
    """A count is reused only while no write has begun since the reader's generation."""
    path = tmp_path / "s.duckdb"
    path.write_bytes(store_path.read_bytes())
    cache, flt = CountCache(), EventFilter(country="Syria")
    with Store(path) as store:
        con = store.con
        n = count_events(con, flt)
        gen = cache.generation()
        assert cache.count(con, flt, gen) == n
        # a change the cache is not told of (no writer does this): the kept count shows
        con.execute("DELETE FROM events WHERE event_id_cnty = (SELECT min(event_id_cnty) FROM events "
                    "WHERE country = 'Syria')")
        assert cache.count(con, flt, gen) == n
        cache.begin_write()  # a write in progress: nothing is reused or kept
        assert cache.count(con, flt, cache.generation()) == n - 1
        assert cache.count(con, flt, gen) == n - 1  # a reader from before the write
        cache.end_write()
        gen = cache.generation()
        assert cache.count(con, flt, gen) == n - 1
        con.execute("DELETE FROM events WHERE country = 'Syria'")
        assert cache.count(con, flt, gen) == n - 1  # kept
        assert cache.count(con, flt, gen - 2) == 0  # an older reader neither reads nor keeps it


def test_count_cache_forgets_the_oldest(store_path):
    cache = CountCache(size=2)
    with Store(store_path, read_only=True) as store:
        for country in ("Syria", "Iraq", "Yemen"):
            cache.count(store.con, EventFilter(country=country), cache.generation())
    assert len(cache) == 2
