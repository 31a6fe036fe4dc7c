from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from strife.time import calendar as cal

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
weekdays = st.integers(min_value=0, max_value=6)


@given(days, weekdays)
def test_weekday_on_or_before_is_that_weekday_within_a_week(anchor, weekday):
    got = cal.weekday_on_or_before(anchor, weekday)
    assert got.weekday() == weekday
    assert 0 <= (anchor - got).days <= 6


@given(days, weekdays)
def test_weekday_before_is_strictly_before(anchor, weekday):
    got = cal.weekday_before(anchor, weekday)
    assert got.weekday() == weekday
    assert 1 <= (anchor - got).days <= 7


@given(days, weekdays)
def test_weekday_after_is_strictly_after(anchor, weekday):
    got = cal.weekday_after(anchor, weekday)
    assert got.weekday() == weekday
    assert 1 <= (got - anchor).days <= 7


@given(days)
def test_week_span_is_monday_to_sunday_around_the_day(day):
    monday, sunday = cal.week_span(day)
    assert monday.weekday() == 0 and sunday.weekday() == 6
    assert monday <= day <= sunday


@given(days, st.integers(min_value=-30, max_value=30))
def test_add_months_keeps_day_or_clamps(day, months):
    got = cal.add_months(day, months)
    assert (got.year * 12 + got.month) - (day.year * 12 + day.month) == months
    assert got.day == min(day.day, cal.month_last_day(got.year, got.month))


def test_leap_years():
    assert cal.month_span(2016, 2) == (date(2016, 2, 1), date(2016, 2, 29))
    assert cal.month_span(2020, 2)[1] == date(2020, 2, 29)
    assert cal.month_span(2100, 2)[1] == date(2100, 2, 28)
    assert cal.safe_date(2019, 2, 29) is None
    # a year-less 29 February in the past goes back to the last leap year
    assert cal.place_in_year(2, 29, date(2019, 3, 1), future=False) == 2016
    assert cal.place_in_year(2, 29, date(2019, 3, 1), future=True) == 2020


def test_place_in_year_across_new_year():
    assert cal.place_in_year(12, 30, date(2019, 1, 2), future=False) == 2018
    assert cal.place_in_year(1, 3, date(2018, 12, 20), future=True) == 2019
    assert cal.place_in_year(9, None, date(2017, 9, 14), future=False) == 2017


@given(days, st.integers(min_value=0, max_value=40))
def test_precision_by_width(first, extra):
    last = first + timedelta(days=extra)
    expected = 1 if extra == 0 else 2 if extra <= 6 else 3
    assert cal.precision_for_span(first, last) == expected
