"""`strife eval news DIR`: whole real articles against hand-coded gold events.

DIR holds the articles (``NAME.txt`` with an optional ``NAME.meta.json`` sidecar, read by
``strife.sources`` like any input); the gold CSV (default ``DIR/gold.csv``, layout in
``tests/data/realnews/README.md``) has one row per incident with ACLED columns; a row whose
``event_type`` is empty lists an article that reports no event.

System events: each article goes through the full pipeline (nlp -> coding -> geo -> time); its
events are what ingest would store as news: coded events with a sub-event type that are not
``background``.

Matching rule, within one article.  A system event and a gold event may pair when
  (a) their event types are equal and their dates lie within the wider of the two precisions'
      windows (precision 1: 1 day, 2: 7 days, 3: 31 days; a system date range counts by its
      nearest day), or
  (b) their sub-event types are equal and their points lie within 25 km.
Each possible pair scores 3 (same sub-event) + 2 (same event type) + 1 (dates within the
window) + 1 (within 25 km) + 1 (actor1 matches, ``strife.eval.events.actor_match``); pairs are
taken greedily by score (ties: gold order, then system order), each event at most once.
A system event left unpaired that could have paired with a gold event already taken by another
system event is a *same-article duplicate*: the incident counted twice.

Field figures are over matched pairs: sub-event type, actor1 (qualifiers stripped), fatalities
exact (all pairs, and pairs with gold deaths > 0), admin1 (pairs whose gold names one; spellings
compared letter for letter, ``same_admin_name``),
location within 25 km (pairs whose gold has coordinates).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from strife.eval.events import actor_match, prf
from strife.eval.geo import within_km
from strife.model import Article, EventRecord
from strife.sources.dates import parse_date

GOLD_COLUMNS = ("article", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                "actor2", "country", "admin1", "location", "latitude", "longitude", "fatalities",
                "evidence")
#: how far apart two dates may be, by ACLED time precision (1 day, 2 week, 3 month)
PRECISION_DAYS = {1: 1, 2: 7, 3: 31}
LARGEST_TOLLS = 5


@dataclass
class GoldEvent:
    """One hand-coded incident of one article."""

    article: str
    line: int
    event_date: date | None
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    country: str
    admin1: str
    location: str
    latitude: float | None
    longitude: float | None
    fatalities: int
    evidence: str


def read_gold(path: Path) -> tuple[list[str], list[GoldEvent]]:
    """Articles (in file order) and their gold events; a malformed row is a ValueError naming
    file:line."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in GOLD_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}:1: gold CSV lacks column(s) {', '.join(missing)}")
        articles: list[str] = []
        events: list[GoldEvent] = []
        for line, row in enumerate(reader, start=2):
            name = (row["article"] or "").strip()
            if not name:
                raise ValueError(f"{path}:{line}: empty article")
            if name not in articles:
                articles.append(name)
            if not (row["event_type"] or "").strip():
                continue
            events.append(_gold_event(path, line, name, row))
    return articles, events


def _gold_event(path: Path, line: int, name: str, row: dict[str, str]) -> GoldEvent:
    where = f"{path}:{line}"
    event_date = parse_date(row["event_date"])
    if event_date is None:
        raise ValueError(f"{where}: event_date {row['event_date']!r} is not a date")
    try:
        precision = int(row["time_precision"])
        fatalities = int(row["fatalities"] or 0)
        lat = float(row["latitude"]) if (row["latitude"] or "").strip() else None
        lon = float(row["longitude"]) if (row["longitude"] or "").strip() else None
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    if precision not in PRECISION_DAYS:
        raise ValueError(f"{where}: time_precision must be 1, 2 or 3, not {precision}")
    if (lat is None) != (lon is None):
        raise ValueError(f"{where}: latitude and longitude go together")
    text = {c: (row[c] or "").strip() for c in GOLD_COLUMNS}
    return GoldEvent(name, line, event_date, precision, text["event_type"], text["sub_event_type"],
                     text["actor1"], text["actor2"], text["country"], text["admin1"], text["location"],
                     lat, lon, fatalities, text["evidence"])


# ----------------------------------------------------------------------------- matching
def system_events(events: list[EventRecord]) -> list[EventRecord]:
    """What ingest would store as news: coded events with a sub-event type, not background."""
    return [e for e in events if e.sub_event_type and not e.background]


def dates_agree(ev: EventRecord, gold: GoldEvent) -> bool:
    """The system date (or range) lies within the wider precision window of the gold date."""
    if ev.event_date is None or gold.event_date is None:
        return False
    window = max(PRECISION_DAYS.get(ev.time_precision, 31), PRECISION_DAYS[gold.time_precision])
    start, end = ev.event_date, ev.date_end or ev.event_date
    if start <= gold.event_date <= end:
        return True
    return min(abs((gold.event_date - start).days), abs((gold.event_date - end).days)) <= window


