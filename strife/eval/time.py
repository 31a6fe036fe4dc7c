"""``strife eval time``: score event-date resolution on TSV gold.

Gold layout (tab-separated, header row): ``text, published, gold_date,
gold_precision`` — one event-bearing sentence or short report per row.

Scores: exact-date accuracy, accuracy within one day, ACLED time-precision
accuracy, and n.  Besides Strife's own resolver (``strife``, surface cues only,
and ``strife-parse``, with the spaCy dependency parse) the same rows can be run
through the building blocks Strife was compared with: ``dateparser`` (its
``search_dates``), ``spacy-dateparser`` (spaCy DATE entities read by dateparser)
and ``publication`` (every event on the publication day, as GDELT does).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

Resolver = Callable[[str, date], tuple[date | None, int]]

SYSTEMS = ("strife", "strife-parse", "dateparser", "spacy-dateparser", "publication")


def read_gold(path: Path) -> list[dict]:
    """Rows of one gold TSV with ``published``/``gold_date`` as dates, precision as int."""
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not (rec.get("text") or "").strip():
                continue
            rows.append({
                "text": rec["text"],
                "published": date.fromisoformat(rec["published"].strip()),
                "gold_date": date.fromisoformat(rec["gold_date"].strip()),
                "gold_precision": int(rec["gold_precision"]),
            })
    return rows


def _period_precision(period: str | None) -> int:
    return {"day": 1, "time": 1, "week": 2}.get(period or "", 3)


def _dateparser_resolver() -> Resolver:
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    def resolve(text: str, published: date) -> tuple[date | None, int]:
        settings = {"RELATIVE_BASE": datetime.combine(published, datetime.min.time()),
                    "PREFER_DATES_FROM": "past"}
        found = search_dates(text, languages=["en"], settings=settings) or []
        if not found:
            return published, 2
        phrase, when = found[0]
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(phrase)
        return when.date(), _period_precision(data.period)

    return resolve


def _spacy_dateparser_resolver(nlp) -> Resolver:
    from dateparser.date import DateDataParser

    def resolve(text: str, published: date) -> tuple[date | None, int]:
        settings = {"RELATIVE_BASE": datetime.combine(published, datetime.min.time()),
                    "PREFER_DATES_FROM": "past"}
        parser = DateDataParser(languages=["en"], settings=settings)
        for ent in nlp(text).ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            data = parser.get_date_data(ent.text)
            if data.date_obj is not None:
                return data.date_obj.date(), _period_precision(data.period)
        return published, 2

    return resolve


def make_resolver(system: str, nlp=None) -> Resolver:
    """The resolver called ``system`` (one of :data:`SYSTEMS`)."""
    from strife.time import resolve_text

    if system == "strife":
        return lambda text, pub: resolve_text(text, pub)[:2]
    if system in ("strife-parse", "spacy-dateparser") and nlp is None:
        from strife.nlp import load_nlp

        nlp = load_nlp()
    if system == "strife-parse":
        return lambda text, pub: resolve_text(text, pub, nlp=nlp)[:2]
    if system == "dateparser":
        return _dateparser_resolver()
    if system == "spacy-dateparser":
        return _spacy_dateparser_resolver(nlp)
    if system == "publication":
        return lambda text, pub: (pub, 1)
    raise ValueError(f"unknown system {system!r}; choose from {', '.join(SYSTEMS)}")


def score(rows: list[dict], resolver: Resolver) -> dict:
    """Exact, ±1 day and precision accuracy of ``resolver`` on gold ``rows``, with the misses."""
    exact = near = prec = 0
    misses = []
    for row in rows:
        got, precision = resolver(row["text"], row["published"])
        ok = got == row["gold_date"]
        exact += ok
        near += got is not None and abs((got - row["gold_date"]).days) <= 1
        prec += precision == row["gold_precision"]
        if not ok or precision != row["gold_precision"]:
            misses.append({"text": row["text"], "published": row["published"].isoformat(),
                           "gold": f"{row['gold_date'].isoformat()} p{row['gold_precision']}",
                           "got": f"{got.isoformat() if got else None} p{precision}"})
    n = len(rows)

    def ratio(k: int) -> float:
        return round(k / n, 4) if n else 0.0

    return {"n": n, "exact": ratio(exact), "within_1_day": ratio(near),
            "precision": ratio(prec), "misses": misses}


def run_eval_time(paths: list[Path], as_json: bool = False, system: str = "strife",
                  nlp=None) -> dict:
    """Score ``system`` on the gold TSV files; prints the figures and misses unless ``as_json``
    (then the caller, ``strife eval time --json``, prints the returned dict)."""
    rows = [row for p in paths for row in read_gold(Path(p))]
    result = {"task": "time", "system": system, "files": [str(p) for p in paths],
              **score(rows, make_resolver(system, nlp))}
    if not as_json:
        print(f"time [{system}] n={result['n']}  exact={result['exact']:.3f}  "
              f"within±1d={result['within_1_day']:.3f}  precision={result['precision']:.3f}")
        for miss in result["misses"]:
            print(f"  miss: {miss['got']:>16} gold {miss['gold']:>16}  ({miss['published']}) {miss['text']}")
    return result


if __name__ == "__main__":  # python -m strife.eval.time SYSTEM FILE...  (compare building blocks)
    print(json.dumps(run_eval_time([Path(p) for p in sys.argv[2:]], as_json=True, system=sys.argv[1]),
                     indent=2))
