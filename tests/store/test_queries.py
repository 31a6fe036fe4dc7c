import csv
import io
import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from strife.model import Article, CodedArticle, EventRecord, ParsedArticle
from strife.store import EventFilter, Store
from strife.store.export import write_events
from strife.store.queries import UnknownValue, count_events, get_event, query_events, stats
from strife.store.records import insert_article, upsert_events

TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Protests", "Peaceful protest")]


@pytest.fixture(scope="module")
def store():
    store = Store(":memory:")
    with store.transaction():
        for i in range(30):
            etype, sub = TYPES[i % 3]
            text = f"Report {i}: =HYPERLINK(\"x\") fighting in Town{i % 4} killed {i} people."
            a = Article(text=text, title=f"<script>alert({i})</script>", source=f"Outlet{i % 2}",
                        published=date(2017, 9, 1) + timedelta(days=i))
            ev = EventRecord(article_id=a.id, sentence_index=0, trigger_start=text.index("fighting"),
                             trigger_end=text.index("fighting") + 8, trigger="fighting",
                             event_date=date(2017, 9, 1) + timedelta(days=i % 10), time_precision=1,
                             event_type=etype, sub_event_type=sub,
                             actor1="Military Forces of Syria (2000-)" if i % 2 else "SDF: Syrian Democratic Forces",
                             country="Syria" if i < 20 else "Iraq", iso=760 if i < 20 else 368,
                             admin1=f"Region{i % 3}", location=f"Town{i % 4}",
                             latitude=35.0 + i / 10, longitude=40.0 + i / 10, fatalities=i,
                             notes=text, source_count=1 + i % 3, plover_type="ASSAULT")
            ev.canonical_id = ev.event_id_cnty
            ev.add_evidence("event_type", a, ev.trigger_start, ev.trigger_end)
            insert_article(store.con, CodedArticle(ParsedArticle(a, None), [ev]))
            upsert_events(store.con, [ev])
    return store


def test_filters(store):
    con = store.con
    assert count_events(con, EventFilter()) == 30
    assert count_events(con, EventFilter(country="syria")) == 20
    assert count_events(con, EventFilter(country="368")) == 10
    assert count_events(con, EventFilter(type="Battles")) == 10
    assert count_events(con, EventFilter(type="air/drone strike")) == 10
    assert count_events(con, EventFilter(actor="syrian democratic")) == 15
    assert count_events(con, EventFilter(since=date(2017, 9, 5), until=date(2017, 9, 6))) == 6
    assert count_events(con, EventFilter(bbox=(40.0, 35.0, 40.45, 35.45))) == 5
    assert count_events(con, EventFilter(min_sources=3)) == 10
    assert count_events(con, EventFilter(text="killed 7 people")) == 1
    assert count_events(con, EventFilter(plover="assault")) == 30


@pytest.mark.parametrize("field", ["country", "admin1", "type", "plover", "actor", "text"])
@pytest.mark.parametrize("payload", ["' OR 1=1 --", "x'; DROP TABLE events; --", "%", "_", "\\"])
def test_sql_injection_through_filters_matches_nothing(store, field, payload):
    if field in ("country", "admin1", "type"):  # named values: unknown is an error, never SQL
        with pytest.raises(UnknownValue):
            count_events(store.con, EventFilter(**{field: payload}))
    else:
        assert count_events(store.con, EventFilter(**{field: payload})) == 0
    assert count_events(store.con, EventFilter()) == 30


def test_invalid_filters_are_rejected():
    with pytest.raises(ValidationError):
        EventFilter(bbox=(50, 0, 40, 10))
    with pytest.raises(ValidationError):
        EventFilter(since=date(2018, 1, 1), until=date(2017, 1, 1))
    with pytest.raises(ValidationError):
        EventFilter(limit=0)


@settings(deadline=None, max_examples=25)
@given(st.integers(min_value=1, max_value=31), st.sampled_from(["-date", "date", "-fatalities", "fatalities"]))
def test_cursor_paging_visits_every_event_once(store, page, sort):
    seen, cursor = [], None
    while True:
        events, cursor = query_events(store.con, EventFilter(limit=page, sort=sort, cursor=cursor),
                                      with_evidence=False)
        seen += [e["event_id_cnty"] for e in events]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 30


def test_bad_cursor_is_a_value_error(store):
    with pytest.raises(ValueError, match="invalid cursor"):
        query_events(store.con, EventFilter(cursor="not-a-cursor"))


def test_event_detail_has_evidence_matching_article_text(store):
    [event], _ = query_events(store.con, EventFilter(limit=1))
    detail = get_event(store.con, event["event_id_cnty"])
    [ev] = detail["evidence"]
    text = store.con.execute("SELECT text FROM articles WHERE id = ?", [ev["article_id"]]).fetchone()[0]
    assert text[ev["start"]:ev["end"]] == ev["text"] == "fighting"
    assert detail["reports"][0]["sentence"] is None  # no sentences stored for this synthetic article


def test_stats_group_counts(store):
    s = stats(store.con)
    assert s["events"] == 30 and s["fatalities"] == sum(range(30))
    assert {r["key"]: r["events"] for r in s["by_type"]} == {t: 10 for t, _ in TYPES}


def test_exports_follow_acled_order_and_defuse_formulas(store, tmp_path):
    events, _ = query_events(store.con, EventFilter(limit=5))
    buf = io.StringIO()
    write_events(events, "csv", buf)
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert rows[0][:4] == ["event_id_cnty", "event_date", "year", "time_precision"]
    assert all(not cell.startswith("=") for row in rows[1:] for cell in row)
    out = io.StringIO()
    write_events(events, "json", out)
    data = json.loads(out.getvalue())
    assert set(data[0]["evidence"][0]) == {"field", "article_id", "start", "end", "text"}
    geo = io.StringIO()
    write_events(events, "geojson", geo)
    assert json.loads(geo.getvalue())["features"][0]["geometry"]["type"] == "Point"
    write_events(events, "parquet", tmp_path / "e.parquet")
    import pyarrow.parquet as pq
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 5
