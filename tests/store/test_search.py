"""The word index finds exactly the events a brute-force scan of notes and evidence finds."""

from __future__ import annotations

import re

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strife.ingest import relink_all
from strife.store import EventFilter, Store, search
from strife.store.corrections import add_correction
from strife.store.db import migrations
from strife.store.queries import attach_evidence, count_events, get_event, query_events
from strife.store.records import report_records, upsert_events
from strife.store.synthetic import ACTORS as SYNTHETIC_ACTORS
from strife.store.synthetic import build_small

#: Appended to event sentences: punctuation, case, accents, regex and LIKE syntax.
EXTRAS = {
    1: " Fighting near al-Bab, 3 km from the Euphrates (Ar-Raqqa).",
    2: " Café «Zoé» was hit; 50% of_the town x\\E y [a-z]+ $1.",
    3: " O'Brien's 12.5mm rounds: ez-Zor/Deir-ez-Zor.",
    4: " Tikriti elders met in TIKRIT.",
    5: "  Double  spaced,,, and---dashed.",
}
QUERIES = [
    "Tikrit", "tikrit", "TIKRIT", "deir ez zor", "ez zor deir", "al bab 3", "bab 3 km",
    "Tikr", "ikrit", "Tikriti", "in TIKRIT", "in tikrit.",
    "al-Bab", "al Bab", "Bab,", "ez-Zor", "ez zor", "-zor", "Zor/Deir", "Deir-ez-Zor",
    "café «zoé»", "Zoé", "zo", "50%", "%", "_", "of_the", "x\\E y", "\\E", "[a-z]+", "$1.",
    "O'Brien's", "brien", "12.5mm", "12.5", "5mm", "killing 3 people", "killing 3",
    "Islamic State", "islamic  state", "State in", "September 14, 2017", "14, 2017", "2017",
    "Double  spaced", "double spaced", ",,,", "---", "and---dashed", "people.", " people",
    "Military Forces of Syria", "Forces of", "no such words here", "'", "' OR '1'='1",
]


def brute_force(con, text: str) -> set[str]:
    """Events whose notes or one evidence text hold ``text``, ignoring case: plain words
    in order as whole words (any separators), else literally, not starting or ending
    inside a word (a word: letters and digits)."""
    low = text.lower()
    words = re.findall(r"[^\W_]+", low)
    if words and " ".join(words) == low:
        pattern = r"(?<![^\W_])" + r"[\W_]+".join(words) + r"(?![^\W_])"
    else:
        pattern = re.escape(low)
        if words and low.startswith(words[0]):
            pattern = r"(?<![^\W_])" + pattern
        if words and low.endswith(words[-1]):
            pattern += r"(?![^\W_])"
    rows = con.execute("SELECT event_id_cnty, notes FROM events UNION ALL SELECT r.event_id, v.text "
                       "FROM reports r JOIN evidence v ON v.report_id = r.report_id").fetchall()
    return {eid for eid, t in rows if t is not None and re.search(pattern, t.lower())}


def indexed(con, text: str) -> set[str]:
    events, cursor = query_events(con, EventFilter(text=text, limit=10_000), with_evidence=False)
    assert cursor is None
    ids = {e["event_id_cnty"] for e in events}
    assert count_events(con, EventFilter(text=text)) == len(ids)
    return ids


@pytest.fixture(scope="module")
def store():
    store = Store(":memory:")
    with store.transaction() as con:
        build_small(con, 40, extras=EXTRAS)
    return store


@pytest.fixture(params=["rare", "common"])
def path(request, monkeypatch):
    """Both ways a word narrows the scan: candidate ids from event_terms, or a scan."""
    monkeypatch.setattr(search, "RARE_WORD_EVENTS", 10_000 if request.param == "rare" else 0)
    return request.param


@pytest.mark.parametrize("text", QUERIES)
def test_indexed_search_equals_brute_force(store, path, text):
    assert indexed(store.con, text) == brute_force(store.con, text)


