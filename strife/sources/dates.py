"""Publication dates from metadata: ISO 8601, RFC 2822 and the common written forms.

An unparsable date is not an error: the article is kept with ``published=None`` and a
warning is logged (logger ``strife.sources``); a ``--published`` flag may then fill it.
Day-first is assumed for ambiguous numeric dates (``03/04/2017`` = 3 April), as in most
of the world's press outside the US.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, UTC
from email.utils import parsedate_to_datetime

log = logging.getLogger("strife.sources")

_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d",
    "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y",
    "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%A %d %B %Y", "%A %B %d %Y",
    "%a %d %b %Y", "%a %b %d %Y", "%B %Y",
)
_MIN_YEAR, _MAX_YEAR = 1900, 2100


def parse_date(value: object) -> date | None:
    """A ``date`` from a date, datetime, epoch number or string; None if it cannot be read.

    Times are dropped keeping the *local* calendar date of the stated offset (a story
    stamped 01:30+03:00 was published that day, not the UTC day before).
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _sane(value.date())
    if isinstance(value, date):
        return _sane(value)
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds
        try:
            return _sane(datetime.fromtimestamp(seconds, tz=UTC).date())
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 100:
        return None
    if re.fullmatch(r"\d{9,13}(\.\d+)?", text):
        return parse_date(float(text))
    iso = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        return _sane(datetime.fromisoformat(iso).date())
    except ValueError:
        pass
    try:
        return _sane(parsedate_to_datetime(text).date())  # RFC 2822 (RSS)
    except (TypeError, ValueError, IndexError):
        pass
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    cleaned = re.sub(r"[,]", " ", cleaned)
    cleaned = re.sub(r"\b([A-Za-z]{3,9})\.", r"\1", cleaned)  # "Sept." -> "Sept"
    cleaned = re.sub(r"\bSept\b", "Sep", cleaned, flags=re.I)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .")
    # Drop a trailing time ("14 Sep 2017 10:32 GMT") before trying the date formats.
    cleaned = re.sub(r"\s+(T|at\s+)?\d{1,2}:\d{2}.*$", "", cleaned)
    for fmt in _FORMATS:
        try:
            return _sane(datetime.strptime(cleaned, fmt).date())
        except ValueError:
            continue
    return None


def published_date(value: object, origin: str) -> date | None:
    """:func:`parse_date`, logging a warning naming ``origin`` when a given value is unreadable."""
    result = parse_date(value)
    if result is None and value not in (None, ""):
        log.warning("%s: could not read the published date %r; kept the article without one",
                    origin, value)
    return result


def _sane(d: date) -> date | None:
    return d if _MIN_YEAR <= d.year <= _MAX_YEAR else None
