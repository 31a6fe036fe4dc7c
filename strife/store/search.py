"""What a page of events needs without joins: the evidence list and a word index.

Each canonical ``events`` row carries

* ``evidence``: every span of every report of the event (the list ``GET /events``
  returns), so a page is read from one table;
* ``search_text``: its notes and evidence texts as lower-case words, one segment per
  text: ``| w1 w2 ... | w1 ... |`` (a *word* is a run of letters and digits);

and ``event_terms(term, event_id)`` lists the distinct words of each event, so a rare
word finds its events through an index instead of a scan of every text
(``term_counts`` says which words are rare).  ``actor_names`` and ``event_actors`` do
the same for actor names.

Text search semantics (``text=``), in the event's notes or in one of its evidence spans,
ignoring case:

* plain words separated by single spaces match those words in this order, as whole
  words, whatever spacing or punctuation separates them in the text (``deir ez zor``
  finds "Deir ez-Zor"; ``Tikr`` does not find "Tikrit");
* any other query must appear as typed, neither starting nor ending inside a word
  (``ez-Zor`` finds "Deir ez-Zor", ``ez/Zor`` does not); one without any letter or
  digit is a plain substring, found by a full scan.

Everything here is derived from ``events.notes`` and the ``reports``/``evidence``
tables in SQL, so writes (:func:`insert_events`) and the migration backfill
(:func:`rebuild`) compute it the same way.
"""

from __future__ import annotations

from typing import Any

import re

from strife.store.db import Connection, one_row

#: Separators between words (RE2 syntax): anything but a letter or a digit.
NON_WORD = r"[^\p{L}\p{N}]+"

#: Above this many events, a word is "common": the query scans ``search_text`` (in
#: the page's sort order, so a top-N stops early) instead of listing candidate ids.
RARE_WORD_EVENTS = 1000

#: Words looked up in ``term_counts`` per query (longest first); the rest only filter.
MAX_PROBES = 4

#: An actor query matching more stored names than this scans the actor columns.
MAX_ACTOR_NAMES = 200

EVIDENCE_TYPE = ('STRUCT(field VARCHAR, article_id VARCHAR, start INTEGER, "end" INTEGER, '
                 "text VARCHAR, confidence DOUBLE, note VARCHAR)[]")


def _words_sql(expr: str) -> str:
    """SQL list of the lower-case words of text ``expr`` (NULL text: no words)."""
    return (f"list_filter(string_split_regex(lower(coalesce({expr}, '')), '{NON_WORD}'), "
            "lambda w: w <> '')")


def _segment_sql(expr: str) -> str:
    return f"(' ' || array_to_string({_words_sql(expr)}, ' ') || ' ')"


#: search_text of an event from its ``notes`` and ``evidence`` columns.
SEARCH_TEXT_SQL = (
    "'|' || array_to_string(list_distinct(list_filter(list_transform("
    "list_prepend(notes, list_transform(evidence, lambda v: v.text)), "
    f"lambda s: {_segment_sql('s')}), lambda s: s <> '  ')), '|') || '|'")

_EVIDENCE_AGG = (
    "SELECT r.event_id, list({'field': v.field, 'article_id': v.article_id, 'start': v.start, "
    "'end': v.\"end\", 'text': v.text, 'confidence': v.confidence, 'note': v.note} "
    "ORDER BY v.article_id, v.start, v.field, v.\"end\", v.text, r.report_id) AS evidence "
    "FROM reports r JOIN evidence v ON v.report_id = r.report_id {where} GROUP BY r.event_id")


