"""Read a ``strife spark-extract`` output (Parquet) back in publication order, with DuckDB.

``strife load-parquet`` (:mod:`strife.spark.load`) walks the articles and their reports
side by side; both streams come out ordered by (published, article id) so one pass
pairs them, holding one chunk of rows in memory at a time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

import duckdb


def _rows(cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any], chunk: int = 1024) -> Iterator[dict[str, Any]]:
    cur.execute(sql, params)
    names = [d[0] for d in cur.description or ()]
    while rows := cur.fetchmany(chunk):
        for row in rows:
            yield dict(zip(names, row))


@contextlib.contextmanager
def read_output(articles_glob: str, reports_glob: str, article_columns: Sequence[str]
                ) -> Iterator[tuple[Iterator[dict[str, Any]], Iterator[dict[str, Any]]]]:
    """(articles, reports) of a Spark output as row dicts, both in publication order.

    Articles carry ``article_columns`` and ``error`` (None unless extraction failed);
    reports are those of the articles without an error, each with ``_published``.
    """
    con = duckdb.connect()
    try:
        arts, reps = con.cursor(), con.cursor()
        order = "published NULLS LAST, article_id"
        cols = ", ".join(f'"{c}"' for c in article_columns)
        articles = _rows(arts, f"SELECT {cols}, error FROM read_parquet(?) ORDER BY {order}", [articles_glob])
        reports = _rows(reps, "SELECT r.*, a.published AS _published FROM read_parquet(?) r JOIN "
                              "(SELECT article_id, published FROM read_parquet(?) WHERE error IS NULL) a "
                              "USING (article_id) ORDER BY a.published NULLS LAST, r.article_id, r.report_id",
                        [reports_glob, articles_glob])
        yield articles, reports
    finally:
        con.close()
