"""Find English temporal expressions in text and normalise them against a publication date.

A hand-written grammar of regular expressions built from ``lexicon.yaml``.  Each
match becomes a :class:`TimeExpr` holding the calendar span it denotes
(``first``..``last``) and the ACLED ``precision`` of that span.

Conventions (documented choices, see ``strife/time/README.md``):

* A weekday in a past-tense clause is the most recent such day **on or before**
  publication: "on Thursday" in a Thursday report is the publication day (wire
  copy is dated the day it is filed).  "last Thursday" is strictly before.
* A weekday, bare month or year-less date in a future-tense clause resolves
  forward (on or after publication) and is flagged ``future``.
* Year-less dates ("Sept. 14", "in May") take the latest occurrence on or
  before publication (the previous year across a year boundary).
* Numeric dates are day-first ("14/09/2017"), unless the second number cannot
  be a month (> 12), then month-first ("09/14/2017").
* Weeks run Monday..Sunday; "last week" is the previous calendar week.  "the past
  week" is the seven days before publication.
* Parts of a month: early/beginning = days 1-10, mid = 11-20, late/end = 21-last.
* Durations ("for about two weeks") are left ``anchored``: the resolver turns
  them into a span ending at another date of the clause (or publication).
* "now", "currently" denote the days around publication (precision 2).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from strife.time import calendar as cal
from strife.time.lexicon import Lexicon, alternation, load_lexicon


@dataclass
class TimeExpr:
    """One temporal expression: its span in the text and the days it denotes."""

    start: int
    end: int
    text: str
    kind: str  # date, weekday, relative, week, month, year, range, duration, now, ...
    first: date | None = None
    last: date | None = None
    precision: int = 3
    future: bool = False  # resolved forward of publication / speaks of the future
    absolute: bool = False  # carries its own year: needs no publication date
    duration_days: int | None = None  # for kind == "duration": length to anchor

    @property
    def resolved(self) -> bool:
        return self.first is not None

    def anchored_at(self, anchor: date) -> TimeExpr:
        """A duration turned into the span that ends at ``anchor``."""
        days = self.duration_days or 1
        first = anchor - timedelta(days=days)
        precision = 1 if days <= 1 else 2 if days <= 7 else 3
        return replace(self, first=first, last=anchor, precision=precision)


FutureTest = Callable[[int, int], bool]

_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_DASH = r"(?:-|–|—)"


class Grammar:
    """Compiled patterns for one lexicon."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        mon = _names(lex.month_names)
        wd = _names(lex.weekday_names)
        num = rf"(?:\d+|{alternation(lex.numbers)})"
        unit = r"(?:day|week|month|year)s?"
        part = rf"(?:{alternation(lex.day_parts)})"
        cue = alternation(lex.month_cues)
        approx = r"(?:(?:about|around|nearly|almost|some|roughly|approximately|more\s+than|over|" \
                 r"less\s+than|at\s+least|up\s+to|just\s+over|just\s+under)\s+)?"
        d = r"(?P<d>[0-3]?\d)" + _ORD
        self.month_re = re.compile(mon, re.I)
        # (name, priority, pattern); longer matches win, then lower priority number.
        rules = [
            ("iso", rf"\b(?P<y>{_YEAR})-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b"),
            ("numeric", rf"\b(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>{_YEAR}|\d\d)\b"),
            ("dayrange_dm", rf"(?:\b(?P<prep>between|from)\s+)?\b(?:the\s+)?(?P<d1>[0-3]?\d){_ORD}\s*"
                            rf"(?:{_DASH}|\bto\b|\band\b|\buntil\b|\btill\b|\bthrough\b)\s*(?:the\s+)?"
                            rf"(?P<d2>[0-3]?\d){_ORD}\s+(?:of\s+)?(?P<mon>{mon})(?:,?\s+(?P<y>{_YEAR})\b)?"),
            ("dayrange_md", rf"(?:\b(?P<prep>between|from)\s+)?(?P<mon>{mon})\s+(?P<d1>[0-3]?\d){_ORD}\s*"
                            rf"(?:{_DASH}|\bto\b|\band\b|\buntil\b|\bthrough\b)\s*(?P<d2>[0-3]?\d){_ORD}\b"
                            rf"(?:,?\s+(?P<y>{_YEAR})\b)?"),
            ("dm", rf"\b(?:the\s+)?{d}\s+(?:of\s+)?(?P<mon>{mon})(?:,?\s+(?P<y>{_YEAR})\b)?"),
            ("md", rf"(?P<mon>{mon})\s+{d}\b(?!\s*(?::|%|\d))(?:,?\s+(?P<y>{_YEAR})\b)?"),
            ("part_month", rf"\b(?:the\s+)?(?:(?P<part1>end|beginning|start|middle)\s+of\s+(?:the\s+month\s+of\s+)?|"
                           rf"(?P<part2>early|late|mid)\s*-?\s*)(?:(?P<rel>this|last|next|the)\s+month|"
                           rf"(?P<mon>{mon})(?:,?\s+(?P<y>{_YEAR})\b)?)"),
            ("part_year", rf"\b(?:the\s+)?(?:(?P<part1>end|beginning|start|middle)\s+of\s+|"
                          rf"(?P<part2>early|late|mid)\s*-?\s*)(?:(?P<rel>this|last|next)\s+year|(?P<y>{_YEAR})\b)"),
            ("month_year", rf"(?P<mon>{mon}),?\s+(?P<y>{_YEAR})\b"),
            ("month", rf"(?:\b(?P<cue>{cue})\s+)?(?:(?P<mod>last|this|next|this\s+past|this\s+coming)\s+)?"
                      rf"(?P<mon>{mon})"),
            ("year", rf"\b(?P<cue>{cue})\s+(?:the\s+year\s+)?(?P<y>{_YEAR})\b(?!\s*(?:%|percent|people|troops|"
                     rf"fighters|civilians|soldiers|men|women|children|km|kilomet|miles|\d))"),
            ("weekday", rf"\b(?:(?P<mod>last|next|this\s+past|this\s+coming|this|early|late|coming)\s+)?"
                        rf"(?P<wd>{wd})(?:'s)?(?:\s+(?P<part>{part}))?"),
            ("relday", rf"\b(?:(?P<dby>the\s+day\s+before\s+yesterday)|(?P<dat>the\s+day\s+after\s+tomorrow)|"
                       rf"(?P<word>yesterday|today|tonight|tomorrow|overnight|last\s+night|"
                       rf"(?:earlier|later)\s+today|this\s+(?:morning|afternoon|evening))"
                       rf"(?:\s+(?P<part>{part}))?)\b"),
            ("ago", rf"\b{approx}(?P<n>{num})\s+(?P<unit>{unit})\s+ago\b"),
            ("past_n", rf"\b(?:the\s+)?(?P<which>past|last|previous|next|coming)\s+(?P<n>{num})\s+(?P<unit>{unit})\b"),
            ("recent", r"\b(?:in\s+)?recent\s+(?P<unit>days|weeks|months|years)\b"),
            ("relperiod", r"\b(?:(?P<early>earlier|later)\s+(?:in\s+)?)?(?:the\s+)?"
                          r"(?P<mod>last|past|previous|this|next|coming|same)\s+(?P<unit>week|weekend|month|year)\b"),
            ("weekend", r"\b(?:over|during|at|on)\s+the\s+weekend\b"),
            ("duration", rf"\bfor\s+(?:the\s+)?{approx}(?P<n>{num})\s+(?P<unit>{unit})\b"),
            ("now", r"\b(?:now|currently|at\s+present|presently|at\s+the\s+moment|ongoing|under\s+way|underway)\b"),
            ("holiday", rf"\b(?:(?P<mod>last|next|this)\s+)?(?P<h>{alternation(lex.fixed_holidays)})\b"),
            ("anchored", rf"\b(?:(?P<n>{num})\s+(?P<unit>day|week)s?\s+(?P<dir>later|earlier)|"
                         rf"(?:the\s+)?(?P<which>next|following|previous|preceding)\s+(?P<unit2>day|morning|"
                         rf"afternoon|evening|night|week)|the\s+day\s+(?P<dir2>before|after)(?=\s*[,.;:)]|$)|"
                         rf"(?P<same>(?:the\s+)?same\s+day|hours\s+later))\b"),
            ("ordinal_day", r"\bon\s+the\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)\b"),
        ]
        self.rules = [(name, prio, re.compile(pat, re.I)) for prio, (name, pat) in enumerate(rules)]


