"""Calendar arithmetic on ``datetime.date`` used to normalise temporal expressions.

All functions are pure.  Weeks run Monday to Sunday (ISO 8601), as in ACLED's
weekly releases.
"""

from __future__ import annotations

import calendar as _cal
from datetime import date, timedelta


def month_last_day(year: int, month: int) -> int:
    return _cal.monthrange(year, month)[1]


def month_span(year: int, month: int) -> tuple[date, date]:
    """First and last day of a month."""
    return date(year, month, 1), date(year, month, month_last_day(year, month))


def add_months(day: date, months: int) -> date:
    """Same day-of-month ``months`` later (clamped to the month's length)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, month_last_day(year, month)))


def week_span(day: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week containing ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def weekday_on_or_before(anchor: date, weekday: int) -> date:
    """The most recent ``weekday`` (Monday = 0) on or before ``anchor``."""
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def weekday_before(anchor: date, weekday: int) -> date:
    """The most recent ``weekday`` strictly before ``anchor`` (1..7 days back)."""
    return anchor - timedelta(days=(anchor.weekday() - weekday - 1) % 7 + 1)


def weekday_on_or_after(anchor: date, weekday: int) -> date:
    return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)


def weekday_after(anchor: date, weekday: int) -> date:
    """The next ``weekday`` strictly after ``anchor`` (1..7 days ahead)."""
    return anchor + timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)


def safe_date(year: int, month: int, day: int) -> date | None:
    """``date(year, month, day)`` or None when no such day exists (30 February)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def place_in_year(month: int, day: int | None, anchor: date, future: bool) -> int:
    """The year of a year-less month (and day): the latest occurrence on or before
    ``anchor`` for past events, the first on or after it for future ones.

    29 February without a year goes to the nearest leap year in that direction.
    """
    step = 1 if future else -1
    year = anchor.year
    for _ in range(9):
        if day is None:
            first, last = month_span(year, month)
            ok = last >= anchor if future else first <= anchor
            if ok:
                return year
        else:
            candidate = safe_date(year, month, day)
            if candidate is not None and ((candidate >= anchor) if future else (candidate <= anchor)):
                return year
        year += step
    return anchor.year


def precision_for_span(first: date, last: date) -> int:
    """ACLED time_precision for a span of days: 1 one day, 2 up to a week, 3 longer."""
    width = (last - first).days + 1
    if width <= 1:
        return 1
    if width <= 7:
        return 2
    return 3
