"""What runs inside an executor's Python process: a cached pipeline and the partition function.

The spaCy pipeline and the gazetteer are loaded once per Python worker process and
kept in a module-level cache; Spark reuses Python workers between tasks
(``spark.python.worker.reuse``, on by default), so a worker pays the load once for
the whole job, not once per partition.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from strife.model import Article, CodedArticle
from strife.spark.rows import article_from_row, coded_row, error_row
from strife.spark.schema import ARTICLE_COLUMNS

log = logging.getLogger(__name__)

#: (settings key) -> Pipeline, one per Python process.
_PIPELINES: dict[tuple, Any] = {}

OUTPUT_COLUMNS: list[str] = [name for name, _ in ARTICLE_COLUMNS] + ["reports"]


def settings_key(options: dict[str, Any]) -> tuple:
    return (options.get("model"), tuple(options.get("dictionaries") or ()), options.get("gazetteer"),
            options.get("coder"))


def get_pipeline(options: dict[str, Any] | None = None):
    """The process-wide Pipeline for these settings, built on first use."""
    from strife.config import Settings
    from strife.pipeline import Pipeline

    options = options or {}
    key = settings_key(options)
    if key not in _PIPELINES:
        settings = Settings()
        if options.get("model"):
            settings.model = options["model"]
        if options.get("dictionaries"):
            settings.dictionaries = [Path(p) for p in options["dictionaries"]]
        if options.get("coder"):
            settings.coder = options["coder"]
        if options.get("gazetteer"):
            settings.gazetteer = Path(options["gazetteer"])
        _PIPELINES[key] = Pipeline(settings)
    return _PIPELINES[key]


def code_articles(pipeline, articles: list[Article], batch_size: int = 16) -> list[CodedArticle | BaseException]:
    """Code a batch (the sentence-level path of the pipeline's Settings); if the batch fails,
    one by one so only the bad article fails (:func:`strife.workers.code_batch`)."""
    from strife.workers import code_batch

    out: list[CodedArticle | BaseException] = []
    for i in range(0, len(articles), batch_size):
        out += code_batch(pipeline, articles[i:i + batch_size])
    for article, result in zip(articles, out):
        if isinstance(result, BaseException):
            log.warning("article %s failed: %s", article.id, result)
    return out


def extract_rows(records: Iterable[dict[str, Any]], options: dict[str, Any] | None = None,
                 batch_size: int = 16) -> Iterator[dict[str, Any]]:
    """Input records -> extraction rows (see :func:`strife.spark.schema.extraction_ddl`)."""
    pipeline = None
    records = list(records)
    built: list[tuple[dict, Article | BaseException]] = []
    for rec in records:
        try:
            built.append((rec, article_from_row(rec)))
        except Exception as exc:  # noqa: BLE001
            built.append((rec, exc))
    good = [a for _, a in built if isinstance(a, Article)]
    coded: Iterator[CodedArticle | BaseException] = iter(())
    if good:
        pipeline = get_pipeline(options)
        coded = iter(code_articles(pipeline, good, batch_size))
    for rec, art in built:
        result = art if isinstance(art, BaseException) else next(coded)
        if isinstance(result, BaseException):
            row = error_row(rec, result)
            if isinstance(art, Article):
                row["article_id"] = art.id
            yield row
        else:
            try:
                yield coded_row(result)
            except Exception as exc:  # noqa: BLE001
                yield error_row(rec, exc)


def make_partition_fn(options: dict[str, Any] | None = None, batch_size: int = 16):
    """The function handed to ``DataFrame.mapInPandas`` (pickled to every executor)."""
    options = dict(options or {})

    def extract_partition(frames):
        import pandas as pd

        for frame in frames:
            rows = list(extract_rows(frame.to_dict("records"), options, batch_size))
            yield pd.DataFrame(rows, columns=OUTPUT_COLUMNS)

    return extract_partition
