"""The extraction chain, stage by stage: Article -> CodedArticle with located, dated events.

Each stage is a small object with one method taking and returning a typed record
(see ``strife.model``).  This module only wires them together; it holds no logic
of its own.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from strife.config import Settings
from strife.model import Article, CodedArticle, ParsedArticle


class Pipeline:
    """nlp -> coding -> geo -> time (dates, then background) -> one report per incident
    (:mod:`strife.linking.document`), loaded once and reused for many articles."""

    def __init__(self, settings: Settings | None = None):
        from strife.coding import get_coder
        from strife.coding.naming import ActorNamer
        from strife.dictionaries import load_dictionaries
        from strife.geo import Geoparser
        from strife.nlp import load_nlp
        from strife.time import BackgroundMarker, DateResolver

        self.settings = settings or Settings()
        self.nlp = load_nlp(self.settings.model, dictionaries=self.settings.dictionaries)
        self.coder = get_coder(self.settings)
        self.geoparser = Geoparser(self.settings)
        self.dates = DateResolver()
        self.background = BackgroundMarker()
        self.namer = ActorNamer(load_dictionaries(self.settings.dictionaries))
        self.candidates = None
        if self.settings.prefilter:
            from strife.candidates import trigger_filter

            # True: trigger words only (lossless on the gold sets); "context": also require a
            # conflict-context word beside ambiguous triggers (faster, loses events: see docs)
            self.candidates = trigger_filter(self.settings.model,
                                             tuple(str(p) for p in self.settings.dictionaries),
                                             context=self.settings.prefilter == "context")

    def process(self, article: Article) -> CodedArticle:
        """Run one article through every stage."""
        from strife.nlp import parse

        if not self.reads(article):
            return self._unread(article)
        if not self.may_hold_events(article):
            return CodedArticle(ParsedArticle(article, doc=None))
        if self.windowed(article):
            return self._process_windows(article)
        return self._finish(parse(self.nlp, article))

    def process_many(self, articles: Iterable[Article], n_process: int = 1,
                     batch_size: int = 16) -> Iterator[CodedArticle]:
        """Run a stream of articles; results in input order, same as :meth:`process`."""
        from strife.nlp import parse_many

        skip = lambda a: self.windowed(a) or not (self.reads(a) and self.may_hold_events(a))  # noqa: E731
        for parsed in parse_many(self.nlp, articles, batch_size=batch_size, n_process=n_process, skip=skip):
            if parsed.doc is not None:
                yield self._finish(parsed)
            elif self.windowed(parsed.article):
                yield self.process(parsed.article)
            elif not self.reads(parsed.article):
                yield self._unread(parsed.article)
            else:
                yield CodedArticle(parsed)

    def reads(self, article: Article) -> bool:
        """Whether the loaded pipeline's language is the article's (an English model on
        Arabic text would only invent events)."""
        return (article.lang or self.nlp.lang).lower().split("-")[0] == self.nlp.lang

    def may_hold_events(self, article: Article) -> bool:
        """False if the candidate filter says the coder would find nothing: the parser is skipped."""
        return self.candidates is None or self.candidates.could_contain_event(article.text)

    def windowed(self, article: Article) -> bool:
        """True if the article is too long to code as one document (see strife.windows)."""
        return len(article.text) > min(self.settings.window_chars, self.nlp.max_length)

    def _process_windows(self, article: Article) -> CodedArticle:
        """Code a long article window by window within the time budget, else TooSlowToCode."""
        from strife.nlp import parse
        from strife.windows import TooSlowToCode, merge, window_article, windows

        started, budget = time.monotonic(), self.settings.article_seconds
        parts = windows(article.text, article.body_start, min(self.settings.window_chars, self.nlp.max_length))
        done = []
        for i, w in enumerate(parts):
            if time.monotonic() - started > budget:
                raise TooSlowToCode(
                    f"too slow to code: {len(article.text):,} characters, over the budget of "
                    f"{budget:g} s per article after {i} of {len(parts)} windows "
                    "(STRIFE_ARTICLE_SECONDS raises it)")
            done.append((w, self._finish(parse(self.nlp, window_article(article, w)))))
        return merge(article, done)

    def _unread(self, article: Article) -> CodedArticle:
        return CodedArticle(ParsedArticle(article, doc=None), warnings=[
            f"not coded: article language {article.lang!r}, pipeline language {self.nlp.lang!r}"])

    def _finish(self, parsed) -> CodedArticle:
        from strife.linking.document import resolve_document

        coded = self.coder.code(parsed)
        coded = self.geoparser.locate(coded)
        coded = self.dates.resolve(coded)
        coded = self.background.mark(coded)
        coded = self.namer.name_events(coded)  # actor names need the event's country and date
        coded = resolve_document(coded)
        return coded
