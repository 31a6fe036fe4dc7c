"""strife.store.paging gives exactly what queries.query_events gives, page by page."""

from __future__ import annotations

import pytest

from strife.store import EventFilter, Store
from strife.store.paging import page_events
from strife.store.queries import query_events


@pytest.mark.parametrize("sort", ["-date", "date", "-fatalities", "fatalities"])
@pytest.mark.parametrize("flt", [{}, {"country": "Syria"}, {"text": "killing"}, {"bbox": (38, 34, 41, 37)}])
def test_same_pages_as_query_events(store_path, sort, flt):
    with Store(store_path, read_only=True) as store:
        cursor, pages = None, 0
        while True:
            f = EventFilter(**flt, sort=sort, limit=9, cursor=cursor)
            expected = query_events(store.con, f)
            assert page_events(store.con, f) == expected
            cursor = expected[1]
            pages += 1
            if not cursor:
                break
        assert pages >= 1
        assert page_events(store.con, EventFilter(country="Nowhere")) == ([], None)


def test_undated_events_page_like_query_events(tmp_path):
    import random

    from strife.store.records import insert_article, upsert_events
    from strife.store.synthetic import make_article

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
        for sort in ("-date", "date", "-fatalities", "fatalities"):
            cursor, seen = None, []
            while True:
                f = EventFilter(sort=sort, limit=4, cursor=cursor)
                expected = query_events(con, f)
                assert page_events(con, f) == expected
                seen += expected[0]
                cursor = expected[1]
                if not cursor:
                    break
            assert len({e["event_id_cnty"] for e in seen}) == len(seen) == 25
