"""Ingest service: articles -> pipeline -> linking -> store, in batches.

Each batch is written in one transaction: either every article of the batch is
stored with its reports, evidence and canonical events, or none is.  Articles
already in the store (same content hash) are skipped, so re-ingesting is a no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice

from strife.linking import Linker, StoryIndex, merge_cluster, signature
from strife.linking.events import LinkRule, family, set_sentence_keys
from strife.linking.stories import from_values
from strife.model import Article, CodedArticle, EventRecord, SourceError
from strife.windows import TooSlowToCode
from strife.store import Store
from strife.store.records import (
    article_stories, articles_in_order, insert_article, replace_all_events, report_records,
    reports_in_families, set_stories_and_links, stories_of_sentences, story_signatures, upsert_events,
)

STORY_WINDOW_DAYS = 7  # syndicated copies appear within a week of each other


@dataclass
class IngestReport:
    """What an ingest run did."""

    read: int = 0
    stored: int = 0
    already_stored: int = 0
    reports: int = 0
    background: int = 0  # reports set aside as background (history, war-wide summaries)
    events_touched: int = 0
    errors: list[SourceError] = field(default_factory=list)
    stored_ids: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)  # canonical events created or updated


def _batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def ingest(store: Store, items: Iterable[Article | SourceError], pipeline, batch_size: int = 32,
           n_process: int = 1, on_item: Callable[[Article | SourceError], None] | None = None
           ) -> IngestReport:
    """Read, extract, link and store ``items``; errors are collected, never raised."""
    report = IngestReport()
    for batch in _batches(items, batch_size):
        fresh: list[Article] = []
        seen: set[str] = set()
        for item in batch:
            if on_item:
                on_item(item)
            if isinstance(item, SourceError):
                report.errors.append(item)
                continue
            report.read += 1
            if item.id in seen or store.has_article(item.id):
                report.already_stored += 1
                continue
            seen.add(item.id)
            fresh.append(item)
        coded = _extract(pipeline, fresh, n_process, report.errors)
        for part, touched in _store(store, coded, report.errors, report.event_ids):
            report.stored += len(part)
            report.reports += sum(len(c.events) for c in part)
            report.background += sum(e.background for c in part for e in c.events)
            report.events_touched += touched
            report.stored_ids += [c.article.id for c in part]
    return report


def _store(store: Store, coded: list[CodedArticle], errors: list[SourceError],
           touched_ids: list[str]) -> Iterator[tuple[list[CodedArticle], int]]:
    """Store the batch in one transaction; if that fails, each article in its own, so an
    article the store refuses becomes that article's error, never the batch's."""
    if not coded:
        return
    try:
        yield coded, store_coded(store, coded, touched_ids)
        return
    except Exception:  # noqa: BLE001 - retried one by one below, each failure reported
        pass
    for c in coded:
        try:
            yield [c], store_coded(store, [c], touched_ids)
        except Exception as exc:  # noqa: BLE001
            errors.append(SourceError(c.article.origin or c.article.id,
                                      f"cannot store: {type(exc).__name__}: {exc}"))


def _extract(pipeline, articles: list[Article], n_process: int,
             errors: list[SourceError]) -> list[CodedArticle]:
    """Run the pipeline; if the batch fails, retry one by one so one bad article loses nothing else.

    Articles the pipeline codes in windows (long ones) run one by one: one that is too slow
    to code becomes its own error instead of stalling or failing the batch.
    """
    if not articles:
        return []
    windowed = getattr(pipeline, "windowed", lambda a: False)
    long = [a for a in articles if windowed(a)]
    short = [a for a in articles if not windowed(a)]
    if short and hasattr(pipeline, "code_each"):  # failures come back in their article's place
        coded = [c for a, c in zip(short, pipeline.code_each(short, n_process=n_process))
                 if _kept(a, c, errors)]
    else:
        try:
            coded = list(pipeline.process_many(short, n_process=n_process)) if short else []
        except Exception:  # noqa: BLE001 - one bad article must not fail the batch: retried one by one
            coded = [c for c in (_extract_one(pipeline, a, errors) for a in short) if c is not None]
    return coded + [c for c in (_extract_one(pipeline, a, errors) for a in long) if c is not None]


def _kept(article: Article, result: CodedArticle | BaseException, errors: list[SourceError]) -> bool:
    """True for a CodedArticle; an exception becomes the article's error."""
    if isinstance(result, BaseException):
        errors.append(_error(article, result))
        return False
    return True


def _error(article: Article, exc: BaseException) -> SourceError:
    reason = str(exc) if isinstance(exc, TooSlowToCode) else f"extraction failed: {type(exc).__name__}: {exc}"
    return SourceError(article.origin or article.id, reason)


def _extract_one(pipeline, article: Article, errors: list[SourceError]) -> CodedArticle | None:
    try:
        return pipeline.process(article)
    except Exception as exc:  # noqa: BLE001 - report, skip, go on
        errors.append(_error(article, exc))
    return None