def test_queries_find_what_they_should(store):
    con = store.con
    assert indexed(con, "Tikrit") and indexed(con, "Tikr") == set()
    assert indexed(con, "ez-Zor") == indexed(con, "ez-zor") != set()
    assert indexed(con, "deir ez zor") == indexed(con, "Deir-ez-Zor") | indexed(con, "Deir ez-Zor")
    assert indexed(con, "ez/Zor") == set()
    assert indexed(con, "%") == brute_force(con, "%") != set()
    assert indexed(con, "_") == indexed(con, "of_the") != set()  # no word: a plain substring
    assert len(indexed(con, "Tikriti")) == 1


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_slice_of_a_stored_text_is_found_exactly(store, data):
    con = store.con
    texts = [t for (t,) in con.execute(
        "SELECT notes FROM events UNION ALL SELECT text FROM evidence ORDER BY 1").fetchall()]
    text = data.draw(st.sampled_from(texts))
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 40)))
    query = data.draw(st.sampled_from([str.lower, str.upper, str.title, str]))(text[start:end])
    if query.strip():
        assert indexed(con, query) == brute_force(con, query)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="abz 019-_.%'\\EÉé", min_size=1, max_size=12))
def test_arbitrary_queries_match_brute_force(store, query):
    assert indexed(store.con, query) == brute_force(store.con, query)


def _index_is_fresh(con) -> None:
    """Every event's evidence, search text and terms are what a rebuild from scratch gives."""
    cols = "event_id_cnty, evidence, search_text"
    before = con.execute(f"SELECT {cols} FROM events ORDER BY 1").fetchall()
    terms = con.execute("SELECT term, event_id FROM event_terms ORDER BY ALL").fetchall()
    actors = con.execute("SELECT actor, event_id FROM event_actors ORDER BY ALL").fetchall()
    counts = con.execute("SELECT term, count(*) FROM event_terms GROUP BY term ORDER BY term").fetchall()
    assert con.execute("SELECT term, events FROM term_counts ORDER BY term").fetchall() == counts
    named = con.execute("SELECT actor, count(*) FROM event_actors GROUP BY actor ORDER BY actor").fetchall()
    assert con.execute("SELECT name, events FROM actor_names ORDER BY name").fetchall() == named
    for eid, evidence, _ in before:
        event = {"event_id_cnty": eid}
        attach_evidence(con, [event])
        assert evidence == event["evidence"]
    search.rebuild(con)
    assert con.execute(f"SELECT {cols} FROM events ORDER BY 1").fetchall() == before
    assert con.execute("SELECT term, event_id FROM event_terms ORDER BY ALL").fetchall() == terms
    assert con.execute("SELECT actor, event_id FROM event_actors ORDER BY ALL").fetchall() == actors
    assert con.execute("SELECT term, events FROM term_counts ORDER BY term").fetchall() == counts


