"""``strife load-parquet``: Spark output into the DuckDB store, linked like ``strife ingest``.

Articles are streamed from ``OUTPUT/articles`` in publication order together with their
reports from ``OUTPUT/reports`` and handed, batch by batch, to
:func:`strife.ingest.store_coded` -- the very function local ingest uses -- so stories,
canonical events and source counts come out the same as if the articles had been
ingested locally.  Articles already in the store are skipped; failed articles are counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from strife.model import Article, CodedArticle, ParsedArticle, Sentence
from strife.spark.rows import missing_to_none, event_from_report_row, to_date
from strife.store.spark_output import read_output

_ARTICLE_COLS = ("article_id", "origin", "url", "title", "source", "published", "published_from",
                 "lang", "dateline", "body_start", "text", "warnings", "sentences", "report_ids")


@dataclass
class LoadReport:
    articles: int = 0
    stored: int = 0
    already_stored: int = 0
    failed: int = 0
    reports: int = 0
    events_touched: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (article id/origin, error)


def _parquet_glob(output: str | Path, name: str) -> str:
    base = Path(output) / name
    if not base.exists():
        raise FileNotFoundError(f"{base} not found (is {output} a `strife spark-extract` output?)")
    return str(base / "**" / "*.parquet") if base.is_dir() else str(base)


def coded_from_rows(article_row: dict, report_rows: list[dict]) -> CodedArticle:
    """A CodedArticle (no spaCy Doc) rebuilt from one article row and its report rows."""
    a = article_row
    text = a["text"]
    article = Article(text=text, title=a["title"], url=a["url"], source=a["source"],
                      published=to_date(a["published"]), lang=a["lang"] or "en",
                      dateline=a["dateline"], body_start=a["body_start"] or 0, origin=a["origin"],
                      published_from=a["published_from"], id=a["article_id"])
    sentences = [Sentence(s["idx"], s["start"], s["end"], text[s["start"]:s["end"]])
                 for s in sorted(a["sentences"] or [], key=lambda s: s["idx"])]
    by_id = {r["report_id"]: r for r in report_rows}  # a repeated article repeats its reports
    # The coder's order: linking visits an article's reports in this order.
    order = [rid for rid in (a["report_ids"] or []) if rid in by_id] or sorted(by_id)
    events = [event_from_report_row(by_id[rid]) for rid in dict.fromkeys(order)]
    return CodedArticle(parsed=ParsedArticle(article=article, doc=None, sentences=sentences),
                        events=events, warnings=list(missing_to_none(a["warnings"]) or []))


def read_coded(output: str | Path, on_failure: Callable[[dict], None] | None = None) -> Iterator[CodedArticle]:
    """Every successfully extracted article of a Spark output, in publication order."""
    articles_glob, reports_glob = _parquet_glob(output, "articles"), _parquet_glob(output, "reports")
    with read_output(articles_glob, reports_glob, _ARTICLE_COLS) as (articles, reports):
        pending = next(reports, None)
        for art in articles:
            if art["error"] is not None:
                if on_failure:
                    on_failure(art)
                continue
            art.pop("error")
            mine = []
            while pending is not None and pending["article_id"] == art["article_id"]:
                mine.append(pending)
                pending = next(reports, None)
            yield coded_from_rows(art, mine)


def load_parquet(store, output: str | Path, batch_size: int = 256,
                 on_batch: Callable[[int], None] | None = None) -> LoadReport:
    """Insert a Spark output into ``store`` and link its reports; returns what was done."""
    from strife.ingest import store_coded

    report = LoadReport()

    def failed(row: dict) -> None:
        report.articles += 1
        report.failed += 1
        report.failures.append((row.get("origin") or row.get("article_id") or "?", row["error"]))

    batch: list[CodedArticle] = []
    seen: set[str] = set()

    def flush() -> None:
        if batch:
            report.events_touched += store_coded(store, batch)
            report.stored += len(batch)
            report.reports += sum(len(c.events) for c in batch)
            if on_batch:
                on_batch(len(batch))
            batch.clear()

    for coded in read_coded(output, on_failure=failed):
        report.articles += 1
        aid = coded.article.id
        if aid in seen or store.has_article(aid):
            report.already_stored += 1
            continue
        seen.add(aid)
        batch.append(coded)
        if len(batch) >= batch_size:
            flush()
    flush()
    return report
