"""Write model records to the store and read them back."""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date
from typing import Any

from strife.model import CodedArticle, EventRecord, Evidence
from strife.store import search
from strife.store.db import Connection

#: Columns of ``reports`` that map 1:1 onto EventRecord attributes.
REPORT_FIELDS: tuple[str, ...] = (
    "article_id", "sentence_index", "trigger_start", "trigger_end", "trigger",
    "event_date", "date_end", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "geonameid", "source", "source_scale",
    "notes", "fatalities", "tags", "plover_type", "plover_mode", "plover_context", "reported_by",
    "confidence",
) + ("fatalities_reported", "background", "geo_fallback", "admin1_pcode", "admin2_pcode", "review",
     "sentence_key")

#: Columns of ``events`` (canonical events), in table order.
EVENT_FIELDS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "date_end", "year", "time_precision", "disorder_type",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2",
    "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region", "country",
    "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "geonameid", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
    "plover_type", "plover_mode", "plover_context", "reported_by", "confidence", "source_count",
    "report_count",
) + ("fatalities_reported", "background", "geo_fallback", "admin1_pcode", "admin2_pcode", "review")


def insert_article(con: Connection, coded: CodedArticle, story_id: str | None = None,
                   minhash: list[int] | None = None) -> None:
    """Insert one coded article: the article, its sentences, reports and their evidence."""
    a = coded.article
    con.execute(
        "INSERT INTO articles (id, origin, url, title, source, published, published_from, lang, "
        "dateline, body_start, text, warnings, story_id, minhash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [a.id, a.origin, a.url, a.title, a.source, a.published, a.published_from, a.lang,
         a.dateline, a.body_start, a.text, coded.warnings or None, story_id or a.id, minhash],
    )
    sents = coded.parsed.sentences
    if sents:
        con.executemany("INSERT INTO sentences VALUES (?,?,?,?,?)",
                        [[a.id, s.index, s.start, s.end, s.text] for s in sents])
    insert_reports(con, coded.events)


def insert_reports(con: Connection, events: Iterable[EventRecord]) -> None:
    cols = ("report_id",) + REPORT_FIELDS + ("event_id",)
    rows: list[list[Any]] = []
    evidence: list[Any] = []
    for ev in events:
        rows.append([ev.event_id_cnty] + [getattr(ev, f) for f in REPORT_FIELDS] + [ev.canonical_id])
        evidence.extend([ev.event_id_cnty, e.field, e.article_id, e.start, e.end, e.text,
                         e.confidence, e.note] for e in ev.evidence)
    if rows:
        quoted = ", ".join(f'"{c}"' for c in cols)
        con.executemany(f"INSERT INTO reports ({quoted}) VALUES ({', '.join('?' * len(cols))})", rows)
    if evidence:
        con.executemany('INSERT INTO evidence VALUES (?,?,?,?,?,?,?,?)', evidence)


def upsert_events(con: Connection, events: Iterable[EventRecord]) -> None:
    """Replace canonical event rows (by id) with the given merged records.

    Their reports must be stored already: each row gets its evidence and words from
    them (:mod:`strife.store.search`).
    """
    events = list(events)
    if not events:
        return
    ids = [e.event_id_cnty for e in events]
    con.execute("DELETE FROM events WHERE event_id_cnty IN (SELECT unnest(?))", [ids])
    _stage(con, events)
    search.insert_events(con, "_events_in", list(EVENT_FIELDS))
    con.execute("DROP TABLE _events_in")


def replace_all_events(con: Connection, events: Iterable[EventRecord]) -> None:
    """Replace every canonical event with ``events`` (a full re-link)."""
    con.execute("DELETE FROM events")
    _stage(con, list(events))
    quoted = ", ".join(f'"{c}"' for c in EVENT_FIELDS)
    con.execute(f"INSERT INTO events ({quoted}) SELECT {quoted} FROM _events_in")
    con.execute("DROP TABLE _events_in")
    search.rebuild(con)


def _stage(con: Connection, events: list[EventRecord]) -> None:
    """Write the rows of ``events`` to the temp table ``_events_in`` (EVENT_FIELDS columns)."""
    quoted = ", ".join(f'"{c}"' for c in EVENT_FIELDS)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _events_in AS SELECT {quoted} FROM events LIMIT 0")
    if events:
        # ACLED's timestamp: when the row was last written (Unix seconds)
        now = int(time.time())
        con.executemany(
            f"INSERT INTO _events_in VALUES ({', '.join('?' * len(EVENT_FIELDS))})",
            [[now if f == "timestamp" else getattr(e, f) for f in EVENT_FIELDS] for e in events])


def report_records(con: Connection, where: str, params: list[Any]) -> list[EventRecord]:
    """Reports matching a SQL condition on ``reports``, as EventRecords with evidence."""
    cols = ("report_id", "event_id") + REPORT_FIELDS
    quoted = ", ".join(f'r."{c}"' for c in cols)
    rows = con.execute(f"SELECT {quoted} FROM reports r WHERE {where} ORDER BY r.report_id", params).fetchall()
    if not rows:
        return []
    ids = [r[0] for r in rows]
    ev_rows = con.execute(
        'SELECT report_id, field, article_id, start, "end", text, confidence, note FROM evidence '
        "WHERE report_id IN (SELECT unnest(?)) ORDER BY report_id, field", [ids]).fetchall()
    by_report: dict[str, list[Evidence]] = {}
    for rid, *rest in ev_rows:
        by_report.setdefault(rid, []).append(Evidence(*rest))
    out = []
    for row in rows:
        values = dict(zip(cols, row))
        rec = EventRecord(**{f: values[f] for f in REPORT_FIELDS},
                          event_id_cnty=values["report_id"], canonical_id=values["event_id"])
        rec.evidence = by_report.get(values["report_id"], [])
        out.append(rec)
    return out


