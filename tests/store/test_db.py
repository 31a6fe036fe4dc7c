from datetime import date

import duckdb
import pytest

from strife.model import Article, CodedArticle, EventRecord, ParsedArticle
from strife.store import Store, StoreError
from strife.store.db import migrations
from strife.store.records import insert_article, report_records


def test_new_store_applies_every_migration(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        applied = {v for (v,) in store.con.execute("SELECT version FROM schema_version").fetchall()}
    assert applied == {v for v, _, _ in migrations()}
    with Store(path) as store:  # reopening applies nothing twice
        assert store.migrate() == []


def test_read_only_store_must_exist(tmp_path):
    with pytest.raises(StoreError, match="no Strife store"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_read_only_store_refuses_missing_migrations(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER, name VARCHAR, applied_at TIMESTAMP)")
    con.execute("INSERT INTO schema_version VALUES (1, '001_initial.sql', now())")
    con.close()
    with pytest.raises(StoreError, match="lacks schema migrations"):
        Store(path, read_only=True)


def _coded(text="Raqqa strike."):
    a = Article(text=text, published=date(2017, 6, 1))
    ev = EventRecord(article_id=a.id, sentence_index=0, trigger_start=6, trigger_end=12, trigger="strike",
                     event_type="Explosions/Remote violence", event_date=date(2017, 6, 1))
    ev.add_evidence("event_type", a, 6, 12)
    return CodedArticle(ParsedArticle(a, None), [ev])


def test_a_failed_transaction_leaves_nothing(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    coded = _coded()
    with pytest.raises(RuntimeError), store.transaction():
        insert_article(store.con, coded)
        raise RuntimeError("crash in the middle of a batch")
    assert store.counts() == {"articles": 0, "sentences": 0, "reports": 0, "evidence": 0, "events": 0}


def test_reports_round_trip_with_evidence(tmp_path):
    store = Store(":memory:")
    coded = _coded()
    with store.transaction():
        insert_article(store.con, coded)
    [back] = report_records(store.con, "TRUE", [])
    ev = coded.events[0]
    assert (back.event_id_cnty, back.event_type, back.event_date) == (ev.event_id_cnty, ev.event_type, ev.event_date)
    assert [(e.field, e.start, e.end, e.text) for e in back.evidence] == [("event_type", 6, 12, "strike")]
