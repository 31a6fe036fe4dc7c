from datetime import date

from fakes import FakePipeline, article

from strife.ingest import ingest, relink_all
from strife.model import SourceError
from strife.store import Store

WIRE = ("Officials said a strike in Raqqa on 2017-06-01 killing 4 by Coalition. "
        "Residents described heavy damage to the market and several homes nearby, and aid groups said "
        "they were sending teams to help families who lost their homes in the bombardment overnight.")


def _canon(store):
    return store.con.execute(
        "SELECT event_id_cnty, fatalities, source_count, report_count FROM events ORDER BY 1").fetchall()


def test_reingest_is_a_no_op(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    first = ingest(store, [article(WIRE)], FakePipeline())
    before = store.counts()
    again = ingest(store, [article(WIRE), article(WIRE)], FakePipeline())
    assert first.stored == 1 and again.stored == 0 and again.already_stored == 2
    assert store.counts() == before


def test_a_bad_article_loses_nothing_else(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    items = [article(WIRE), SourceError("bad.txt", "empty file"),
             article("clash in Mosul on 2017-06-01. POISON", source="Other"),
             article("clash in Aleppo on 2017-06-03.", source="Third")]
    result = ingest(store, items, FakePipeline(fail_on="POISON"), batch_size=10)
    assert result.stored == 2 and result.read == 3
    assert result.errors[0].origin == "bad.txt"
    assert "extraction failed" in result.errors[1].reason
    assert store.counts()["articles"] == 2


def test_syndicated_copy_is_one_source_independent_outlet_another(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    copy = WIRE.replace("heavy damage", "heavy destruction")
    own = "Local activists reported a strike in Raqqa on 2017-06-01 killing 6 by Coalition."
    ingest(store, [article(WIRE, source="Wire")], FakePipeline())
    ingest(store, [article(copy, source="Reprinter", published="2017-06-02")], FakePipeline())
    [(_, fatalities, sources, reports)] = _canon(store)
    assert (sources, reports) == (1, 2)
    ingest(store, [article(own, source="Monitor", published="2017-06-03")], FakePipeline())
    [(_, fatalities, sources, reports)] = _canon(store)
    assert (sources, reports) == (2, 3)
    assert fatalities == 4  # the conservative figure among disagreeing reports


def test_two_events_of_one_article_stay_apart_and_distractors_do_not_link(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    ingest(store, [article("strike in Raqqa on 2017-06-01. strike in Raqqa on 2017-06-01.")], FakePipeline())
    ingest(store, [article("strike in Raqqa on 2017-06-09.", source="B"),      # same place, other week
                   article("strike in Mosul on 2017-06-01.", source="C")],     # same day, other place
           FakePipeline())
    assert len(_canon(store)) == 4


def test_incremental_linking_equals_rebuild(tmp_path):
    texts = [
        ("strike in Raqqa on 2017-06-01 killing 3.", "A", "2017-06-01"),
        ("strike in Tabqa on 2017-06-01 killing 3.", "B", "2017-06-02"),  # 45 km away: precision 1 -> apart
        ("strike in Raqqa on 2017-06-02 killing 5.", "C", "2017-06-02"),
        ("clash in Aleppo on 2017-06-05. strike in Raqqa on 2017-06-01.", "D", "2017-06-06"),
        ("clash in Aleppo on 2017-06-06.", "E", "2017-06-07"),
    ]
    store = Store(tmp_path / "s.duckdb")
    for text, src, pub in texts:  # one article at a time, in publication order
        ingest(store, [article(text, source=src, published=pub)], FakePipeline())
    incremental = _clusters(store)
    relink_all(store)
    assert _clusters(store) == incremental
    assert len(incremental) == 3


def _clusters(store):
    rows = store.con.execute("SELECT event_id, list(report_id ORDER BY report_id) FROM reports "
                             "GROUP BY event_id").fetchall()
    return sorted(tuple(r) for _, r in rows)


def test_published_date_order_is_kept_within_a_batch(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    later = article("strike in Raqqa on 2017-06-01.", source="Late", published="2017-06-03")
    early = article("strike in Raqqa on 2017-06-01 killing 2.", source="Early", published="2017-06-01")
    ingest(store, [later, early], FakePipeline())
    [(event_id, *_)] = _canon(store)
    first_report = store.con.execute("SELECT report_id FROM reports WHERE article_id = ?", [early.id]).fetchone()[0]
    assert event_id == first_report
    assert early.published == date(2017, 6, 1)


def test_reports_of_one_family_link_across_batches_like_a_rebuild(tmp_path):
    """An IED report and a later 'attack' report of the same bombing, ingested apart."""
    from dataclasses import replace

    class FamilyPipeline(FakePipeline):
        def process(self, article):
            coded = super().process(article)
            coded.events = [replace(e, disorder_type="Political violence",
                                    event_type="Violence against civilians" if article.source == "Late" else
                                    e.event_type, sub_event_type="Attack" if article.source == "Late" else
                                    e.sub_event_type) for e in coded.events]
            return coded

    store = Store(tmp_path / "s.duckdb")
    ingest(store, [article("strike in Raqqa on 2017-06-01 killing 2 by Coalition.", source="Early",
                           published="2017-06-01")], FamilyPipeline())
    ingest(store, [article("strike in Raqqa on 2017-06-01 killing 3 by Coalition.", source="Late",
                           published="2017-06-02")], FamilyPipeline())
    incremental = _clusters(store)
    assert len(incremental) == 1
    relink_all(store)
    assert _clusters(store) == incremental
    [(_, fatalities, sources, reports)] = _canon(store)
    assert (fatalities, sources, reports) == (2, 2, 2)


FILLERS = ["Residents of the eastern districts counted damaged shops and homes after dawn today.",
           "A local council member described panic in crowded streets near the old bridge market.",
           "Hospital staff appealed for blood donations as ambulances queued outside the gates.",
           "Monitors said families fled toward farmland south of the river during the night.",
           "Teachers closed two schools while rescue crews searched rubble with bare hands."]


def test_a_stock_sentence_in_many_stories_never_drives_a_merge(tmp_path):
    """The same sentence in 3+ different stories is boilerplate: from then on it links nothing,
    incrementally and in a rebuild alike."""
    texts = [(f"{filler} strike in Raqqa on 2017-06-01.", src, f"2017-06-0{i + 2}")
             for i, (filler, src) in enumerate(zip(FILLERS, "ABCDE"))]
    store = Store(tmp_path / "s.duckdb")
    for text, src, pub in texts:
        ingest(store, [article(text, source=src, published=pub)], FakePipeline())
    incremental = _clusters(store)
    assert sorted(len(c) for c in incremental) == [1, 1, 1, 2]
    relink_all(store)
    assert _clusters(store) == incremental
    one_batch = Store(tmp_path / "b.duckdb")
    ingest(one_batch, [article(t, source=s, published=p) for t, s, p in texts], FakePipeline())
    assert _clusters(one_batch) == incremental


def test_sentence_keys_are_backfilled_by_the_migration(tmp_path, monkeypatch):
    from strife.linking.events import sentence_key
    from strife.store import db

    shipped = db.migrations()
    monkeypatch.setattr(db, "migrations", lambda: [m for m in shipped if m[0] < 13])  # an older Strife
    store = Store(tmp_path / "s.duckdb")
    store.con.execute("INSERT INTO articles (id, text) VALUES ('a1', 'Strike in Raqqa on 2017-06-01.')")
    store.con.execute("INSERT INTO sentences VALUES ('a1', 0, 0, 30, 'Strike in Raqqa on 2017-06-01.')")
    store.con.execute("INSERT INTO reports (report_id, article_id, sentence_index) VALUES ('r1', 'a1', 0)")
    store.close()
    monkeypatch.setattr(db, "migrations", lambda: shipped)
    store = Store(tmp_path / "s.duckdb")
    assert store.con.execute("SELECT sentence_key FROM reports").fetchall() == [
        (sentence_key("strike in Raqqa on 2017-06-01."),)]
