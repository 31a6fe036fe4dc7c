"""Synthetic stores for tests, benchmarks and demos (no NLP involved).

:func:`build_small` writes a few dozen coded articles through ``strife.store.records``
(so articles, sentences, reports, evidence and events are all consistent);
:func:`fill_bulk` generates millions of canonical events with one SQL statement.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from strife.model import Article, CodedArticle, EventRecord, ParsedArticle, Sentence
from strife.store import search
from strife.store.db import Connection
from strife.store.records import insert_article, upsert_events

#: (location, admin1, country, iso, latitude, longitude)
PLACES = [
    ("Deir ez-Zor", "Deir-ez-Zor", "Syria", 760, 35.336, 40.141),
    ("Raqqa", "Ar-Raqqa", "Syria", 760, 35.952, 39.009),
    ("Aleppo", "Aleppo", "Syria", 760, 36.202, 37.161),
    ("Mosul", "Ninewa", "Iraq", 368, 36.340, 43.130),
    ("Tikrit", "Salah al-Din", "Iraq", 368, 34.616, 43.679),
    ("Sanaa", "Amanat al Asimah", "Yemen", 887, 15.354, 44.207),
    ("Aden", "Aden", "Yemen", 887, 12.779, 45.037),
]
#: (event_type, sub_event_type, verb used in the sentence)
KINDS = [
    ("Battles", "Armed clash", "clashed with"),
    ("Explosions/Remote violence", "Air/drone strike", "struck"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "shelled"),
    ("Violence against civilians", "Attack", "attacked"),
]
ACTORS = ["Military Forces of Syria", "Islamic State", "Syrian Democratic Forces",
          "Military Forces of Iraq", "Houthi Movement", "Civilians (Syria)"]


def make_article(i: int, rng: random.Random, title: str | None = None,
                 extra: str = "") -> CodedArticle:
    """One article with one coded event, every field backed by an evidence span."""
    loc, adm1, country, iso, lat, lon = rng.choice(PLACES)
    etype, sub, verb = rng.choice(KINDS)
    a1, a2 = rng.sample(ACTORS, 2)
    killed = rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 40])
    day = date(2017, 9, 1) + timedelta(days=rng.randrange(30))
    lead = f"{day:%B} {day.day}, {day.year}. "
    sentence = f"{a1} {verb} {a2} in {loc}, killing {killed} people.{extra}"
    text = lead + sentence + " Officials gave no further details."
    article = Article(text=text, title=title or f"Report {i}: fighting in {loc}",
                      url=f"https://news.example.org/{i}", source=rng.choice(["Wire A", "Wire B"]),
                      published=day, origin=f"synthetic/{i}")
    start = len(lead)
    parsed = ParsedArticle(article, doc=None, sentences=[
        Sentence(0, 0, len(lead) - 1, lead.strip()), Sentence(1, start, start + len(sentence), sentence)])
    t0 = text.index(verb, start)
    ev = EventRecord(article_id=article.id, sentence_index=1, trigger_start=t0,
                     trigger_end=t0 + len(verb), trigger=verb, event_date=day, year=day.year,
                     time_precision=1, disorder_type="Political violence", event_type=etype,
                     sub_event_type=sub, actor1=a1, actor2=a2, iso=iso, region="Middle East",
                     country=country, admin1=adm1, location=loc, latitude=lat + rng.uniform(-.05, .05),
                     longitude=lon + rng.uniform(-.05, .05), geo_precision=1, source=article.source,
                     notes=sentence, fatalities=killed, plover_type="ASSAULT" if "civ" in a2.lower()
                     else "FIGHT", confidence=0.8)
    ev.canonical_id = ev.event_id_cnty
    ev.add_evidence("event_type", article, t0, t0 + len(verb))
    ev.add_evidence("actor1", article, start, start + len(a1))
    a2_at = text.index(a2, start)
    ev.add_evidence("actor2", article, a2_at, a2_at + len(a2))
    loc_at = text.index(loc, start)
    ev.add_evidence("location", article, loc_at, loc_at + len(loc))
    k_at = text.index(f"killing {killed}", start) + len("killing ")
    ev.add_evidence("fatalities", article, k_at, k_at + len(str(killed)))
    ev.add_evidence("event_date", article, 0, len(lead) - 2)
    return CodedArticle(parsed=parsed, events=[ev])


def build_small(con: Connection, n: int = 40, seed: int = 7, titles: dict[int, str] | None = None,
                extras: dict[int, str] | None = None) -> list[str]:
    """Insert ``n`` synthetic articles with one event each; return the event ids.

    ``titles`` / ``extras`` replace the title / append text to the event sentence of
    article i (used to plant hostile strings).
    """
    rng = random.Random(seed)
    ids = []
    for i in range(n):
        coded = make_article(i, rng, (titles or {}).get(i), (extras or {}).get(i, ""))
        insert_article(con, coded)
        upsert_events(con, coded.events)
        ids.append(coded.events[0].event_id_cnty)
    return ids


def fill_bulk(con: Connection, n: int, seed: float = 0.42) -> None:
    """Generate ``n`` canonical events (with one report and one evidence span each) in SQL.

    Events are spread over 2015-2024, seven places and four event types; rows are
    written in date order, as an append-only ingest would write them.
    """
    places = ", ".join(f"({i}, '{p[0]}', '{p[1]}', '{p[2]}', {p[3]}, {p[4]}, {p[5]})"
                       for i, p in enumerate(PLACES))
    kinds = ", ".join(f"({i}, '{k[0]}', '{k[1]}', '{k[2]}')" for i, k in enumerate(KINDS))
    actors = ", ".join(f"({i}, '{a}')" for i, a in enumerate(ACTORS))
    con.execute(f"SELECT setseed({seed})")
    con.execute(f"""
        CREATE TEMP TABLE bulk AS
        WITH p(pi, location, admin1, country, iso, lat, lon) AS (VALUES {places}),
             k(ki, event_type, sub_event_type, verb) AS (VALUES {kinds}),
             a(ai, actor) AS (VALUES {actors}),
             g AS (SELECT i, (random() * 1e9)::BIGINT AS r FROM range({int(n)}) t(i))
        SELECT 'bk' || lpad(i::VARCHAR, 10, '0') AS id,
               DATE '2015-01-01' + (i * 3650 // {int(n)})::INTEGER AS event_date,
               p.*, k.*, a1.actor AS actor1, a2.actor AS actor2,
               (r % 17)::INTEGER AS fatalities, r
        FROM g
        JOIN p ON p.pi = g.r % {len(PLACES)}
        JOIN k ON k.ki = (g.r // 7) % {len(KINDS)}
        JOIN a a1 ON a1.ai = (g.r // 29) % {len(ACTORS)}
        JOIN a a2 ON a2.ai = ((g.r // 29) + 1 + (g.r // 31) % {len(ACTORS) - 1}) % {len(ACTORS)}
        ORDER BY i""")
    con.execute("""
        INSERT INTO events (event_id_cnty, event_date, year, time_precision, disorder_type,
            event_type, sub_event_type, actor1, actor2, iso, region, country, admin1, location,
            latitude, longitude, geo_precision, source, notes, fatalities, plover_type,
            confidence, source_count, report_count)
        SELECT id, event_date, year(event_date), 1, 'Political violence', event_type,
            sub_event_type, actor1, actor2, iso, 'Middle East', country, admin1, location,
            lat + ((r % 1000) - 500) / 5000.0, lon + ((r // 1000 % 1000) - 500) / 5000.0, 1,
            'Wire ' || (r % 5)::VARCHAR,
            actor1 || ' ' || verb || ' ' || actor2 || ' in ' || location || ' (report ' || r::VARCHAR || ')',
            fatalities, 'FIGHT', 0.8, 1 + (r % 3)::INTEGER, 1
        FROM bulk ORDER BY id""")
    con.execute("""
        INSERT INTO reports (report_id, article_id, event_date, event_type, country, event_id)
        SELECT 'rp' || substr(id, 3), 'ar' || substr(id, 3), event_date, event_type, country, id
        FROM bulk ORDER BY id""")
    con.execute("""
        INSERT INTO evidence (report_id, field, article_id, start, "end", text)
        SELECT 'rp' || substr(id, 3), 'actor1', 'ar' || substr(id, 3), 0, length(actor1), actor1
        FROM bulk ORDER BY id""")
    con.execute("DROP TABLE bulk")
    search.rebuild(con)
