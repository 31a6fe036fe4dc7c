"""Write the ``spark-extract`` output layout without Spark (tests, small runs, other engines)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from strife.spark.schema import articles_arrow_schema, reports_arrow_schema


def write_extraction(rows: Iterable[dict[str, Any]], output: str | Path) -> tuple[int, int]:
    """Extraction rows (see :func:`strife.spark.worker.extract_rows`) -> ``articles/``, ``reports/``.

    Returns (articles, reports) written.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = list(rows)
    art_schema, rep_schema = articles_arrow_schema(), reports_arrow_schema()
    articles = [{k: r.get(k) for k in art_schema.names} for r in rows]
    reports = [{k: rep.get(k) for k in rep_schema.names} for r in rows for rep in r["reports"]]
    for name, data, schema in (("articles", articles, art_schema), ("reports", reports, rep_schema)):
        folder = Path(output) / name
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(data, schema=schema), folder / "part-00000.parquet")
    return len(articles), len(reports)
