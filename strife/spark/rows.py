"""Typed records <-> plain rows (dicts) for the Parquet layout in :mod:`strife.spark.schema`.

Nothing here imports Spark: the conversions are shared by the executors, the loader
and the tests.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from strife.model import Article, CodedArticle, EventRecord, Evidence
from strife.spark.schema import report_columns
from strife.store.records import REPORT_FIELDS


def _or(value: Any, default: Any) -> Any:
    """``value`` unless it is None (0.0 stays 0.0, unlike ``value or default``)."""
    return default if value is None else value


def missing_to_none(value: Any) -> Any:
    """None for the many shapes of "missing" pandas/Arrow hand over (NaN, NaT, pd.NA)."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas as pd

        if value is pd.NaT or value is pd.NA:
            return None
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    return value


def to_date(value: Any) -> date | None:
    """A ``date`` from a date, datetime, pandas Timestamp or ISO string (None if unreadable)."""
    value = missing_to_none(value)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):  # also pandas.Timestamp
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def article_from_row(row: dict[str, Any]) -> Article:
    """Build the Article the local path builds from the same record.

    A plain input record (``id, url, title, text, published, source, lang``) goes through
    :func:`strife.sources.records.article_from_record`, exactly as ``strife ingest`` reads a
    JSON line (content-hash id, dateline detection, language guess).  A row that already
    carries the reader's results (``body_start`` present, e.g. written from
    :func:`strife.sources.read_paths`) is taken as it is.  Raises ValueError when unusable.
    """
    get = lambda k: missing_to_none(row.get(k))  # noqa: E731
    corrupt = get("_corrupt_record")
    if corrupt is not None:
        raise ValueError(f"unreadable input record: {str(corrupt)[:200]!r}")
    origin = get("origin") or (str(get("id")) if get("id") is not None else None) or "spark"
    if get("body_start") is None:
        from strife.sources.base import default_max_bytes
        from strife.sources.records import article_from_record

        record = {k: (v.isoformat() if isinstance(v, (date, datetime)) else v)
                  for k, v in ((k, get(k)) for k in row) if v is not None}
        made = article_from_record(record, origin, "json", default_max_bytes())
        if not isinstance(made, Article):
            raise ValueError(made.reason)
        return made
    text = get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("article has no text")
    return Article(
        text=text, title=get("title"), url=get("url"), source=get("source"),
        published=to_date(get("published")), lang=get("lang") or "en", dateline=get("dateline"),
        body_start=int(get("body_start")), origin=origin, published_from=get("published_from"),
    )


def evidence_row(e: Evidence) -> dict[str, Any]:
    return {"field": e.field, "article_id": e.article_id, "start": e.start, "end": e.end,
            "text": e.text, "confidence": e.confidence, "note": e.note}


def report_row(ev: EventRecord) -> dict[str, Any]:
    """One store ``reports`` row (+ nested evidence) for a coded event."""
    row: dict[str, Any] = {"report_id": ev.event_id_cnty}
    for f in REPORT_FIELDS:
        row[f] = getattr(ev, f)
    row["evidence"] = [evidence_row(e) for e in ev.evidence]
    return row


def coded_row(coded: CodedArticle) -> dict[str, Any]:
    """The extraction row of one article: metadata, sentence offsets and its reports."""
    a = coded.article
    return {
        "article_id": a.id, "origin": a.origin, "url": a.url, "title": a.title,
        "source": a.source, "published": a.published, "published_from": a.published_from,
        "lang": a.lang, "dateline": a.dateline, "body_start": a.body_start, "text": a.text,
        "warnings": list(coded.warnings) or None,
        "sentences": [{"idx": s.index, "start": s.start, "end": s.end} for s in coded.parsed.sentences],
        "n_reports": len(coded.events), "report_ids": [ev.event_id_cnty for ev in coded.events],
        "error": None,
        "reports": [report_row(ev) for ev in coded.events],
    }


def error_row(row: dict[str, Any], exc: BaseException) -> dict[str, Any]:
    """An extraction row for an article that could not be processed (job goes on)."""
    text = missing_to_none(row.get("text"))
    return {
        "article_id": str(missing_to_none(row.get("id")) or ""), "origin": missing_to_none(row.get("origin")),
        "url": missing_to_none(row.get("url")), "title": missing_to_none(row.get("title")),
        "source": missing_to_none(row.get("source")), "published": to_date(row.get("published")),
        "published_from": None, "lang": missing_to_none(row.get("lang")), "dateline": None,
        "body_start": None, "text": text if isinstance(text, str) else None,
        "warnings": None, "sentences": [], "n_reports": 0, "report_ids": [],
        "error": f"{type(exc).__name__}: {exc}"[:2000], "reports": [],
    }


def event_from_report_row(row: dict[str, Any]) -> EventRecord:
    """Rebuild an EventRecord (with evidence) from a report row read back from Parquet."""
    kinds = dict(report_columns())
    values = {}
    for f in REPORT_FIELDS:
        v = missing_to_none(row.get(f))
        if v is not None and kinds[f] == "date":
            v = to_date(v)
        elif v is not None and kinds[f] in ("int", "bigint"):
            v = int(v)
        elif kinds[f] == "boolean":
            v = bool(v)  # a flag absent from older output is unset
        values[f] = v
    ev = EventRecord(**{k: v for k, v in values.items() if v is not None},
                     event_id_cnty=row["report_id"])
    for f, v in values.items():  # None must win over dataclass defaults too
        setattr(ev, f, v)
    ev.evidence = [Evidence(e["field"], e["article_id"], int(e["start"]), int(e["end"]), e["text"],
                            _or(missing_to_none(e.get("confidence")), 1.0), missing_to_none(e.get("note")))
                   for e in (missing_to_none(row.get("evidence")) if row.get("evidence") is not None else [])]
    return ev
