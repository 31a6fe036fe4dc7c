"""The Python API behind ``strife.extract`` and ``strife.Store`` (imported lazily by ``strife``).

``extract`` runs the same pipeline as ``strife ingest`` on one text; ``Store.events``
reads the same projection (filters checked, corrections applied) as ``strife events``
and ``GET /events``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from strife.model import EventRecord
from strife.store.db import Store as _DbStore
from strife.store.queries import EventFilter, count_events, get_event, iter_events

_pipeline = None
_pipeline_lock = threading.Lock()


def default_pipeline():
    """One Pipeline per process, loaded (spaCy and all) on first use."""
    global _pipeline
    with _pipeline_lock:
        if _pipeline is None:
            from strife.pipeline import Pipeline

            _pipeline = Pipeline()
        return _pipeline


def extract(text: str, published: date | str | None = None, *, title: str | None = None,
            source: str | None = None, url: str | None = None, background: bool = False,
            pipeline=None) -> list[EventRecord]:
    """The events the pipeline codes for one article's text, each with its evidence spans.

    ``published`` (a date or YYYY-MM-DD) anchors relative dates ("on Thursday").  Background
    events (history, war-wide summaries the article recalls) are left out unless
    ``background=True``, as in the store's default views.
    """
    from strife.model import Article
    from strife.sources import read_text

    day = date.fromisoformat(published) if isinstance(published, str) else published
    meta = {k: v for k, v in {"title": title, "source": source, "url": url}.items() if v}
    articles = [a for a in read_text(text, meta=meta or None, published=day) if isinstance(a, Article)]
    pipe = pipeline or default_pipeline()
    events: list[EventRecord] = []
    for article in articles:
        events += [e for e in pipe.process(article).events if background or not e.background]
    return events


class Store(_DbStore):
    """A Strife store opened for reading (``read_only=False`` to write), with the event
    views of the CLI: ``Store("strife.duckdb").events(country="Syria", since="2017-09-01")``."""

    def __init__(self, path: str | Path = "strife.duckdb", read_only: bool = True):
        super().__init__(path, read_only=read_only)

    def iter_events(self, limit: int | None = None, **filters) -> Iterator[dict]:
        """Every event matching ``filters`` (the options of ``strife events``), page by page."""
        return iter_events(self.con, EventFilter(**filters), limit=limit)

    def events(self, limit: int | None = None, **filters) -> list[dict]:
        """The events matching ``filters`` as the CLI and API show them (corrections applied);
        an unknown country/admin1/type raises UnknownValue naming the closest valid value."""
        return list(self.iter_events(limit=limit, **filters))

    def count(self, **filters) -> int:
        """How many events match ``filters``."""
        flt = EventFilter(**filters)
        flt.check(self.con)
        return count_events(self.con, flt)

    def event(self, event_id: str) -> dict | None:
        """One event with evidence, reports and corrections (as ``strife show``)."""
        return get_event(self.con, event_id)
