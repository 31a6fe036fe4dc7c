"""Aggregates the dashboard draws: each must equal counting the filtered events one by one."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from strife.store import EventFilter, Store
from strife.store.aggregates import actor_profile, bin_end, choose_bin, dyads, places, timeline
from strife.store.queries import SORTS, UnknownValue, iter_events
from strife.store.synthetic import build_small, fill_bulk


@pytest.fixture(scope="module")
def con():
    store = Store(":memory:")
    with store.transaction() as c:
        build_small(c, 80, seed=3)
    yield store.con
    store.close()


def every(con, **filters) -> list[dict]:
    return list(iter_events(con, EventFilter(**filters)))


def test_choose_bin_by_range():
    d = date(2020, 1, 1)
    assert choose_bin(d, d) == "day"
    assert choose_bin(d, d + timedelta(days=119)) == "day"
    assert choose_bin(d, d + timedelta(days=120)) == "week"
    assert choose_bin(d, d + timedelta(days=839)) == "week"
    assert choose_bin(d, d + timedelta(days=840)) == "month"
    assert bin_end(date(2020, 2, 1), "month") == date(2020, 2, 29)
    assert bin_end(date(2020, 12, 1), "month") == date(2020, 12, 31)
    assert bin_end(date(2020, 1, 6), "week") == date(2020, 1, 12)


@pytest.mark.parametrize("filters", [{}, {"country": "Syria"}, {"type": "Battles", "since": "2017-09-10"}])
def test_timeline_counts_every_filtered_event(con, filters):
    events = every(con, **filters)
    body = timeline(con, EventFilter(**filters))
    assert body["bin"] == "day"  # the synthetic month of September 2017
    assert sum(b["events"] for b in body["bins"]) == len(events)
    assert sum(b["fatalities"] for b in body["bins"]) == sum(e["fatalities"] or 0 for e in events)
    per_day = Counter(e["event_date"] for e in events)
    assert {b["start"]: b["events"] for b in body["bins"]} == dict(per_day)
    for size in ("week", "month"):
        binned = timeline(con, EventFilter(**filters), size)
        assert binned["bin"] == size
        assert sum(b["events"] for b in binned["bins"]) == len(events)
        for b in binned["bins"]:
            inside = [e for e in events if b["start"] <= e["event_date"] <= b["end"]]
            assert len(inside) == b["events"]


def test_places_per_admin1(con):
    events = every(con, country="Syria")
    body = places(con, EventFilter(country="Syria"))
    assert body["unlocated"] == 0
    want = Counter(e["admin1"] for e in events)
    assert {p["admin1"]: p["events"] for p in body["places"]} == dict(want)
    for p in body["places"]:
        mine = [e for e in events if e["admin1"] == p["admin1"]]
        assert p["fatalities"] == sum(e["fatalities"] for e in mine)
        types = Counter(e["event_type"] for e in mine)
        assert p["top_type"] == types.most_common(1)[0][0] or types[p["top_type"]] == max(types.values())
        assert min(e["latitude"] for e in mine) <= p["latitude"] <= max(e["latitude"] for e in mine)


def test_dyads_follow_the_filters_and_a_dyad_filter_gives_exactly_its_events(con):
    everything = dyads(con, EventFilter(), limit=1000)
    syria = dyads(con, EventFilter(country="Syria"), limit=1000)
    assert sum(d["events"] for d in syria) == len(every(con, country="Syria"))
    assert syria != everything
    top = everything[0]
    pair = every(con, actor1=top["actor1"].upper(), actor2=top["actor2"])  # exact, ignoring case
    assert len(pair) == top["events"]
    assert {(e["actor1"], e["actor2"]) for e in pair} == {(top["actor1"], top["actor2"])}
    # a part of a name is no exact match
    assert every(con, actor1=top["actor1"][:-2]) == []


def test_actor_profile(con):
    name = "Islamic State"
    mine = [e for e in every(con) if name in (e["actor1"], e["actor2"])]
    p = actor_profile(con, name.lower(), EventFilter())
    assert p["actor"] == name and p["events"] == len(mine)
    assert sum(c["events"] for c in p["counterparts"]) == len(mine)
    assert sum(b["events"] for b in p["timeline"]["bins"]) == len(mine)
    assert sum(pl["events"] for pl in p["places"]) == len(mine)
    with pytest.raises(UnknownValue, match="Islamic State"):
        actor_profile(con, "Islamic Stat", EventFilter())


@pytest.mark.parametrize("sort", sorted(SORTS))
def test_every_sort_pages_through_every_event_once_in_order(con, sort):
    events = list(iter_events(con, EventFilter(sort=sort), page=7))
    assert len({e["event_id_cnty"] for e in events}) == len(events) == 80
    column = {"date": "event_date", "type": "event_type", "sources": "source_count"}.get(
        sort.lstrip("-"), sort.lstrip("-"))
    keys = [e[column] if e[column] is not None else ("" if isinstance(e[column], str) else 0) for e in events]
    assert keys == sorted(keys, reverse=sort.startswith("-"))


def test_timeline_bins_by_range_on_a_bulk_store():
    store = Store(":memory:")
    with store.transaction() as c:
        fill_bulk(c, 5000)
    body = timeline(store.con, EventFilter())
    assert body["bin"] == "month" and len(body["bins"]) == 120  # 2015-2024
    assert sum(b["events"] for b in body["bins"]) == 5000
    short = timeline(store.con, EventFilter(since="2020-01-01", until="2020-03-31"))
    assert short["bin"] == "day"
    store.close()