def _names(spellings: dict[int, list[str]]) -> str:
    """Full names as words; abbreviations (every later spelling) may take a dot."""
    full = [words[0] for words in spellings.values()]
    short = [w for words in spellings.values() for w in words[1:]]
    return rf"(?:(?:{alternation(full)})\b|(?:{alternation(short)})\b\.?)"


#: Rules whose leading cue word only licenses the match and is not part of the expression.
_CORE_GROUPS = {"month": ("mod", "mon"), "year": ("y",)}

_GRAMMARS: dict[int, Grammar] = {}


def grammar(lex: Lexicon | None = None) -> Grammar:
    lex = lex or load_lexicon()
    key = id(lex)
    if key not in _GRAMMARS:
        _GRAMMARS[key] = Grammar(lex)
    return _GRAMMARS[key]


_RANGE_GAP = re.compile(rf"^\s*(?:{_DASH}|to|until|till|through|thru|and)\s*$", re.I)
_RANGE_OPEN = re.compile(r"\b(?:between|from)\s+(?:the\s+)?$", re.I)
_CLAUSE_END = re.compile(r"[.;!?]\s|\n")


def regex_future_test(text: str, lex: Lexicon | None = None) -> FutureTest:
    """A tense guess without a parser: a future cue shortly before the expression
    in the same sentence, or (for a sentence-initial expression) shortly after it."""
    lex = lex or load_lexicon()

    def is_future(start: int, end: int) -> bool:
        bound = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
        before = text[max(bound, start - 70):start]
        if any(p.search(before) for p in lex.future_cues):
            return True
        if not text[bound:start].strip(" ,\"'“(") or len(text[bound:start]) < 4:
            stop = _CLAUSE_END.search(text, end)
            after = text[end:min(stop.start() if stop else len(text), end + 50)]
            return any(p.search(after) for p in lex.future_cues)
        return False

    return is_future


