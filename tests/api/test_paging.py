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
