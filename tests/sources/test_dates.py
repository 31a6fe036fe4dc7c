from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, strategies as st

from strife.sources.dates import parse_date

SEP14 = date(2017, 9, 14)


@pytest.mark.parametrize("text", [
    "2017-09-14", "2017-09-14T10:32:00Z", "2017-09-14T01:30:00+03:00", "2017/09/14",
    "Thu, 14 Sep 2017 01:30:00 +0300", "14 September 2017", "September 14, 2017",
    "Sept. 14, 2017", "14th Sep 2017 10:32 GMT", "Thursday, 14 September 2017",
    "14/09/2017", "14.09.2017", "1505347200", "20170914",
])
def test_common_forms(text):
    assert parse_date(text) == SEP14


def test_local_calendar_day_is_kept_not_utc():
    # 01:30 in Beirut on the 14th is still the 13th in UTC; the story was published on the 14th.
    assert parse_date("2017-09-14T01:30:00+03:00") == SEP14


@pytest.mark.parametrize("bad", ["", "soon", "2017-13-45", "31/02/2017", "yesterday", "0000-00-00",
                                 "1066-10-14", None, True, [], {}])
def test_unreadable_is_none(bad):
    assert parse_date(bad) is None


def test_date_objects_and_numbers():
    assert parse_date(SEP14) == SEP14
    assert parse_date(datetime(2017, 9, 14, 23, 0, tzinfo=timezone(timedelta(hours=3)))) == SEP14
    assert parse_date(1505347200) == SEP14
    assert parse_date(1505347200000) == SEP14  # epoch milliseconds


@given(st.text(max_size=60))
def test_never_raises(text):
    result = parse_date(text)
    assert result is None or isinstance(result, date)
