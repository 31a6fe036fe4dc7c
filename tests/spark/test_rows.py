from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strife.model import Article, EventRecord
from strife.sources.records import article_from_record
from strife.spark.rows import (article_from_row, error_row, event_from_report_row, report_row, to_date)


def test_plain_record_is_read_like_a_json_line():
    rec = {"id": "x1", "url": "https://a.example/1", "title": "T",
           "text": "ALEPPO, Syria (Wire) - Shelling killed two people on Monday.",
           "published": "2017-03-16", "source": "Wire", "lang": "en"}
    got = article_from_row(rec)
    want = article_from_record(dict(rec), "x1", "json", 10**6)
    assert got == want
    assert got.id == Article(text=rec["text"]).id  # content hash, not the record id


def test_published_may_be_a_date_or_timestamp():
    import pandas as pd

    assert to_date(pd.Timestamp("2017-09-14T10:00:00")) == date(2017, 9, 14)
    assert to_date(date(2017, 9, 14)) == date(2017, 9, 14)
    assert to_date(float("nan")) is None
    assert to_date("not a date") is None
    got = article_from_row({"text": "Shelling killed two people.", "published": pd.Timestamp("2017-09-14")})
    assert got.published == date(2017, 9, 14)


def test_pre_read_row_is_taken_as_it_is():
    a = Article(text="Beirut - Wire\nClashes erupted.", dateline="Beirut", body_start=14,
                published=date(2017, 1, 2), source="Wire", origin="f.txt", published_from="sidecar")
    row = {k: getattr(a, k) for k in ("text", "dateline", "body_start", "published", "source", "origin",
                                      "published_from", "lang", "title", "url")}
    assert article_from_row(row) == a


@pytest.mark.parametrize("row", [{"text": None}, {"text": "   "}, {"text": "x", "_corrupt_record": "{oops"}])
def test_unusable_rows_raise_value_error(row):
    with pytest.raises(ValueError):
        article_from_row(row)


def test_error_row_keeps_the_reason():
    row = error_row({"id": "r7", "text": None}, ValueError("no text"))
    assert row["error"] == "ValueError: no text" and row["reports"] == [] and row["article_id"] == "r7"


@given(fatalities=st.integers(0, 10_000), lat=st.none() | st.floats(-90, 90),
       when=st.none() | st.dates(), actor=st.none() | st.text(max_size=20),
       geonameid=st.none() | st.integers(1, 2**40))
def test_report_row_round_trips(fatalities, lat, when, actor, geonameid):
    a = Article(text="Militants attacked a checkpoint, killing three soldiers.")
    ev = EventRecord(a.id, 0, 10, 18, "attacked", fatalities=fatalities, latitude=lat, event_date=when,
                     actor1=actor, geonameid=geonameid, sub_event_type="Attack")
    ev.add_evidence("actor1", a, 0, 9, 0.8)
    back = event_from_report_row(report_row(ev))
    assert back == ev