def find_expressions(text: str, published: date | None, is_future: FutureTest | None = None,
                     lex: Lexicon | None = None) -> list[TimeExpr]:
    """All temporal expressions in ``text``, left to right, normalised against ``published``.

    ``is_future(start, end)`` says whether the clause of a span speaks of the
    future (default: :func:`regex_future_test`).  With no publication date only
    expressions that carry their own year are resolved; the others are returned
    with ``first`` = None.
    """
    g = grammar(lex)
    is_future = is_future or regex_future_test(text, g.lex)
    candidates = []
    for name, prio, pattern in g.rules:
        for m in pattern.finditer(text):
            if m.end() > m.start():
                core = next((m.start(grp) for grp in _CORE_GROUPS.get(name, ())
                             if m.group(grp) is not None), m.start())
                candidates.append((core, m, name, prio))
    candidates.sort(key=lambda c: (-(c[1].end() - c[0]), c[3], c[0]))
    taken: list[tuple[int, int]] = []
    found: list[TimeExpr] = []
    for core, m, name, _prio in candidates:
        if any(core < e and s < m.end() for s, e in taken):
            continue
        expr = _normalise(name, m, text, published, is_future, g)
        if expr is None:
            continue
        taken.append((core, m.end()))
        found.append(expr)
    found.sort(key=lambda e: e.start)
    found = _anchor_relatives(found)
    return _extend_since(_merge_ranges(_merge_weekday_dates(found, text), text), text, published)


def _anchor_relatives(found: list[TimeExpr]) -> list[TimeExpr]:
    """"the next day", "two days later": counted from the nearest earlier point date of the
    text (narrative time); unresolved when there is none.  ``duration_days`` holds the offset."""
    out: list[TimeExpr] = []
    anchor: TimeExpr | None = None
    for e in found:
        if e.kind == "anchored":
            if anchor is not None:
                day = anchor.first + timedelta(days=e.duration_days or 0)
                e = replace(e, first=day, last=day, precision=max(e.precision, anchor.precision),
                            future=anchor.future)
        elif e.first is not None and e.precision <= 2 and e.kind not in ("duration", "now", "period"):
            anchor = e
        out.append(e)
    return out