def insert_events(con: Connection, source: str, columns: list[str], replaced: bool = True) -> None:
    """Insert the event rows of table ``source`` (its ``columns``, in its row order)
    into ``events`` with their evidence, search text and terms.

    Old ``events`` rows of the same ids must already be deleted; their old terms are
    deleted here (unless ``replaced`` is False: the caller cleared them).
    """
    quoted = ", ".join(f'"{c}"' for c in columns)
    src_cols = ", ".join(f's."{c}"' for c in columns)
    if replaced:
        con.execute(
            "UPDATE term_counts SET events = term_counts.events - d.n FROM (SELECT term, count(*) AS n "
            f"FROM event_terms WHERE event_id IN (SELECT event_id_cnty FROM {source}) GROUP BY term) d "
            "WHERE term_counts.term = d.term")
        con.execute(
            "UPDATE actor_names SET events = actor_names.events - d.n FROM (SELECT actor, count(*) AS n "
            f"FROM event_actors WHERE event_id IN (SELECT event_id_cnty FROM {source}) GROUP BY actor) d "
            "WHERE actor_names.name = d.actor")
        con.execute("DELETE FROM term_counts WHERE events <= 0")
        con.execute("DELETE FROM actor_names WHERE events <= 0")
        for table in ("event_terms", "event_actors"):
            con.execute(f"DELETE FROM {table} WHERE event_id IN (SELECT event_id_cnty FROM {source})")
    agg = _EVIDENCE_AGG.replace("{where}", f"WHERE r.event_id IN (SELECT event_id_cnty FROM {source})")
    con.execute(
        f"INSERT INTO events ({quoted}, evidence, search_text) "
        f"SELECT * EXCLUDE (_order), {SEARCH_TEXT_SQL} FROM ("
        f"  SELECT {src_cols}, coalesce(ev.evidence, []::{EVIDENCE_TYPE}) AS evidence, s.rowid AS _order "
        f"  FROM {source} s LEFT JOIN ({agg}) ev "
        "   ON ev.event_id = s.event_id_cnty) ORDER BY _order")
    _insert_terms(con, f"e.event_id_cnty IN (SELECT event_id_cnty FROM {source})")


ACTOR_COLUMNS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")


def _insert_terms(con: Connection, where: str) -> None:
    """Write the words and actors of the events matching ``where`` (alias ``e``)."""
    actors = ", ".join(f"lower(e.{c})" for c in ACTOR_COLUMNS)
    con.execute(
        "INSERT INTO event_actors (actor, event_id) SELECT DISTINCT actor, event_id FROM ("
        f"SELECT unnest([{actors}]) AS actor, e.event_id_cnty AS event_id FROM events e WHERE {where}) "
        "WHERE actor IS NOT NULL ORDER BY actor, event_id")
    con.execute(
        "INSERT INTO actor_names SELECT actor, count(*) FROM event_actors "
        f"WHERE event_id IN (SELECT event_id_cnty FROM events e WHERE {where}) GROUP BY actor "
        "ON CONFLICT (name) DO UPDATE SET events = actor_names.events + excluded.events")
    con.execute(
        "INSERT INTO event_terms (term, event_id) "
        "SELECT DISTINCT term, event_id FROM (SELECT unnest(list_filter("
        "string_split_regex(search_text, '[ |]+'), lambda w: w <> '')) AS term, "
        f"e.event_id_cnty AS event_id FROM events e WHERE {where}) ORDER BY term, event_id")
    con.execute(
        "INSERT INTO term_counts SELECT term, count(*) FROM event_terms "
        f"WHERE event_id IN (SELECT event_id_cnty FROM events e WHERE {where}) GROUP BY term "
        "ON CONFLICT (term) DO UPDATE SET events = term_counts.events + excluded.events")


