"""Strife on Apache Spark: the same per-article extraction, run by executors over Parquet/JSONL.

* :mod:`strife.spark.schema` -- the Parquet layout (articles, reports) shared with the store.
* :mod:`strife.spark.rows` -- typed records <-> plain rows (no Spark import; testable alone).
* :mod:`strife.spark.worker` -- what runs inside an executor's Python process.
* :mod:`strife.spark.job` -- the driver side: read, ``mapInPandas``, write.
* :mod:`strife.spark.load` -- ``strife load-parquet``: Spark output into the DuckDB store.
"""