def places_agree(ev: EventRecord, gold: GoldEvent) -> bool:
    """The two points lie within 25 km (the one ACLED-layout location check)."""
    return within_km(ev.latitude, ev.longitude, gold.latitude, gold.longitude)


def pair_score(ev: EventRecord, gold: GoldEvent) -> int | None:
    """Score of a possible pair (module docstring), None when the two may not pair."""
    same_type = bool(ev.event_type) and ev.event_type == gold.event_type
    same_sub = ev.sub_event_type == gold.sub_event_type
    on_date, in_place = dates_agree(ev, gold), places_agree(ev, gold)
    if not ((same_type and on_date) or (same_sub and in_place)):
        return None
    return 3 * same_sub + 2 * same_type + on_date + in_place + actor_match(ev.actor1, gold.actor1)


def match_article(system: list[EventRecord], gold: list[GoldEvent]
                  ) -> tuple[list[tuple[int, int]], list[int]]:
    """One-to-one pairs (gold index, system index), greedy by score; and the indexes of system
    events that are same-article duplicates."""
    scored = [(-s, gi, si) for gi, g in enumerate(gold) for si, e in enumerate(system)
              if (s := pair_score(e, g)) is not None]
    pairs, used_gold, used_sys = [], set(), set()
    for _, gi, si in sorted(scored):
        if gi not in used_gold and si not in used_sys:
            pairs.append((gi, si))
            used_gold.add(gi)
            used_sys.add(si)
    duplicates = sorted({si for _, gi, si in scored if si not in used_sys and gi in used_gold})
    return sorted(pairs), duplicates


# ----------------------------------------------------------------------------- scoring
def _share(hits: int, n: int) -> float | None:
    return round(hits / n, 4) if n else None


def same_admin_name(a: str | None, b: str | None) -> bool:
    """Admin names agree letter for letter, ignoring case, spaces, hyphens, apostrophes and a
    "governorate"/"province" word ("Deir-ez-Zor" = "Deir ez Zor Governorate"): spellings of
    one name differ between gazetteers and ACLED, the division does not."""
    def key(name: str) -> str:
        return re.sub(r"[^a-z0-9]", "", re.sub(r"\b(governorate|province)\b", "", name.lower()))

    return bool(a and b) and key(a) == key(b)


def _evidence_text(ev: EventRecord) -> str:
    for field in ("fatalities", "trigger"):
        for item in ev.evidence:
            if item.field == field and item.text:
                return item.text
    return ev.trigger


def score(articles: list[str], gold: list[GoldEvent],
          system_by_article: dict[str, list[EventRecord]]) -> dict[str, Any]:
    """Corpus figures from gold events and each article's system events (already filtered)."""
    tp = n_sys = n_gold = n_dup = 0
    tallies = {k: [0, 0] for k in ("sub_event_type", "event_type", "actor1", "fatalities_exact",
                                   "fatalities_exact_deaths", "admin1", "location_25km")}
    per_article, tolls = [], []

    def tally(key: str, ok: bool) -> None:
        tallies[key][0] += ok
        tallies[key][1] += 1

    for name in articles:
        golds = [g for g in gold if g.article == name]
        system = system_by_article.get(name, [])
        pairs, dups = match_article(system, golds)
        tp, n_sys, n_gold, n_dup = tp + len(pairs), n_sys + len(system), n_gold + len(golds), n_dup + len(dups)
        for gi, si in pairs:
            g, e = golds[gi], system[si]
            tally("sub_event_type", e.sub_event_type == g.sub_event_type)
            tally("event_type", e.event_type == g.event_type)
            if g.actor1:
                tally("actor1", actor_match(e.actor1, g.actor1))
            tally("fatalities_exact", e.fatalities == g.fatalities)
            if g.fatalities > 0:
                tally("fatalities_exact_deaths", e.fatalities == g.fatalities)
            if g.admin1:
                tally("admin1", same_admin_name(e.admin1, g.admin1))
            if g.latitude is not None:
                tally("location_25km", places_agree(e, g))
        paired = {si: gi for gi, si in pairs}
        per_article.append({
            "article": name, "gold": len(golds), "system": len(system), "matched": len(pairs),
            "duplicates": len(dups),
            "unmatched_gold": [f"line {g.line}: {g.sub_event_type} {g.event_date}" for gi, g in enumerate(golds)
                               if gi not in {p[0] for p in pairs}],
            "system_events": [{"sub_event_type": e.sub_event_type, "event_date": str(e.event_date),
                               "actor1": e.actor1, "location": e.location, "fatalities": e.fatalities,
                               "gold_line": golds[paired[si]].line if si in paired else None,
                               "duplicate": si in dups, "trigger": e.trigger}
                              for si, e in enumerate(system)],
        })
        tolls += [(e.fatalities, name, e) for e in system if e.fatalities]
    tolls.sort(key=lambda t: -t[0])
    n_articles = len(articles) or 1
    return {
        "articles": len(articles), "gold_events": n_gold, "system_events": n_sys,
        "events": prf(tp, n_sys - tp, n_gold - tp),
        "events_per_article": {"system": round(n_sys / n_articles, 2), "gold": round(n_gold / n_articles, 2)},
        "same_article_duplicates": n_dup, "duplicate_share": _share(n_dup, n_sys),
        "fields": {k: {"accuracy": _share(hit, n), "n": n} for k, (hit, n) in tallies.items()},
        "largest_tolls": [{"article": name, "fatalities": f, "sub_event_type": e.sub_event_type,
                           "evidence": _evidence_text(e)} for f, name, e in tolls[:LARGEST_TOLLS]],
        "per_article": per_article,
    }


