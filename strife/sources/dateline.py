"""Datelines: where (and by whom, sometimes when) a story was filed.

Two forms are recognised at the very start of an article:

* a first line of its own, ``Place - Outlet`` (optionally ``- date`` or ``, date``),
  as in ``Beirut - Arab Today``;
* an inline wire dateline opening the first paragraph, ``BEIRUT (Reuters) -`` or
  ``KABUL, May 31 (Levant Wire) -``; also a bare upper-case ``KABUL -``.

Names must look like names (capitalised words, Arabic-style particles allowed), so an
ordinary first sentence containing a dash is not taken for a dateline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from strife.sources.dates import parse_date

#: Lower-case particles allowed inside place and outlet names ("Deir ez-Zor", "Ras al-Ain").
PARTICLES = frozenset("al el ez es ed ad as an ar at ash bin ibn bani de du da la le of the "
                      "and for on upon".split())

_SEP = re.compile(r"\s+[-–—|]\s+")
_WORD = re.compile(r"^[^\W\d_][\w'’.&-]*$")
_INLINE = re.compile(
    r"^(?P<place>[^\W\d_][^\n(),:]{1,40}?)"
    r"(?:,\s*(?P<date>[^\n()]{3,30}?))?"
    r"\s*\((?P<outlet>[^\n()]{2,40})\)\s*[-–—:]\s*")
_DATEISH = re.compile(r"^(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s+\d{4})?$")
_CAPS = re.compile(r"^(?P<place>[A-Z][A-Z'’ -]{3,30}?[A-Z])(?:,\s*(?P<date>[^\n]{3,30}?))?\s+[-–—]\s+(?=\S)")


@dataclass
class Dateline:
    place: str
    outlet: str | None
    published: date | None
    body_start: int


def find_dateline(text: str) -> Dateline | None:
    """The dateline opening ``text``, if any, and where the story proper starts."""
    return _own_line(text) or _inline(text)


def _own_line(text: str) -> Dateline | None:
    end = text.find("\n")
    if end <= 0 or end > 120:
        return None
    line = text[:end].strip()
    if line.endswith((".", "?", "!", ":")):
        return None
    parts = _SEP.split(line)
    when = None
    if len(parts) == 3:
        when = parse_date(parts[2])
        if when is None:
            return None
    elif len(parts) == 2 and "," in parts[1]:
        head, tail = parts[1].rsplit(",", 1)
        when = parse_date(tail)
        if when is not None:
            parts[1] = head
    elif len(parts) != 2:
        return None
    place, outlet = parts[0].strip(), parts[1].strip()
    if not (_is_name(place, 5, commas=True) and _is_name(outlet, 6)):
        return None
    start = end + 1
    while start < len(text) and text[start] in " \t\n":
        start += 1
    return Dateline(_tidy(place), outlet, when, start)


def _inline(text: str) -> Dateline | None:
    m = _INLINE.match(text)
    if m and _is_name(m["place"].strip(), 5, commas=True) and _is_name(m["outlet"].strip(), 6):
        when = parse_date(m["date"]) if m["date"] else None
        dated = when is not None or bool(m["date"] and _DATEISH.match(m["date"].strip()))
        if m["date"] and not dated and not _is_name(m["date"].strip(), 3):
            return None  # "X, something (Y) -" that is neither a date nor a place qualifier
        place = m["place"].strip() if dated or not m["date"] else f"{m['place'].strip()}, {m['date'].strip()}"
        return Dateline(_tidy(place), m["outlet"].strip(), when, m.end())
    m = _CAPS.match(text)
    if m:
        when = parse_date(m["date"]) if m["date"] else None
        if m["date"] and when is None and not _DATEISH.match(m["date"].strip()):
            return None
        return Dateline(_tidy(m["place"]), None, when, m.end())
    return None


def _is_name(phrase: str, max_words: int, commas: bool = False) -> bool:
    if commas:
        phrase = phrase.replace(",", " ")
    words = phrase.split()
    if not words or len(words) > max_words or not _capital(words[0][0]):
        return False
    for word in words:
        if not _WORD.match(word):
            return False
        if _capital(word[0]) or word.lower() in PARTICLES:
            continue
        if word.split("-", 1)[0].lower() in PARTICLES:  # "al-Ain", "ez-Zor"
            continue
        return False
    return True


def _capital(char: str) -> bool:
    """Upper case, or a letter of a script without case (Arabic, Hebrew...)."""
    return char.isupper() or (char.isalpha() and not char.islower())


def _tidy(place: str) -> str:
    """``BEIRUT`` -> ``Beirut``, ``GAO, Mali`` -> ``Gao, Mali``; mixed-case words kept as written."""
    words = []
    for i, word in enumerate(place.split()):
        if word.isupper() and len(word.strip(",")) > 2:
            parts = word.title().split("-")
            word = "-".join(p.lower() if (i or j) and p.lower() in PARTICLES else p
                            for j, p in enumerate(parts))
        words.append(word)
    return " ".join(words)