def _order(coded: list[CodedArticle]) -> list[CodedArticle]:
    return sorted(coded, key=lambda c: (c.article.published or date.max, c.article.id))


def store_coded(store: Store, coded: list[CodedArticle], touched_ids: list[str] | None = None) -> int:
    """Link a batch of coded articles against the store and write it in one transaction.

    Returns the number of canonical events created or updated (their ids are appended to
    ``touched_ids`` when given).
    """
    coded = _order(coded)
    con = store.con
    story_of_new, sigs = _stories(con, coded)
    for c in coded:
        set_sentence_keys(c)
    linker = Linker()
    stored = _stored_reports_near(con, [e for c in coded for e in c.events], linker.rule)
    linker.preload(stored)
    linker.preload_sentences(stories_of_sentences(
        con, [r.sentence_key for r in stored + [e for c in coded for e in c.events] if r.sentence_key]))
    touched: dict[str, object] = {}
    for c in coded:
        for cluster in linker.add_article(c.events, story=story_of_new[c.article.id]):
            touched[cluster.event_id] = cluster
    with store.transaction():
        for c in coded:
            aid = c.article.id
            insert_article(con, c, story_id=story_of_new[aid], minhash=sigs[aid])
        # new reports carry their cluster id; stored reports keep theirs
        merged = _merge(con, list(touched.values()))
        upsert_events(con, merged)
    if touched_ids is not None:
        touched_ids.extend(e.event_id_cnty for e in merged)
    return len(merged)


def _stories(con, coded: list[CodedArticle]):
    """Story ids for new articles, from stored signatures published near them."""
    index = StoryIndex()
    dates = [c.article.published for c in coded if c.article.published]
    if dates:
        lo, hi = min(dates) - timedelta(days=STORY_WINDOW_DAYS), max(dates) + timedelta(days=STORY_WINDOW_DAYS)
        rows = story_signatures(con, lo, hi)
    else:
        rows = story_signatures(con)
    for aid, story, values in rows:
        index.add(aid, from_values(values), story)
    story_of, sigs = {}, {}
    for c in coded:
        a = c.article
        sig = signature(a.text[a.body_start:])
        story_of[a.id] = index.add(a.id, sig)
        sigs[a.id] = [int(v) for v in sig.hashvalues]
    return story_of, sigs


def _stored_reports_near(con, events: list[EventRecord], rule: LinkRule) -> list[EventRecord]:
    """Stored reports that could link with ``events``: the same type family, dates within reach.

    Complete linkage keeps a cluster's members within twice the widest slack of each
    other, so this loads every member of any cluster a new report can join (whose
    merged fields are then recomputed from all of them).
    """
    dated = [e for e in events if e.event_date and family(e)]
    if not dated:
        return []
    reach = timedelta(days=2 * max(rule.days_by_time_precision))
    lo = min(e.event_date for e in dated) - reach
    hi = max((e.date_end or e.event_date) for e in dated) + reach
    families = sorted({family(e) for e in dated})
    return reports_in_families(con, lo, hi, families)


def _merge(con, clusters) -> list[EventRecord]:
    """Merged canonical records of clusters (their reports are already in the store)."""
    if not clusters:
        return []
    article_ids = sorted({r.article_id for c in clusters for r in c.reports})
    rows = article_stories(con, article_ids)
    story_of = {aid: story for aid, story, _ in rows}
    outlet_of = {aid: outlet for aid, _, outlet in rows}
    return [merge_cluster(c.event_id, c.reports, story_of, outlet_of) for c in clusters]


def relink_all(store: Store) -> int:
    """Rebuild stories and canonical events from every stored report (``strife link --rebuild``).

    Articles are replayed in publication order through the same Linker that
    incremental ingest uses, so both give the same clusters when batches arrive
    in publication order.  Returns the number of canonical events.
    """
    con = store.con
    articles = articles_in_order(con)
    reports = report_records(con, "TRUE", [])
    by_article: dict[str, list[EventRecord]] = {}
    for r in reports:
        r.canonical_id = None
        by_article.setdefault(r.article_id, []).append(r)
    index, linker = StoryIndex(), Linker()
    story_of, outlet_of, sigs = {}, {}, {}
    for aid, text, body_start, outlet in articles:
        sig = signature(text[body_start or 0:])
        story_of[aid] = index.add(aid, sig)
        outlet_of[aid] = outlet
        sigs[aid] = [int(v) for v in sig.hashvalues]
        linker.add_article(sorted(by_article.get(aid, []), key=lambda r: r.event_id_cnty), story=story_of[aid])
    merged = [merge_cluster(c.event_id, c.reports, story_of, outlet_of)
              for c in linker.clusters.values()]
    with store.transaction():
        set_stories_and_links(con, [(aid, story_of[aid], sigs[aid]) for aid in story_of],
                              [(r.event_id_cnty, r.canonical_id) for r in reports])
        replace_all_events(con, merged)
    return len(merged)