# ----------------------------------------------------------------------------- running
def read_articles(directory: Path, names: list[str]) -> dict[str, Article]:
    """Each named article read from ``directory`` by its ordinary reader (sidecar applied)."""
    from strife.model import SourceError
    from strife.sources.walk import read_file

    out = {}
    for name in names:
        path = directory / name
        if not path.is_file():
            raise ValueError(f"{path}: article named in the gold is missing")
        items = list(read_file(path))
        errors = [i for i in items if isinstance(i, SourceError)]
        articles = [i for i in items if isinstance(i, Article)]
        if errors or len(articles) != 1:
            reason = errors[0].reason if errors else f"{len(articles)} articles, expected 1"
            raise ValueError(f"{path}: {reason}")
        out[name] = articles[0]
    return out


def evaluate_news(directory: Path, gold_path: Path | None = None, pipeline=None) -> dict[str, Any]:
    """Run the full pipeline on every gold article of ``directory`` and score it."""
    directory = Path(directory)
    gold_path = Path(gold_path) if gold_path else directory / "gold.csv"
    names, gold = read_gold(gold_path)
    articles = read_articles(directory, names)
    if pipeline is None:
        from strife.pipeline import Pipeline

        pipeline = Pipeline()
    coded = list(pipeline.process_many([articles[n] for n in names]))
    system = {name: system_events(c.events) for name, c in zip(names, coded)}
    return {"directory": str(directory), "gold": str(gold_path), **score(names, gold, system)}


def _print(figures: dict[str, Any], echo: Callable[[str], None] = print) -> None:
    ev = figures["events"]
    echo(f"== {figures['directory']} ({figures['articles']} articles, gold {figures['gold']})")
    echo(f"  events            P {ev['precision']:.3f}  R {ev['recall']:.3f}  F1 {ev['f1']:.3f}  "
         f"(tp {ev['tp']}, fp {ev['fp']}, fn {ev['fn']})")
    per = figures["events_per_article"]
    echo(f"  events/article    system {per['system']:.2f}  gold {per['gold']:.2f}")
    share = figures["duplicate_share"]
    echo(f"  same-article duplicates {figures['same_article_duplicates']}"
         + (f" ({share:.1%} of system events)" if share is not None else ""))
    for key, r in figures["fields"].items():
        acc = "  -  " if r["accuracy"] is None else f"{r['accuracy']:.3f}"
        echo(f"  {key:24s} {acc}  (n {r['n']})")
    for a in figures["per_article"]:
        echo(f"  {a['article']}: gold {a['gold']}, system {a['system']}, matched {a['matched']}, "
             f"duplicates {a['duplicates']}")
        for missed in a["unmatched_gold"]:
            echo(f"      missed gold {missed}")
        for e in a["system_events"]:
            if e["gold_line"] is None:
                kind = "duplicate" if e["duplicate"] else "extra"
                echo(f"      {kind} system {e['sub_event_type']} {e['event_date']} ({e['trigger']!r})")
    if figures["largest_tolls"]:
        echo("  largest system tolls:")
        for t in figures["largest_tolls"]:
            echo(f"    {t['fatalities']:6d}  {t['sub_event_type']}  {t['article']}: {t['evidence'][:90]!r}")


def run_eval_news(paths: list[Path], as_json: bool, gold: Path | None = None) -> dict[str, Any]:
    """CLI entry: one corpus directory; prints a summary unless ``as_json``."""
    if len(paths) != 1 or not Path(paths[0]).is_dir():
        raise ValueError("strife eval news takes one corpus directory")
    figures = evaluate_news(Path(paths[0]), gold)
    if not as_json:
        _print(figures)
    return figures
