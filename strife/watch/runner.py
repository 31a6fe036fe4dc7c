"""Rounds of `strife watch`: poll each due source, ingest what is new, record the state.

The rules:

* A feed is fetched with the validators (ETag / Last-Modified) it sent last time; a 304 is
  a success with nothing new.  An item is new when its key (its link, else the id of its
  text) was never taken from that source.  An item that carries only a summary (no more
  than :data:`SUMMARY_CHARS` characters of text and a link) is replaced by its page's main
  text (trafilatura), when robots.txt allows and the page gives more text.
* A folder's item is a file version (path, modification time, size): new and changed files
  are read by the same readers as ``strife ingest``.
* New items go through :func:`strife.ingest.ingest` (idempotent, linked), then are recorded
  as taken, then the source's validators are saved: a crash at any point loses at most the
  items in flight, and reading them again stores nothing twice.
* Every failure (network, HTTP status, malformed feed, unreadable file) is recorded on its
  source with the reason, and the round goes on with the other sources.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from strife.model import Article, SourceError
from strife.sources.fetch import Fetcher, FetchError
from strife.store import watch as state
from strife.watch.config import SourceSpec

log = logging.getLogger("strife.watch")
SUMMARY_CHARS = 1200


@dataclass
class SourceResult:
    """What one source gave in one round."""

    source: str
    new_items: int = 0
    new_events: int = 0
    errors: list[str] = field(default_factory=list)
    not_modified: bool = False
    event_ids: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One line for the round's log."""
        what = "not modified" if self.not_modified else f"{self.new_items} new items, {self.new_events} events"
        errors = f", {len(self.errors)} errors: " + "; ".join(self.errors[:3]) if self.errors else ""
        return f"{self.source}: {what}{errors}"


