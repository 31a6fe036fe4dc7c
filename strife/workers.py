"""Worker processes that run every stage: parse -> code -> geo -> time, per article.

``Pipeline.process_many(articles, n_process=N)`` with N > 1 hands batches of articles to N
worker processes (``concurrent.futures.ProcessPoolExecutor``, "spawn" start method: a
fresh interpreter, no state inherited from a parent that may hold a database or threads).
Each worker builds its own Pipeline from the parent's Settings once, in the pool's
initializer, and returns finished CodedArticles; the parent only links and writes.  The
spaCy Doc is dropped before a result crosses the process boundary (nothing after the
pipeline reads it: linking and the store use sentences, mentions, places and events).

A batch that fails is coded again one article at a time in the worker, so a failure is
reported in the failing article's place (an exception object) and costs nothing else; the
pool lives as long as the Pipeline (``Pipeline.close`` ends it).
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from strife.model import Article, CodedArticle

_PIPELINE = None  # the worker process's Pipeline


def code_batch(pipeline, articles: list[Article]) -> list[CodedArticle | BaseException]:
    """Code a batch in one go; if that fails, one by one, each failure in its article's place."""
    try:
        return list(pipeline.process_many(articles, n_process=1, batch_size=max(len(articles), 1)))
    except Exception:  # noqa: BLE001 - isolate the culprit below
        out: list[CodedArticle | BaseException] = []
        for article in articles:
            try:
                out.append(pipeline.process(article))
            except Exception as exc:  # noqa: BLE001 - one bad article must not fail the others
                out.append(exc)
        return out


def portable(result: CodedArticle | BaseException) -> CodedArticle | BaseException:
    """``result`` as it can cross a process boundary: a CodedArticle without its Doc, an
    exception that pickles (else a RuntimeError naming the original type)."""
    if isinstance(result, BaseException):
        try:
            pickle.dumps(result)
            return result
        except Exception:  # noqa: BLE001
            return RuntimeError(f"{type(result).__name__}: {result}")
    result.parsed.doc = None
    return result


def _start(settings) -> None:
    global _PIPELINE
    from strife.pipeline import Pipeline

    _PIPELINE = Pipeline(settings)


def _run(articles: list[Article]) -> list[CodedArticle | BaseException]:
    return [portable(r) for r in code_batch(_PIPELINE, articles)]


def pool(pipeline, n_process: int) -> ProcessPoolExecutor:
    """The pipeline's pool of ``n_process`` workers, started on first use and kept."""
    if pipeline._pool is not None and pipeline._pool[0] != n_process:
        pipeline.close()
    if pipeline._pool is None:
        executor = ProcessPoolExecutor(n_process, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_start, initargs=(pipeline.settings,))
        pipeline._pool = (n_process, executor)
    return pipeline._pool[1]


def code_in_workers(pipeline, articles: Iterable[Article], n_process: int,
                    batch_size: int = 16) -> Iterator[CodedArticle | BaseException]:
    """Every article's CodedArticle (or the exception it raised), in input order, coded by
    ``n_process`` workers; at most two batches per worker are in flight."""
    executor = pool(pipeline, n_process)
    stream = iter(articles)
    pending: deque = deque()

    def submit() -> bool:
        batch = list(islice(stream, batch_size))
        if batch:
            pending.append(executor.submit(_run, batch))
        return bool(batch)

    for _ in range(2 * n_process):
        if not submit():
            break
    while pending:
        results = pending.popleft().result()
        submit()
        yield from results
