"""Linking scale benchmark: time per 10k events at 10k, 100k and 1M synthetic events.

Usage: python bench/linking.py [--sizes 10000 100000 1000000] [--repeats 3]

Synthetic events in 20 countries and 6 event types at a constant density of
300 reports a day (about what a global news feed yields; so 1M events span nine
years, as a real backfill would), about one in three being a second report of an
earlier event so that clusters form.
Prints the median microseconds per event for each size and the growth exponent
between sizes (1.0 = linear; 2.0 would be quadratic).
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import statistics
import time
from datetime import date, timedelta

from strife.linking import Linker
from strife.model import EventRecord

REPORTS_PER_DAY = 300
TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
         "Strategic developments"]


def synthetic(n: int, seed: int = 7) -> list[list[EventRecord]]:
    """n reports grouped into single-report articles, in publication order."""
    rng = random.Random(seed)
    start = date(2015, 1, 1)
    base: list[EventRecord] = []
    articles = []
    for i in range(n):
        if base and rng.random() < 0.33:
            src = rng.choice(base[-2000:])
            day, lat, lon, country, etype = (src.event_date + timedelta(days=rng.randint(0, 1)),
                                             src.latitude + rng.uniform(-0.05, 0.05),
                                             src.longitude + rng.uniform(-0.05, 0.05), src.country,
                                             src.event_type)
        else:
            c = rng.randrange(20)
            day = start + timedelta(days=i // REPORTS_PER_DAY)
            lat, lon = 10 + c * 2 + rng.uniform(0, 2), 20 + c + rng.uniform(0, 2)
            country, etype = f"Country{c}", rng.choice(TYPES)
        ev = EventRecord(article_id=f"a{i}", sentence_index=0, trigger_start=0, trigger_end=1,
                         trigger="x", event_id_cnty=f"r{i:08d}", event_date=day,
                         time_precision=rng.choice([1, 1, 1, 2, 3]), latitude=lat, longitude=lon,
                         geo_precision=rng.choice([1, 1, 2, 3]), country=country, event_type=etype,
                         actor1=rng.choice([None, "A", "B"]))
        base.append(ev)
        articles.append([ev])
    return articles


def run(n: int) -> tuple[float, int]:
    articles = synthetic(n)
    linker = Linker()
    t = time.perf_counter()
    for reports in articles:
        linker.add_article(reports)
    return time.perf_counter() - t, len(linker.clusters)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    per_event = {}
    print(f"{'events':>10} {'median s':>10} {'us/event':>10} {'clusters':>10}  runs")
    for n in args.sizes:
        runs = [run(n) for _ in range(args.repeats)]
        secs = statistics.median(r[0] for r in runs)
        per_event[n] = secs / n * 1e6
        print(f"{n:>10} {secs:>10.2f} {per_event[n]:>10.1f} {runs[0][1]:>10}  "
              + " ".join(f"{r[0]:.2f}" for r in runs))
    sizes = sorted(per_event)
    for a, b in itertools.pairwise(sizes):
        total_a, total_b = per_event[a] * a, per_event[b] * b
        print(f"growth exponent {a}->{b}: {math.log(total_b / total_a) / math.log(b / a):.2f}")


if __name__ == "__main__":
    main()
