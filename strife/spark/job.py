"""The driver side of ``strife spark-extract``: read articles, extract with ``mapInPandas``, write Parquet.

Output layout under ``OUTPUT``::

    articles/   one row per input article: metadata, text, sentence offsets,
                n_reports, and ``error`` (null unless the article could not be processed)
    reports/    one row per report, the store's ``reports`` columns + nested ``evidence``

``strife load-parquet OUTPUT`` copies both into a DuckDB store and links reports into
canonical events the same way ``strife ingest`` does.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any

from strife.spark.schema import (ARTICLE_INPUT_FIELDS, ARTICLE_OPTIONAL_FIELDS, extraction_ddl,
                                 report_columns)
from strife.spark.worker import make_partition_fn

#: Articles handed to the pipeline per Arrow batch (bounds executor memory).
DEFAULT_RECORDS_PER_BATCH = 64

JSON_SUFFIXES = (".jsonl", ".json", ".ndjson", ".jsonl.gz", ".json.gz", ".ndjson.gz")


@dataclass
class ExtractSummary:
    articles: int
    failed: int
    reports: int
    output: str


def spark_session(master: str | None = None, app_name: str = "strife-extract",
                  conf: dict[str, str] | None = None):
    """A SparkSession (the existing one under ``spark-submit``); executors run this Python."""
    from pyspark.sql import SparkSession

    # Executors must run the interpreter that has strife and the model installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    settings = {"spark.sql.execution.arrow.maxRecordsPerBatch": str(DEFAULT_RECORDS_PER_BATCH),
                "spark.sql.session.timeZone": "UTC"}
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def input_format(uri: str) -> str:
    """``parquet`` or ``json`` from the path's suffix (a directory counts as Parquet)."""
    low = uri.lower().rstrip("/")
    return "json" if low.endswith(JSON_SUFFIXES) else "parquet"


def read_articles(spark, uri: str, fmt: str | None = None):
    """Articles as a DataFrame with every input column (missing ones null)."""
    from pyspark.sql import functions as F

    fmt = fmt or input_format(uri)
    wanted = ARTICLE_INPUT_FIELDS + ARTICLE_OPTIONAL_FIELDS
    if fmt == "json":
        fields = [f"`{c}` string" for c in wanted if c != "body_start"] + ["`body_start` int",
                                                                           "`_corrupt_record` string"]
        df = (spark.read.schema(", ".join(fields))
              .option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", "_corrupt_record")
              .json(uri))
    elif fmt == "parquet":
        df = spark.read.parquet(uri)
    else:
        raise ValueError(f"unknown input format {fmt!r} (parquet or json)")
    if "text" not in df.columns:
        raise ValueError(f"{uri}: no `text` column (columns: {', '.join(df.columns)})")
    for col in wanted + ("_corrupt_record",):
        if col not in df.columns:
            df = df.withColumn(col, F.lit(None).cast("int" if col == "body_start" else "string"))
    df = df.withColumn("origin", F.coalesce(F.col("origin"), F.col("id").cast("string"), F.input_file_name()))
    return df.select(*wanted, "_corrupt_record")


def extract(df, options: dict[str, Any] | None = None, batch_size: int = 16, partitions: int | None = None):
    """Extraction rows (one per article, reports nested) from an articles DataFrame."""
    spark = df.sparkSession
    want = partitions or spark.sparkContext.defaultParallelism
    if df.rdd.getNumPartitions() < want:
        df = df.repartition(want)
    return df.mapInPandas(make_partition_fn(options, batch_size), extraction_ddl())


def write_outputs(extracted, output: str, mode: str = "overwrite") -> None:
    """Write ``articles/`` and ``reports/`` from one extraction (computed once, persisted)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    extracted = extracted.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        extracted.drop("reports").write.mode(mode).parquet(_join(output, "articles"))
        names = [name for name, _ in report_columns()]
        (extracted.select(F.explode("reports").alias("r")).select(*[F.col(f"r.`{n}`").alias(n) for n in names])
         .write.mode(mode).parquet(_join(output, "reports")))
    finally:
        extracted.unpersist()


def summarize(spark, output: str) -> ExtractSummary:
    from pyspark.sql import functions as F

    row = (spark.read.parquet(_join(output, "articles"))
           .agg(F.count(F.lit(1)).alias("n"),
                F.sum(F.when(F.col("error").isNotNull(), 1).otherwise(0)).alias("failed"),
                F.sum("n_reports").alias("reports"))
           .collect()[0])
    return ExtractSummary(row["n"], row["failed"] or 0, row["reports"] or 0, output)


def run(input_uri: str, output: str, master: str | None = None, fmt: str | None = None,
        options: dict[str, Any] | None = None, partitions: int | None = None,
        mode: str = "overwrite", conf: dict[str, str] | None = None, spark=None) -> ExtractSummary:
    """The whole job: read ``input_uri``, extract, write under ``output``; returns counts."""
    spark = spark or spark_session(master, conf=conf)
    df = read_articles(spark, input_uri, fmt)
    write_outputs(extract(df, options, partitions=partitions), output, mode)
    return summarize(spark, output)


def _join(base: str, name: str) -> str:
    return base.rstrip("/") + "/" + name