def rebuild(con: Connection) -> None:
    """Recompute evidence, search text and terms of every stored event (migration 6 hook,
    full re-link, bulk fills).

    Rows are rewritten in their current order, so date-ordered stores keep their
    zonemaps; the term index is rebuilt after the terms are written (faster than
    maintaining it row by row).
    """
    from strife.store.records import EVENT_FIELDS

    # a migration's hook runs before later migrations add their columns: take those present
    present = {c for (c,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'").fetchall()}
    fields = [c for c in EVENT_FIELDS if c in present]
    cols = ", ".join(f'"{c}"' for c in fields)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _events_all AS SELECT {cols} FROM events ORDER BY rowid")
    con.execute("DELETE FROM events")
    con.execute("DROP INDEX IF EXISTS event_terms_term")
    con.execute("DROP INDEX IF EXISTS event_actors_actor")
    for table in ("event_terms", "term_counts", "event_actors", "actor_names"):
        con.execute(f"DELETE FROM {table}")
    insert_events(con, "_events_all", fields, replaced=False)
    con.execute("CREATE INDEX event_terms_term ON event_terms (term)")
    con.execute("CREATE INDEX event_actors_actor ON event_actors (actor)")
    con.execute("DROP TABLE _events_all")


def query_words(con: Connection, text: str) -> tuple[str, list[str]]:
    """The lower-cased query and its words, exactly as stored texts are split.

    ASCII queries are split in Python (the same result: ASCII letters and digits are the
    only ASCII word characters); others in DuckDB, whose Unicode regex takes ms to compile.
    """
    if text.isascii():
        lowered = text.lower()
        return lowered, re.findall(r"[a-z0-9]+", lowered)
    lowered, words = one_row(con, f"SELECT lower(?), {_words_sql('?')}", [text, text])
    return str(lowered), list(words)


def text_condition(con: Connection, text: str) -> tuple[str, list[Any]]:
    """SQL condition on alias ``e`` for ``text=`` (see the module docstring) and its parameters.

    Rare words narrow the scan to the ids ``event_terms`` lists for them; the words in
    order must be in ``search_text``; unless the query is plain words, the literal query
    is then checked, at word boundaries, in the notes and evidence texts.
    """
    lowered, words = query_words(con, text)
    conds: list[str] = []
    params: list[Any] = []
    if words:
        ids = rare_word_events(con, words)
        if ids is not None:
            if not ids:
                return "FALSE", []
            conds.append(f"e.event_id_cnty IN ({', '.join('?' * len(ids))})")
            params += ids
        conds.append("contains(e.search_text, ?)")
        params.append(" " + " ".join(words) + " ")
        if " ".join(words) == lowered:
            return "(" + " AND ".join(conds) + ")", params
    # one regexp_matches: compiling a Unicode-class pattern costs milliseconds
    conds.append("coalesce(list_bool_or(list_transform(list_prepend(e.notes, list_transform("
                 "e.evidence, lambda v: v.text)), lambda t: regexp_matches(lower(t), ?))), false)")
    params.append(literal_pattern(lowered, words))
    return "(" + " AND ".join(conds) + ")", params


def literal_pattern(lowered: str, words: list[str]) -> str:
    """RE2 pattern: ``lowered`` literally, not starting or ending inside a word."""
    quoted = r"\Q" + lowered.replace(r"\E", r"\E\\E\Q") + r"\E"
    if words and lowered.startswith(words[0]):
        quoted = f"(^|{NON_WORD})" + quoted
    if words and lowered.endswith(words[-1]):
        quoted += f"({NON_WORD}|$)"
    return quoted


def actor_condition(con: Connection, actor: str) -> tuple[str, list[Any]]:
    """SQL condition on alias ``e``: ``actor`` is a case-insensitive substring of an actor.

    The stored names holding it come from ``actor_names``; if they name few events
    (in all), ``event_actors`` lists them and only those rows are checked.
    """
    rows = con.execute("SELECT name, events FROM actor_names WHERE contains(name, lower(?)) ORDER BY name",
                       [actor]).fetchall()
    if not rows:
        return "FALSE", []
    cond = "(" + " OR ".join(f"contains(lower(e.{c}), lower(?))" for c in ACTOR_COLUMNS) + ")"
    params = [actor] * len(ACTOR_COLUMNS)
    if sum(n for _, n in rows) > RARE_WORD_EVENTS or len(rows) > MAX_ACTOR_NAMES:
        return cond, params
    names = [name for name, _ in rows]
    marks = ", ".join("?" * len(names))
    ids = sorted({r[0] for r in con.execute(
        f"SELECT event_id FROM event_actors WHERE actor IN ({marks})", names).fetchall()})
    return f"(e.event_id_cnty IN ({', '.join('?' * len(ids))}) AND {cond})", ids + params


def rare_word_events(con: Connection, words: list[str]) -> list[str] | None:
    """Ids of the events holding the rarest of ``words`` (none if a word is in no event),
    or None if every word looked up is common."""
    counts = {}
    for word in sorted(set(words), key=lambda w: (-len(w), w))[:MAX_PROBES]:
        row = con.execute("SELECT events FROM term_counts WHERE term = ?", [word]).fetchone()
        counts[word] = row[0] if row else 0
    rarest = min(counts, key=lambda w: (counts[w], w))
    if counts[rarest] == 0:
        return []
    if counts[rarest] > RARE_WORD_EVENTS:
        return None
    return [r[0] for r in con.execute("SELECT event_id FROM event_terms WHERE term = ?", [rarest]).fetchall()]