class Watcher:
    """Follows ``sources`` into ``store`` with ``pipeline``; :meth:`round` runs one round."""

    def __init__(self, store, pipeline, sources: list[SourceSpec], fetcher: Fetcher | None = None,
                 lock=None, clock: Callable[[], float] = time.monotonic):
        self.store = store
        self.pipeline = pipeline
        self.sources = list(sources)
        self.fetcher = fetcher or Fetcher()
        self.lock = lock  # held around every store write (the API server's write lock)
        self.clock = clock
        self.next_due: dict[str, float] = {}

    # -- scheduling -------------------------------------------------------------
    def due(self, now: float | None = None) -> list[SourceSpec]:
        now = self.clock() if now is None else now
        return [s for s in self.sources if self.next_due.get(s.target, 0.0) <= now]

    def seconds_to_next(self) -> float:
        now = self.clock()
        return max(0.0, min((self.next_due.get(s.target, 0.0) - now for s in self.sources), default=60.0))

    def round(self, only_due: bool = True) -> list[SourceResult]:
        """Poll every (due) source once; one result per source polled."""
        results = []
        for spec in (self.due() if only_due else self.sources):
            try:
                result = self._feed(spec) if spec.kind == "feed" else self._folder(spec)
            except Exception as exc:  # a bug in one source must not stop the others
                log.debug("source %s failed", spec.target, exc_info=True)
                result = SourceResult(spec.target, errors=[f"unexpected {type(exc).__name__}: {exc}"])
                error = result.errors[0]
                self._write(lambda con, spec=spec, error=error: state.record_attempt(con, spec.target, spec.kind,
                                                                                     error=error))
            self.next_due[spec.target] = self.clock() + spec.interval
            results.append(result)
        return results

    def follow(self, stop=None, once: bool = False, echo: Callable[[str], None] = print,
               max_sleep: float = 60.0) -> None:
        """Run rounds until ``stop`` (a threading.Event) is set, or one round if ``once``:
        after each round, one line per polled source, then the alerts of the events it touched."""
        from strife.watch import alerts

        while True:
            results = self.round(only_due=not once)
            for r in results:
                echo(r.line())
            touched = [i for r in results for i in r.event_ids]
            self._write(lambda con, touched=touched: alerts.fire(con, touched, self.fetcher, echo))
            if once:
                return
            wait = min(max_sleep, max(1.0, self.seconds_to_next()))
            if stop is not None:
                if stop.wait(wait):
                    return
            else:
                time.sleep(wait)

    # -- feeds ------------------------------------------------------------------
    def _feed(self, spec: SourceSpec) -> SourceResult:
        from strife.sources.feed import read_feed

        result = SourceResult(spec.target)
        known = self._read(lambda con: state.source_state(con, spec.target)) or {}
        try:
            got = self.fetcher.get(spec.target, known.get("etag"), known.get("last_modified"))
        except FetchError as exc:
            error = str(exc)
            result.errors.append(error)
            self._write(lambda con: state.record_attempt(con, spec.target, "feed", error=error))
            return result
        if got.not_modified:
            result.not_modified = True
            self._write(lambda con: state.record_attempt(con, spec.target, "feed"))
            return result
        items = list(read_feed(got.body, origin=spec.target))
        feed_errors = [i for i in items if isinstance(i, SourceError)]
        articles = [i for i in items if isinstance(i, Article)]
        if feed_errors and not articles:  # the whole document is unusable (malformed, empty)
            reason = f"feed unreadable: {feed_errors[0].reason}"
            result.errors.append(reason)
            self._write(lambda con: state.record_attempt(con, spec.target, "feed", error=reason))
            return result
        result.errors += [f"{e.origin}: {e.reason}" for e in feed_errors]
        keyed = {self._item_key(a): a for a in articles}
        seen = self._read(lambda con: state.seen_keys(con, spec.target, list(keyed)))
        fresh = [(k, self._complete(a, spec, result)) for k, a in keyed.items() if k not in seen]
        self._ingest(spec, fresh, result)
        self._write(lambda con: state.record_attempt(con, spec.target, "feed", etag=got.etag,
                                                     last_modified=got.last_modified))
        return result

    @staticmethod
    def _item_key(article: Article) -> str:
        return article.url or article.id

    def _complete(self, article: Article, spec: SourceSpec, result: SourceResult) -> Article:
        """The item's article, with the page's main text when the feed gave only a summary,
        and the source's outlet and language."""
        from strife.sources.html import read_html

        if article.url and len(article.text) <= SUMMARY_CHARS:
            try:
                page = self.fetcher.page(article.url)
                full = next((a for a in read_html(page.body, origin=article.url) if isinstance(a, Article)), None)
                if full is not None and len(full.text) > len(article.text):
                    full.title = full.title or article.title
                    full.url = article.url
                    full.source = full.source or article.source
                    if article.published:
                        full.published, full.published_from = article.published, article.published_from
                    article = full
            except FetchError as exc:
                result.errors.append(f"{article.url}: page not fetched, summary kept ({exc})")
        if spec.outlet:
            article.source = spec.outlet
        if spec.language:
            article.lang = spec.language
        return article

    # -- folders ----------------------------------------------------------------
    def _folder(self, spec: SourceSpec) -> SourceResult:
        from strife.sources.walk import read_paths, walk_dir

        result = SourceResult(spec.target)
        root = Path(spec.target)
        if not root.is_dir():
            reason = "not a folder" if root.exists() else "no such folder"
            result.errors.append(reason)
            self._write(lambda con: state.record_attempt(con, spec.target, "folder", error=reason))
            return result
        versions = {}
        for file in walk_dir(root):
            try:
                st = file.stat()
            except OSError:
                continue  # removed while walking
            versions[f"{file}:{st.st_mtime_ns}:{st.st_size}"] = file
        seen = self._read(lambda con: state.seen_keys(con, spec.target, list(versions)))
        batch: list[tuple[str, Article]] = []
        for key, file in versions.items():
            if key in seen:
                continue
            items = list(read_paths([file]))
            result.errors += [f"{e.origin}: {e.reason}" for e in items if isinstance(e, SourceError)]
            arts = [a for a in items if isinstance(a, Article)]
            for a in arts:
                if spec.outlet:
                    a.source = spec.outlet
                if spec.language:
                    a.lang = spec.language
            if arts:
                batch += [(key, a) for a in arts]
            else:  # nothing readable in this version: do not read it again until it changes
                self._write(lambda con, k=key: state.record_items(con, spec.target, [(k, None, 0)]))
        self._ingest(spec, batch, result)
        self._write(lambda con: state.record_attempt(con, spec.target, "folder"))
        return result

    # -- the store ---------------------------------------------------------------
    def _ingest(self, spec: SourceSpec, fresh: list[tuple[str, Article]], result: SourceResult) -> None:
        """Ingest new items, then mark them taken (after: see the module docstring)."""
        from strife.ingest import ingest

        if not fresh:
            return
        articles = [a for _, a in fresh]
        pipeline = Tagged(self.pipeline, spec.tags) if spec.tags else self.pipeline
        report = self._write(lambda con: ingest(self.store, articles, pipeline))
        result.errors += [f"{e.origin}: {e.reason}" for e in report.errors]
        failed = {e.origin for e in report.errors}
        kept = [(k, a) for k, a in fresh if (a.origin or a.id) not in failed]
        counts = self._read(lambda con: state.report_counts(con, [a.id for _, a in kept]))
        taken = [(k, a.id, counts.get(a.id, 0)) for k, a in kept]
        self._write(lambda con: state.record_items(con, spec.target, taken))
        result.new_items += len(taken)
        result.new_events += report.events_touched
        result.event_ids += report.event_ids

    def _write(self, fn):
        if self.lock is None:
            return fn(self.store.con)
        with self.lock:
            return fn(self.store.con)

    def _read(self, fn):
        return self._write(fn)


class Tagged:
    """A pipeline whose events carry a source's tags in ACLED's ``tags`` column
    ("; "-joined, after any tags the coder set)."""

    def __init__(self, pipeline, tags: tuple[str, ...]):
        self.pipeline = pipeline
        self.tags = tags

    def _tag(self, coded):
        for ev in coded.events:
            ev.tags = "; ".join(dict.fromkeys([*(ev.tags.split("; ") if ev.tags else []), *self.tags]))
        return coded

    def process(self, article):
        return self._tag(self.pipeline.process(article))

    def process_many(self, articles, **kwargs):
        for coded in self.pipeline.process_many(articles, **kwargs):
            yield self._tag(coded)


def run_in_thread(store, lock, config, pipeline_factory, stop, echo: Callable[[str], None] = log.info):
    """Start a daemon thread following ``config`` (a WatchConfig) into an open ``store``,
    taking ``lock`` around every write: how ``strife serve --watch`` keeps one writer.
    Returns the thread; set ``stop`` to end it after the current round."""
    import threading

    from strife.watch.alerts import save_rules

    def work() -> None:
        pipeline = pipeline_factory()
        with lock, store.transaction() as con:
            save_rules(con, config.alerts)
        watcher = Watcher(store, pipeline, config.sources, lock=lock)
        try:
            watcher.follow(stop=stop, echo=echo)
        except Exception:  # the server goes on serving; the log says why the watcher stopped
            log.exception("the watcher stopped")
        finally:
            watcher.fetcher.close()

    thread = threading.Thread(target=work, name="strife-watch", daemon=True)
    thread.start()
    return thread