_SINCE = re.compile(r"\bsince\s+(?:the\s+)?$", re.I)


def _extend_since(found: list[TimeExpr], text: str, published: date | None) -> list[TimeExpr]:
    """"since Monday": the span from that day up to publication (precision by its width)."""
    out = []
    for e in found:
        if (published is not None and e.first is not None and e.first <= published
                and e.kind not in ("duration", "now", "period")
                and _SINCE.search(text[max(0, e.start - 12):e.start])):
            e = replace(e, last=published, kind="since",
                        precision=max(e.precision, cal.precision_for_span(e.first, published)))
        out.append(e)
    return out


def _proper(text: str) -> bool:
    """Month and weekday names are capitalised in running English text."""
    return text[:1].isupper()


def _span(m: re.Match, text: str, group: str | None = None) -> tuple[int, int, str]:
    start = m.start(group) if group and m.group(group) is not None else m.start()
    return start, m.end(), text[start:m.end()]


def _month_no(g: Grammar, word: str) -> int:
    return g.lex.months[word.lower().rstrip(".")]


def _year(y: str) -> int:
    year = int(y)
    return year + 2000 if year < 100 else year


def _normalise(name: str, m: re.Match, text: str, pub: date | None, is_future: FutureTest,
               g: Grammar) -> TimeExpr | None:
    start, end, span_text = m.start(), m.end(), m.group(0)
    fut = is_future(start, end)
    gd = m.groupdict()
    lex = g.lex

    def expr(kind, first, last, precision=None, **kw) -> TimeExpr:
        s, e, t = kw.pop("span", (start, end, span_text))
        if first is not None and last is None:
            last = first
        p = precision if precision is not None else (
            cal.precision_for_span(first, last) if first is not None else 3)
        return TimeExpr(s, e, t, kind, first, last, p, **kw)

    if gd.get("mon") is not None and not _proper(m.group("mon")):
        return None
    if gd.get("wd") is not None and not _proper(m.group("wd")):
        return None

    if name == "iso":
        day = cal.safe_date(int(gd["y"]), int(gd["m"]), int(gd["d"]))
        return expr("date", day, day, 1, absolute=True) if day else None

    if name == "numeric":
        a, b = int(gd["a"]), int(gd["b"])
        day_no, month_no = (b, a) if b > 12 >= a else (a, b)
        day = cal.safe_date(_year(gd["y"]), month_no, day_no)
        return expr("date", day, day, 1, absolute=True) if day else None

    if name in ("dayrange_dm", "dayrange_md"):
        month_no = _month_no(g, m.group("mon"))
        d1, d2 = int(gd["d1"]), int(gd["d2"])
        if not (1 <= d1 < d2 <= 31):
            return None
        if gd["y"]:
            year, absolute = int(gd["y"]), True
        elif pub is not None:
            year, absolute = cal.place_in_year(month_no, d1, pub, fut), False
        else:
            return expr("range", None, None, 3, future=fut)
        first, last = cal.safe_date(year, month_no, d1), cal.safe_date(year, month_no, d2)
        if first is None or last is None:
            return None
        return expr("range", first, last, future=fut, absolute=absolute)

    if name in ("dm", "md"):
        month_no, day_no = _month_no(g, m.group("mon")), int(gd["d"])
        if not 1 <= day_no <= 31:
            return None
        if name == "md" and m.group("mon").lower().rstrip(".") == "may" and not gd["y"] \
                and re.match(r"\s*(?:be|have|not)\b", text[m.end("mon"):]):
            return None
        if gd["y"]:
            day = cal.safe_date(int(gd["y"]), month_no, day_no)
            return expr("date", day, day, 1, absolute=True) if day else None
        if pub is None:
            return expr("date", None, None, 1, future=fut)
        year = cal.place_in_year(month_no, day_no, pub, fut)
        day = cal.safe_date(year, month_no, day_no)
        return expr("date", day, day, 1, future=fut and day is not None and day > pub) if day else None

    if name == "part_month":
        part = (gd["part1"] or gd["part2"]).lower()
        lo, hi = lex.month_parts[part]
        if gd["mon"]:
            month_no = _month_no(g, m.group("mon"))
            if gd["y"]:
                year, absolute = int(gd["y"]), True
            elif pub is not None:
                year, absolute = cal.place_in_year(month_no, None, pub, fut), False
            else:
                return expr("part_month", None, None, 3)
        else:
            if pub is None:
                return expr("part_month", None, None, 3)
            rel = gd["rel"].lower()
            base = cal.add_months(pub.replace(day=1), {"last": -1, "next": 1}.get(rel, 0))
            year, month_no, absolute = base.year, base.month, False
        last_day = cal.month_last_day(year, month_no)
        first = date(year, month_no, lo)
        last = date(year, month_no, last_day if hi < 0 else hi)
        return expr("part_month", first, last, absolute=absolute,
                    future=pub is not None and first > pub)

    if name == "part_year":
        part = (gd["part1"] or gd["part2"]).lower()
        if gd["y"]:
            year, absolute = int(gd["y"]), True
        elif pub is not None:
            year, absolute = pub.year + {"last": -1, "next": 1}.get(gd["rel"].lower(), 0), False
        else:
            return expr("part_year", None, None, 3)
        months = {"early": (1, 4), "beginning": (1, 4), "start": (1, 4), "mid": (5, 8),
                  "middle": (5, 8), "late": (9, 12), "end": (9, 12)}[part]
        first = date(year, months[0], 1)
        last = cal.month_span(year, months[1])[1]
        return expr("part_year", first, last, 3, absolute=absolute)

    if name == "month_year":
        month_no = _month_no(g, m.group("mon"))
        first, last = cal.month_span(int(gd["y"]), month_no)
        return expr("month", first, last, 3, absolute=True)

    if name == "month":
        cue, mod = gd.get("cue"), gd.get("mod")
        if not cue and not mod:
            return None
        month_no = _month_no(g, m.group("mon"))
        if month_no == 5 and re.match(r"\s+(?:be|have|not|also|well|never|still|soon|even|now)\b",
                                      text[m.end():]):
            return None
        span = _span(m, text, "mod" if mod else "mon")
        if pub is None:
            return expr("month", None, None, 3, span=span)
        mod = (mod or "").lower().split()[-1] if mod else ""
        if mod == "last" or mod == "past":
            year = cal.place_in_year(month_no, None, cal.add_months(pub.replace(day=1), -1), False)
            forward = False
        elif mod in ("next", "coming"):
            year = cal.place_in_year(month_no, None, cal.add_months(pub.replace(day=1), 1), True)
            forward = True
        else:
            forward = fut
            year = cal.place_in_year(month_no, None, pub, forward)
        first, last = cal.month_span(year, month_no)
        return expr("month", first, last, 3, span=span, future=forward and first > pub)

    if name == "year":
        span = _span(m, text, "y")
        first, last = date(int(gd["y"]), 1, 1), date(int(gd["y"]), 12, 31)
        return expr("year", first, last, 3, span=span, absolute=True,
                    future=pub is not None and first > pub)

    if name == "weekday":
        weekday = lex.weekdays[m.group("wd").lower().rstrip(".")]
        mod = " ".join((gd["mod"] or "").lower().split())
        if pub is None:
            return expr("weekday", None, None, 1)
        if mod in ("next", "this coming", "coming"):
            day, forward = cal.weekday_after(pub, weekday), True
        elif mod in ("last", "this past"):
            day, forward = cal.weekday_before(pub, weekday), False
        elif fut:
            day, forward = cal.weekday_on_or_after(pub, weekday), True
        else:
            day, forward = cal.weekday_on_or_before(pub, weekday), False
        return expr("weekday", day, day, 1, future=forward and day > pub)

    if name == "relday":
        if pub is None:
            return expr("relative", None, None, 1)
        word = " ".join((gd["word"] or "").lower().split())
        if gd["dby"]:
            offset = -2
        elif gd["dat"]:
            offset = 2
        elif word in ("yesterday", "last night", "overnight"):
            offset = -1
        elif word == "tomorrow":
            offset = 1
        else:
            offset = 0
        day = pub + timedelta(days=offset)
        return expr("relative", day, day, 1, future=offset > 0)

    if name == "ago":
        n = lex.number(gd["n"])
        if n is None:
            return None
        if pub is None:
            return expr("relative", None, None, 3)
        unit = gd["unit"].lower().rstrip("s")
        if unit == "day":
            day = pub - timedelta(days=n)
            return expr("relative", day, day, 1)
        if unit == "week":  # "two weeks ago": about that day, give or take a few
            day = pub - timedelta(weeks=n)
            return expr("week", day, day, 2)
        if unit == "month":
            first, last = cal.month_span(*_ym(cal.add_months(pub, -n)))
            return expr("month", first, last, 3)
        return expr("year", date(pub.year - n, 1, 1), date(pub.year - n, 12, 31), 3)

    if name == "past_n":
        n = lex.number(gd["n"])
        if n is None or pub is None:
            return None if n is None else expr("period", None, None, 3)
        days = _unit_days(gd["unit"], n)
        if gd["which"].lower() in ("next", "coming"):
            return expr("period", pub, pub + timedelta(days=days), future=True)
        return expr("period", pub - timedelta(days=days - 1), pub)

    if name == "recent":
        if pub is None:
            return expr("period", None, None, 3)
        days = {"days": 7, "weeks": 30, "months": 180, "years": 1095}[gd["unit"].lower()]
        return expr("period", pub - timedelta(days=days - 1), pub)

    if name == "relperiod":
        return _relperiod(gd, pub, expr)

    if name == "weekend":
        if pub is None:
            return expr("week", None, None, 2)
        if fut:
            sat = cal.weekday_on_or_after(pub, 5)
            return expr("week", sat, sat + timedelta(days=1), 2, future=True)
        sunday = cal.weekday_on_or_before(pub, 6)
        return expr("week", sunday - timedelta(days=1), sunday, 2)

    if name == "duration":
        n = lex.number(gd["n"])
        if n is None:
            return None
        return TimeExpr(start, end, span_text, "duration", duration_days=_unit_days(gd["unit"], n),
                        precision=3)

    if name == "now":
        return expr("now", pub, pub, 2)

    if name == "holiday":
        if not _proper(m.group("h")):
            return None
        key = re.sub(r"\s+", " ", m.group("h").lower().replace("’", "'"))
        month_no, day_no = lex.fixed_holidays[key]
        if pub is None:
            return expr("date", None, None, 1)
        mod = (gd["mod"] or "").lower()
        forward = mod == "next" or (fut and mod != "last")
        anchor = pub - timedelta(days=1) if mod == "last" else pub + timedelta(days=1) if mod == "next" else pub
        day = cal.safe_date(cal.place_in_year(month_no, day_no, anchor, forward), month_no, day_no)
        return expr("date", day, day, 1, future=forward and day is not None and day > pub) if day else None

    if name == "anchored":  # counted from the previous date of the text, see _anchor_relatives
        if gd["same"]:
            offset, unit = 0, "day"
        elif gd["n"]:
            n = lex.number(gd["n"])
            if n is None:
                return None
            unit = gd["unit"].lower()
            offset = n if gd["dir"].lower() == "later" else -n
        elif gd["which"]:
            unit = "week" if gd["unit2"].lower() == "week" else "day"
            offset = 1 if gd["which"].lower() in ("next", "following") else -1
        else:
            unit, offset = "day", 1 if gd["dir2"].lower() == "after" else -1
        days = offset * (7 if unit == "week" else 1)
        return TimeExpr(start, end, span_text, "anchored", duration_days=days,
                        precision=2 if unit == "week" else 1)

    if name == "ordinal_day":
        if pub is None:
            return expr("date", None, None, 1)
        day_no = int(gd["d"])
        base = pub.replace(day=1)
        for _ in range(3):  # this month, or the latest earlier month that has that day
            day = cal.safe_date(base.year, base.month, day_no)
            if day is not None and ((day >= pub) if fut else (day <= pub)):
                return expr("date", day, day, 1, future=fut and day > pub)
            base = cal.add_months(base, 1 if fut else -1)
        return None
    return None