def stories_of_sentences(con: Connection, keys: Iterable[str]) -> dict[str, set[str]]:
    """For each sentence key, the stories of stored reports whose trigger sentence has it."""
    keys = sorted(set(keys))
    if not keys:
        return {}
    rows = con.execute(
        "SELECT DISTINCT r.sentence_key, coalesce(a.story_id, a.id) FROM reports r "
        "JOIN articles a ON a.id = r.article_id WHERE r.sentence_key IN (SELECT unnest(?))",
        [keys]).fetchall()
    out: dict[str, set[str]] = {}
    for key, story in rows:
        out.setdefault(key, set()).add(story)
    return out


def backfill_sentence_keys(con: Connection) -> None:
    """Set ``reports.sentence_key`` from the stored sentences (migration 13)."""
    from strife.linking.events import sentence_key

    rows = con.execute("SELECT r.report_id, s.text FROM reports r JOIN sentences s "
                       "ON s.article_id = r.article_id AND s.idx = r.sentence_index").fetchall()
    if not rows:
        return
    con.execute("CREATE OR REPLACE TEMP TABLE _keys (report_id VARCHAR, sentence_key VARCHAR)")
    con.executemany("INSERT INTO _keys VALUES (?, ?)", [[rid, sentence_key(text)] for rid, text in rows])
    con.execute("UPDATE reports SET sentence_key = k.sentence_key FROM _keys k "
                "WHERE reports.report_id = k.report_id")
    con.execute("DROP TABLE _keys")


def reports_in_families(con: Connection, lo: date, hi: date, families: list[str]) -> list[EventRecord]:
    """Stored reports dated ``lo``..``hi`` whose disorder type (else event type) is one of
    ``families``: the reports new ones could link with."""
    return report_records(
        con, "r.event_date BETWEEN ? AND ? AND coalesce(r.disorder_type, r.event_type) IN (SELECT unnest(?))",
        [lo, hi, families])


def story_signatures(con: Connection, lo: date | None = None,
                     hi: date | None = None) -> list[tuple[str, str, list[int]]]:
    """(article id, story id, MinHash values) of stored articles published ``lo``..``hi``
    or undated, oldest first; without a range only the undated ones."""
    if lo is not None and hi is not None:
        return con.execute(
            "SELECT id, story_id, minhash FROM articles WHERE minhash IS NOT NULL AND "
            "(published BETWEEN ? AND ? OR published IS NULL) ORDER BY published NULLS LAST, id",
            [lo, hi]).fetchall()
    return con.execute(
        "SELECT id, story_id, minhash FROM articles WHERE minhash IS NOT NULL AND published IS NULL "
        "ORDER BY id").fetchall()


def article_stories(con: Connection, article_ids: list[str]) -> list[tuple[str, str, str]]:
    """(article id, story id, outlet) of the given stored articles."""
    return con.execute("SELECT id, story_id, source FROM articles WHERE id IN (SELECT unnest(?))",
                       [article_ids]).fetchall()


def report_assignments(con: Connection) -> list[tuple[str, int, float | None, str | None]]:
    """(article id, sentence index, confidence, canonical event id) of every stored report,
    by article and sentence, the most confident first (how the linking eval reads a store)."""
    return con.execute(
        "SELECT article_id, sentence_index, confidence, event_id FROM reports "
        "ORDER BY article_id, sentence_index, confidence DESC").fetchall()


def articles_in_order(con: Connection) -> list[tuple[str, str, int, str]]:
    """(id, text, body_start, outlet) of every stored article in publication order (a re-link replays them)."""
    return con.execute(
        "SELECT id, text, body_start, source FROM articles ORDER BY published NULLS LAST, id").fetchall()


def set_stories_and_links(con: Connection, stories: list[tuple[str, str, list[int]]],
                          links: list[tuple[str, str]]) -> None:
    """Write each article's (id, story id, MinHash values) and each report's (report id,
    canonical event id), in bulk through temp tables."""
    con.execute("CREATE OR REPLACE TEMP TABLE _story (id VARCHAR, story_id VARCHAR, minhash UBIGINT[])")
    con.executemany("INSERT INTO _story VALUES (?, ?, ?)", [list(s) for s in stories])
    con.execute("UPDATE articles SET story_id = s.story_id, minhash = s.minhash "
                "FROM _story s WHERE articles.id = s.id")
    con.execute("CREATE OR REPLACE TEMP TABLE _assign (report_id VARCHAR, event_id VARCHAR)")
    con.executemany("INSERT INTO _assign VALUES (?, ?)", [list(link) for link in links])
    con.execute("UPDATE reports SET event_id = a.event_id FROM _assign a "
                "WHERE reports.report_id = a.report_id")
    con.execute("DROP TABLE _story")
    con.execute("DROP TABLE _assign")
