"""load-parquet gives the store that local ingest gives (Spark output simulated without Spark)."""

import pytest

from strife.ingest import ingest
from strife.spark.load import load_parquet
from strife.spark.local import write_extraction
from strife.spark.worker import _PIPELINES, extract_rows, settings_key
from strife.store import Store


pytestmark = pytest.mark.slow

REPORT_COLS = "report_id, article_id, sub_event_type, actor1, actor2, event_date, location, fatalities, event_id"
EVENT_COLS = ("event_id_cnty, sub_event_type, actor1, actor2, event_date, location, fatalities, "
              "source_count, report_count")


def _snapshot(store):
    con = store.con
    return {
        "articles": con.execute(
            "SELECT id, published, dateline, body_start, story_id FROM articles ORDER BY id").fetchall(),
        "sentences": con.execute("SELECT * FROM sentences ORDER BY article_id, idx").fetchall(),
        "reports": con.execute(f"SELECT {REPORT_COLS} FROM reports ORDER BY report_id").fetchall(),
        "evidence": con.execute("SELECT * FROM evidence ORDER BY ALL").fetchall(),
        "events": con.execute(f"SELECT {EVENT_COLS} FROM events ORDER BY event_id_cnty").fetchall(),
    }


@pytest.fixture(scope="module")
def spark_like_output(tmp_path_factory, pipeline, examples):
    _PIPELINES[settings_key({})] = pipeline  # reuse the session pipeline as the "executor" one
    rows = list(extract_rows(examples[1]
                             + [{"id": "broken", "text": None}]))
    out = tmp_path_factory.mktemp("spark-out")
    write_extraction(rows, out)
    return out


def test_load_parquet_equals_local_ingest(spark_like_output, pipeline, examples):
    local = Store(":memory:")
    ingest(local, examples[0], pipeline)
    loaded = Store(":memory:")
    report = load_parquet(loaded, spark_like_output, batch_size=4)
    assert report.failed == 1 and report.failures[0][1].startswith("ValueError")
    assert report.stored == len(examples[0])
    want, got = _snapshot(local), _snapshot(loaded)
    assert want["reports"], "the examples should yield reports"
    for table in want:
        assert got[table] == want[table], table


def test_loading_twice_is_a_no_op(spark_like_output, examples):
    store = Store(":memory:")
    load_parquet(store, spark_like_output)
    before = store.counts()
    again = load_parquet(store, spark_like_output)
    assert again.stored == 0 and again.already_stored == len(examples[0])
    assert store.counts() == before


def test_missing_output_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="spark-extract"):
        list(load_parquet(Store(":memory:"), tmp_path / "nope").failures)