def _ym(day: date) -> tuple[int, int]:
    return day.year, day.month


def _unit_days(unit: str, n: int) -> int:
    unit = unit.lower().rstrip("s")
    return n * {"day": 1, "week": 7, "month": 30, "year": 365}[unit]


def _relperiod(gd: dict, pub: date | None, expr) -> TimeExpr:
    unit = gd["unit"].lower()
    mod = gd["mod"].lower()
    early = (gd["early"] or "").lower()
    kind = {"week": "week", "weekend": "week", "month": "month", "year": "year"}[unit]
    if pub is None:
        return expr(kind, None, None, 2 if kind == "week" else 3)
    step = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(mod, 0)
    if mod == "past" and unit != "weekend":  # "the past week" = the days before publication
        days = {"week": 7, "month": 30, "year": 365}[unit]
        return expr("period", pub - timedelta(days=days - 1), pub)
    if unit == "weekend":
        if step > 0:
            sat = cal.weekday_after(pub, 5)
        elif step < 0:
            sat = cal.weekday_before(pub, 5) if pub.weekday() != 6 else pub - timedelta(days=8)
        else:
            sat = cal.weekday_on_or_before(pub, 5) if pub.weekday() >= 5 else cal.weekday_after(pub, 5)
        return expr("week", sat, sat + timedelta(days=1), 2, future=sat > pub)
    if unit == "week":
        first, last = cal.week_span(pub + timedelta(weeks=step))
    elif unit == "month":
        first, last = cal.month_span(*_ym(cal.add_months(pub.replace(day=1), step)))
    else:
        first, last = date(pub.year + step, 1, 1), date(pub.year + step, 12, 31)
    if step == 0:  # this week/month/year: the part before (or after) publication
        if early == "later":
            first = max(first, pub)
        else:
            last = min(last, pub - timedelta(days=1) if early == "earlier" and pub > first else pub)
    precision = 2 if unit == "week" else 3  # the writer spoke of a week / a month, however clipped
    return expr(kind, first, last, precision, future=step > 0 or first > pub)


