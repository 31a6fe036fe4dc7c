"""The bundled examples give the same events through Spark (local[2]) as through the local pipeline."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

pytestmark = [pytest.mark.spark, pytest.mark.slow]


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs a Java runtime (java 17): none on PATH and JAVA_HOME unset")
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'strife[spark]')")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from strife.spark.job import spark_session

    session = spark_session("local[2]", "strife-test", conf={
        "spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "2",
        "spark.default.parallelism": "2", "spark.driver.host": "127.0.0.1",
        "spark.sql.execution.arrow.maxRecordsPerBatch": "4"})
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _spark_reports(output):
    import pyarrow.parquet as pq

    return pq.read_table(f"{output}/reports").to_pylist()


def test_examples_same_events_locally_and_on_spark(spark, pipeline, examples, key, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from strife.spark.job import run

    articles, records = examples
    local = sorted(key(ev) for a in articles for ev in pipeline.process(a).events)
    assert local, "the bundled examples should yield events"

    src = tmp_path / "articles.parquet"
    pq.write_table(pa.Table.from_pylist(records + [{"id": "broken", "text": None}]), src)
    summary = run(str(src), str(tmp_path / "out"), spark=spark)

    assert sorted(key(r) for r in _spark_reports(tmp_path / "out")) == local
    assert summary.articles == len(articles) + 1 and summary.failed == 1
    assert summary.reports == len(local)


def test_jsonl_input_read_like_strife_ingest(spark, pipeline, key, tmp_path):
    """A JSON Lines file with a truncated line: good lines coded as `strife ingest` codes them."""
    from strife.model import Article
    from strife.sources import read_paths
    from strife.spark.job import run

    src = tmp_path / "wire.jsonl"
    good = (EXAMPLES / "wire-2017.jsonl").read_text(encoding="utf-8").rstrip("\n")
    src.write_text(good + '\n{"id": "cut", "text": "Shelling killed\n', encoding="utf-8")
    read = list(read_paths([src]))
    local = sorted(key(ev) for a in read if isinstance(a, Article) for ev in pipeline.process(a).events)

    summary = run(str(src), str(tmp_path / "out"), spark=spark)

    assert sorted(key(r) for r in _spark_reports(tmp_path / "out")) == local
    assert summary.failed == sum(1 for a in read if not isinstance(a, Article)) == 1
