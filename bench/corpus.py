"""A synthetic news corpus for benchmarks: varied bundled examples plus everyday, non-conflict news.

Most news is not about armed conflict, so by default 70% of the articles are economy,
sports, weather or technology stories built from the templates below, and 30% are the
bundled ``examples/`` with their places, actors, numbers, weekdays and months swapped
(spans found once with the spaCy NER, so the swaps land on real names).  The corpus is
generated at run time (never committed): ``python bench/corpus.py -n 1000 -o corpus.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

PLACES = ["Aleppo", "Idlib", "Homs", "Hama", "Daraa", "Raqqa", "Deir ez-Zor", "Mosul", "Tikrit",
          "Ramadi", "Fallujah", "Kirkuk", "Baghdad", "Basra", "Sanaa", "Taiz", "Aden", "Hodeidah",
          "Kandahar", "Helmand", "Kunduz", "Jalalabad", "Mogadishu", "Kismayo", "Maiduguri",
          "Timbuktu", "Mopti", "Tripoli", "Benghazi", "Sirte", "Qamishli", "Manbij", "Afrin"]
ACTORS = ["Islamic State", "al-Shabaab", "the Taliban", "Boko Haram", "Hayat Tahrir al-Sham",
          "the Syrian Democratic Forces", "Houthi rebels", "the Iraqi army", "the Afghan National Army",
          "Kurdish fighters", "pro-government militias", "the Free Syrian Army", "AQIM", "Ahrar al-Sham"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

CITIES = ["London", "Frankfurt", "Tokyo", "Sao Paulo", "Toronto", "Mumbai", "Sydney", "Chicago",
          "Madrid", "Seoul", "Nairobi", "Jakarta", "Oslo", "Denver", "Lyon", "Manchester"]
COMPANIES = ["Northwind Systems", "Helios Energy", "Bluegate Bank", "Orchid Telecom", "Vantage Motors",
             "Crestline Foods", "Atlas Logistics", "Quill Software", "Meridian Airlines", "Sable Mining"]
TEAMS = ["City", "United", "Rovers", "Athletic", "Wanderers", "Albion", "Harriers", "Rangers",
         "Olympic", "Dynamo", "Sporting", "Real"]
PEOPLE = ["Maria Lopez", "James Okafor", "Chen Wei", "Anna Kowalski", "David Mensah", "Sara Lindqvist",
          "Raj Patel", "Elena Petrova", "Tom Becker", "Yuki Tanaka", "Omar Haddad", "Laura Rossi"]
PRODUCTS = ["smartphone", "laptop", "cloud service", "chip", "electric car", "smartwatch", "router",
            "streaming app", "payment app", "headset"]
OUTLETS = ["Daily Courier", "Morning Ledger", "Metro Times", "Evening Post", "Wire Service", "City Herald"]

TOPICS: dict[str, dict[str, list[str]]] = {
    "economy": {
        "title": ["{company} shares rise after {quarter} results", "Inflation in {city} eases to {pct}%",
                  "Central bank leaves rates unchanged at {pct}%", "{company} to cut {n} jobs"],
        "lines": [
            "{company} reported revenue of ${n} million for the {quarter}, ahead of analysts' forecasts.",
            "Shares in the company rose {pct}% in early trading in {city} on {weekday}.",
            "Consumer prices rose {pct}% in {month} from a year earlier, the statistics office said.",
            "The central bank kept its benchmark rate at {pct}%, citing slowing growth and weak demand.",
            "\"We expect conditions to remain challenging for the rest of the year,\" said chief executive {person}.",
            "Economists polled by the newspaper had expected a smaller increase.",
            "The currency weakened against the dollar after the announcement.",
            "Retail sales dropped {pct}% in {month}, the third monthly decline in a row.",
            "The company said it would open {n} new stores and invest in its online business.",
            "Unions said they would meet management next week to discuss the plan.",
            "Exports grew strongly, helped by demand from Asia, while imports were flat.",
            "Bond yields edged higher as investors weighed the outlook for interest rates.",
            "The firm raised its full-year profit guidance and announced a share buyback.",
            "Housing starts in {city} rose to their highest level since {year}.",
        ],
    },
    "sports": {
        "title": ["{team1} beat {team2} {s1}-{s2}", "{person} wins {city} marathon",
                  "{team1} sign midfielder {person}", "Late goal sends {team2} through"],
        "lines": [
            "{team1} beat {team2} {s1}-{s2} on {weekday} night in front of {n} fans.",
            "{person} scored twice in the second half to settle the match.",
            "The visitors dominated possession but struggled to create clear chances.",
            "The coach praised his players' attacking play and said the team was growing in confidence.",
            "{person} won the {city} marathon in two hours and {s1} minutes, a course record.",
            "The striker's shot hit the post in the {minute}th minute before the winner arrived.",
            "The club confirmed the signing of {person} on a {s1}-year contract.",
            "The defeat leaves {team2} {s2} points behind the leaders with {s1} games to play.",
            "A crowd of {n} watched the final at the national stadium.",
            "The referee awarded a penalty after a foul in the box, which was converted.",
            "The captain said the squad would recover and focus on the next fixture.",
            "Tickets for the semi-final went on sale on {weekday}.",
            "The team's fitness coach said two players were carrying minor injuries.",
            "She finished the season with {s1} titles and a new personal best.",
        ],
    },
    "weather": {
        "title": ["Heatwave to continue in {city}", "Heavy rain expected across the region",
                  "Snow disrupts travel in {city}", "Mild {month} breaks temperature records"],
        "lines": [
            "Temperatures in {city} are expected to reach {temp} degrees Celsius on {weekday}.",
            "Forecasters said heavy rain would spread from the west overnight.",
            "The national weather service issued a yellow warning for wind in coastal areas.",
            "Snow closed several mountain roads and delayed flights at the main airport.",
            "Farmers said the dry spell had hurt crops and raised the cost of animal feed.",
            "{month} was the warmest on record, with an average of {temp} degrees.",
            "Residents were advised to drink plenty of water and avoid the midday sun.",
            "Rainfall this week was {pct}% above the seasonal average.",
            "Conditions are expected to improve by the weekend, with sunshine and light winds.",
            "Commuters faced delays as trains ran at reduced speed because of the heat.",
            "Meteorologist {person} said a high-pressure system would keep skies clear.",
            "Fog reduced visibility on motorways in the early morning.",
        ],
    },
    "tech": {
        "title": ["{company} unveils new {product}", "{company} shares jump on cloud growth",
                  "Regulators review {company} deal", "{company} recalls {product} over battery fault"],
        "lines": [
            "{company} unveiled a new {product} on {weekday}, priced from ${n}.",
            "The device has a larger screen, a faster processor and a longer-lasting battery.",
            "Analysts said the launch could help the company regain market share.",
            "{person}, who leads the product team, said the software would be updated every month.",
            "The company said its cloud business grew {pct}% in the {quarter}.",
            "Regulators in {city} are reviewing the ${n} million acquisition of a smaller rival.",
            "The firm recalled {n} units after reports that the charger could overheat.",
            "A software update released on {weekday} fixes several security flaws.",
            "Developers will be able to test the new tools from {month}.",
            "The start-up raised ${n} million from investors to expand into Europe.",
            "Sales of the {product} were strongest in Asia, the company said.",
            "Critics said the privacy settings were hard to find and should be on by default.",
        ],
    },
}


def _fill(template: str, rng: random.Random) -> str:
    values = {
        "company": rng.choice(COMPANIES), "city": rng.choice(CITIES), "person": rng.choice(PEOPLE),
        "team1": f"{rng.choice(CITIES)} {rng.choice(TEAMS)}", "team2": f"{rng.choice(CITIES)} {rng.choice(TEAMS)}",
        "product": rng.choice(PRODUCTS), "weekday": rng.choice(WEEKDAYS), "month": rng.choice(MONTHS),
        "quarter": rng.choice(["first quarter", "second quarter", "third quarter", "fourth quarter"]),
        "pct": f"{rng.uniform(0.1, 9.9):.1f}", "n": f"{rng.randint(2, 900):,}", "year": rng.randint(1990, 2016),
        "s1": rng.randint(0, 5), "s2": rng.randint(0, 5), "minute": rng.randint(10, 89),
        "temp": rng.randint(-8, 41),
    }
    return template.format(**values)


def everyday_article(rng: random.Random, published: date) -> dict:
    """One economy / sports / weather / tech story of 6-14 paragraphs."""
    topic = rng.choice(sorted(TOPICS))
    spec = TOPICS[topic]
    lines = rng.sample(spec["lines"], k=min(len(spec["lines"]), rng.randint(6, 14)))
    city = rng.choice(CITIES)
    text = f"{city.upper()} ({rng.choice(OUTLETS)}) - " + "\n".join(_fill(line, rng) for line in lines)
    return {"title": _fill(rng.choice(spec["title"]), rng), "text": text, "published": published.isoformat(),
            "source": rng.choice(OUTLETS), "lang": "en", "topic": topic}


def _example_spans(nlp, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """(start, end, kind) of swappable spans in each example text."""
    out = []
    for doc in nlp.pipe(texts):
        spans = [(e.start_char, e.end_char, "place" if e.label_ in ("GPE", "LOC", "FAC") else "actor")
                 for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC", "ORG", "NORP")]
        for m in re.finditer(r"\b(?:" + "|".join(WEEKDAYS) + r")\b", doc.text):
            spans.append((m.start(), m.end(), "weekday"))
        for m in re.finditer(r"\b(?:" + "|".join(MONTHS) + r")\b", doc.text):
            spans.append((m.start(), m.end(), "month"))
        for m in re.finditer(r"\b\d{1,4}\b", doc.text):
            spans.append((m.start(), m.end(), "number"))
        spans.sort()
        kept, last = [], -1
        for s in spans:  # no overlaps
            if s[0] >= last:
                kept.append(s)
                last = s[1]
        out.append(kept)
    return out


def vary(text: str, spans: list[tuple[int, int, str]], rng: random.Random, body_start: int = 0) -> str:
    """The example with its places, actors, numbers, weekdays and months swapped."""
    parts, pos = [], 0
    for start, end, kind in spans:
        if start < body_start:
            continue
        old = text[start:end]
        if kind == "place":
            new = rng.choice(PLACES)
        elif kind == "actor":
            new = rng.choice(ACTORS) if rng.random() < 0.6 else old
        elif kind == "weekday":
            new = rng.choice(WEEKDAYS)
        elif kind == "month":
            new = rng.choice(MONTHS)
        else:
            value = int(old)
            new = old if 1900 <= value <= 2100 else str(max(1, int(value * rng.uniform(0.3, 2.5))))
        parts += [text[pos:start], new]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def generate(n: int, seed: int = 7, conflict_share: float = 0.3, nlp=None) -> list[dict]:
    """``n`` article records (``id, url, title, text, published, source, lang``, plus ``topic``)."""
    from strife.model import Article
    from strife.sources import read_paths

    rng = random.Random(seed)
    examples = [a for a in read_paths([EXAMPLES]) if isinstance(a, Article)]
    if nlp is None:
        from strife.nlp import load_nlp

        nlp = load_nlp()
    spans = _example_spans(nlp, [a.text for a in examples])
    records = []
    for i in range(n):
        published = date(2015, 1, 1) + timedelta(days=rng.randrange(6 * 365))
        if rng.random() < conflict_share:
            k = rng.randrange(len(examples))
            ex = examples[k]
            text = vary(ex.text, spans[k], rng, ex.body_start)
            if rng.random() < 0.5:  # wire round-ups carry a second story
                j = rng.randrange(len(examples))
                other = examples[j]
                varied = vary(other.text, spans[j], rng, other.body_start)
                text += "\nIn other developments, " + varied[other.body_start:]
            rec = {"title": ex.title or "", "text": text, "published": published.isoformat(),
                   "source": ex.source or rng.choice(OUTLETS), "lang": "en", "topic": "conflict"}
        else:
            rec = everyday_article(rng, published)
        rec["id"] = f"bench-{i:06d}"
        rec["url"] = f"https://news.example/{rec['topic']}/{i}"
        records.append(rec)
    return records


def write_jsonl(records: list[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=1000, help="number of articles")
    ap.add_argument("-o", "--output", type=Path, required=True, help=".jsonl or .parquet")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--conflict-share", type=float, default=0.3)
    args = ap.parse_args(argv)
    records = generate(args.n, args.seed, args.conflict_share)
    if args.output.suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(records), args.output)
    else:
        write_jsonl(records, args.output)
    print(f"{len(records)} articles -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