def _merge_weekday_dates(found: list[TimeExpr], text: str) -> list[TimeExpr]:
    """"Thursday, September 14" / "Wednesday (13 September)": one date, the explicit one."""
    out: list[TimeExpr] = []
    for e in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == "weekday" and e.kind == "date"
                and re.fullmatch(r"\s*[,(]?\s*", text[prev.end:e.start])):
            out[-1] = replace(e, start=prev.start, text=text[prev.start:e.end])
            continue
        out.append(e)
    return out


def _merge_ranges(found: list[TimeExpr], text: str) -> list[TimeExpr]:
    """"from X to Y", "between X and Y", "X - Y": one range from X's first to Y's last day."""
    out: list[TimeExpr] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        gap = text[a.end:b.start] if b is not None else ""
        opener = _RANGE_OPEN.search(text[max(0, a.start - 20):a.start])
        joins = b is not None and _RANGE_GAP.match(gap) and (
            opener is not None or not re.search(r"\band\b", gap, re.I))
        if joins and a.first and b.first and a.kind not in ("duration", "now") \
                and b.kind not in ("duration", "now"):
            first, last = a.first, b.last or b.first
            if last < first and not a.absolute:  # "from December to February"
                shift = 1
                while last < first and shift < 3:
                    first = a.first.replace(year=a.first.year - shift) if not (
                        a.first.month == 2 and a.first.day == 29) else first
                    shift += 1
            if last >= first:
                start = a.start - len(opener.group(0)) if opener else a.start
                out.append(TimeExpr(start, b.end, text[start:b.end], "range", first, last,
                                    cal.precision_for_span(first, last), future=a.future or b.future,
                                    absolute=a.absolute and b.absolute))
                i += 2
                continue
        out.append(a)
        i += 1
    return out