def test_relink_and_corrections_keep_the_index_exact(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    with store.transaction() as con:
        ids = build_small(con, 30, seed=3, extras=EXTRAS)
    con = store.con
    _index_is_fresh(con)
    assert relink_all(store) < 30  # some synthetic reports are one event
    _index_is_fresh(con)
    assert con.execute("SELECT count(*) FROM event_terms WHERE event_id NOT IN "
                       "(SELECT event_id_cnty FROM events)").fetchone()[0] == 0
    assert con.execute("SELECT max(len(evidence)) FROM events").fetchone()[0] > 6  # merged reports
    for q in QUERIES:
        assert indexed(con, q) == brute_force(con, q)
    # a correction is an overlay: filters keep matching the coded notes, index unchanged
    eid = con.execute("SELECT event_id_cnty FROM events ORDER BY 1 LIMIT 1").fetchone()[0]
    event = get_event(con, eid)
    add_correction(con, event, "notes", "Completely rewritten zyzzyva", "analyst")
    assert indexed(con, "zyzzyva") == set() == brute_force(con, "zyzzyva")
    assert ids


def test_rewriting_events_keeps_counts_exact(tmp_path):
    """Ingest rewrites the canonical rows of touched events: old words must be forgotten."""
    store = Store(tmp_path / "s.duckdb")
    with store.transaction() as con:
        build_small(con, 10, extras=EXTRAS)
    con = store.con
    records = report_records(con, "TRUE", [])[:4]
    for rec in records:
        rec.event_id_cnty = rec.canonical_id
        rec.notes = "Rewritten: zyzzyva near Tikrit"
        rec.actor1, rec.assoc_actor_1 = "Zyzzyva Brigade", rec.actor1
    with store.transaction():
        upsert_events(con, records)
    _index_is_fresh(con)
    assert len(indexed(con, "zyzzyva")) == 4 == len(brute_force(con, "zyzzyva"))
    for actor in ACTORS + ["zyzzyva"]:
        assert indexed_actor(con, actor) == brute_force_actor(con, actor)
    for q in QUERIES:
        assert indexed(con, q) == brute_force(con, q)


def test_migration_6_backfills_stored_events(tmp_path):
    """A version-5 store gains evidence, search text and terms when opened for writing."""
    path = tmp_path / "v5.duckdb"
    old = duckdb.connect(str(path))
    old.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR, "
                "applied_at TIMESTAMP DEFAULT current_timestamp)")
    for version, name, sql in migrations():
        if version < 6:
            old.execute(sql)
            old.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
    # the columns a version-5 store has (later migrations add more)
    columns = {t: [c for (c,) in old.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [t]).fetchall()] for t in ("articles", "sentences", "reports", "evidence", "events")}
    with Store(":memory:") as fresh, fresh.transaction() as con:
        build_small(con, 12, extras=EXTRAS)
        rows = {t: con.execute(f"SELECT {', '.join(f'{chr(34)}{c}{chr(34)}' for c in cols)} FROM {t}").fetchall()
                for t, cols in columns.items()}
        expected = {q: indexed(con, q) for q in QUERIES}
    for table, table_rows in rows.items():
        if table_rows:
            old.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(table_rows[0]))})", table_rows)
    old.close()
    with Store(path) as store:
        assert store.missing_migrations() == []
        _index_is_fresh(store.con)
        assert {q: indexed(store.con, q) for q in QUERIES} == expected


def test_a_page_carries_the_evidence_of_every_report(store):
    con = store.con
    events, _ = query_events(con, EventFilter(limit=10))
    for e in events:
        full = get_event(con, e["event_id_cnty"])
        assert e["evidence"] == full["evidence"] and e["evidence"]


def test_rare_words_use_candidate_ids(store):
    con = store.con
    where, params = EventFilter(text="Tikriti").where(con)
    assert "IN (?" in where and len(params) == 2


def brute_force_actor(con, actor: str) -> set[str]:
    rows = con.execute(
        "SELECT event_id_cnty, actor1, actor2, assoc_actor_1, assoc_actor_2 FROM events").fetchall()
    return {r[0] for r in rows if any(a and actor.lower() in a.lower() for a in r[1:])}


def indexed_actor(con, actor: str) -> set[str]:
    events, _ = query_events(con, EventFilter(actor=actor, limit=10_000), with_evidence=False)
    return {e["event_id_cnty"] for e in events}


ACTORS = ["Islamic State", "islamic", "ISLAMIC STATE", "state", "s", "(Syria)", "Civilians (", "of",
          "Forces of Syria", "houthi", "Houthi Movement", "xyz", "%", "_", "\\", "'"]


@pytest.mark.parametrize("actor", ACTORS)
def test_actor_filter_equals_brute_force(store, path, actor):
    assert indexed_actor(store.con, actor) == brute_force_actor(store.con, actor)


def test_actor_filter_after_relink(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    with store.transaction() as con:
        build_small(con, 30, seed=3)
    relink_all(store)
    for actor in ACTORS:
        assert indexed_actor(store.con, actor) == brute_force_actor(store.con, actor)
    names = {n for (n,) in store.con.execute("SELECT name FROM actor_names").fetchall()}
    assert names == {a.lower() for a in SYNTHETIC_ACTORS}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_ascii_queries_split_in_python_as_in_duckdb(store, query):
    con = store.con
    expected = con.execute(f"SELECT lower(?), {search._words_sql('?')}", [query, query]).fetchone()
    assert search.query_words(con, query) == (expected[0], expected[1])
