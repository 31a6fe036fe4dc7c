"""query_events pages exactly like a plain Python sort of every event, under every sort."""

from __future__ import annotations

import random

import pytest

from strife.store import EventFilter, Store
from strife.store.queries import query_events
from strife.store.records import insert_article, upsert_events
from strife.store.synthetic import make_article

SORT_KEYS = {
    "-date": (lambda e: (e["event_date"] or "0001-01-01", e["event_id_cnty"]), True),
    "date": (lambda e: (e["event_date"] or "0001-01-01", e["event_id_cnty"]), False),
    "-fatalities": (lambda e: (e["fatalities"] or 0, e["event_id_cnty"]), True),
    "fatalities": (lambda e: (e["fatalities"] or 0, e["event_id_cnty"]), False),
}


def _all_pages(con, sort, limit, **flt):
    cursor, seen = None, []
    while True:
        events, cursor = query_events(con, EventFilter(**flt, sort=sort, limit=limit, cursor=cursor))
        seen += events
        if not cursor:
            return seen


@pytest.mark.parametrize("sort", list(SORT_KEYS))
@pytest.mark.parametrize("flt", [{}, {"country": "Syria"}, {"text": "killing"}, {"bbox": (38, 34, 41, 37)}])
def test_pages_follow_the_reference_order(store_path, sort, flt):
    with Store(store_path, read_only=True) as store:
        everything = _all_pages(store.con, sort, 10_000, **flt)
        key, reverse = SORT_KEYS[sort]
        assert [e["event_id_cnty"] for e in everything] == [
            e["event_id_cnty"] for e in sorted(everything, key=key, reverse=reverse)]
        assert _all_pages(store.con, sort, 9, **flt) == everything
        assert query_events(store.con, EventFilter(country="Yemen", since="2030-01-01")) == ([], None)


def test_undated_events_page_once_each(tmp_path):
    rng = random.Random(1)
    with Store(tmp_path / "s.duckdb") as store, store.transaction() as con:
        for i in range(25):
            coded = make_article(i, rng)
            if i % 3 == 0:
                coded.events[0].event_date = None
            if i % 4 == 0:
                coded.events[0].fatalities = None
            insert_article(con, coded)
            upsert_events(con, coded.events)
        for sort, (key, reverse) in SORT_KEYS.items():
            seen = _all_pages(con, sort, 4)
            assert len({e["event_id_cnty"] for e in seen}) == len(seen) == 25
            assert seen == sorted(seen, key=key, reverse=reverse)
