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
        self.sentences = None  # the trigger tier, applied to each sentence (Settings.sentence_filter)
        self._pool = None  # (processes, executor) of process_many's workers
        if self.settings.sentence_filter:
            from strife.candidates import trigger_filter

            self.sentences = trigger_filter(self.settings.model,
                                            tuple(str(p) for p in self.settings.dictionaries))
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
        return self._finish(parse(self.nlp, article, self.pieces if self.sentences is not None else None))

    def pieces(self, article: Article, text: str):
        """Which sentences of ``text`` (``article``'s parsable text, or a window's) the parser
        reads: every piece when the sentence filter is off (None), else
        :func:`strife.candidates.pieces_to_parse` with the dateline and lead as the head."""
        from strife.candidates import pieces_to_parse
        from strife.windows import head_end

        head = max(head_end(text, article.body_start), article.body_start + 1)
        return pieces_to_parse(self.sentences, text, head)

    def process_many(self, articles: Iterable[Article], n_process: int = 1,
                     batch_size: int = 16) -> Iterator[CodedArticle]:
        """Run a stream of articles; results in input order, same as :meth:`process`.

        With ``n_process`` > 1, worker processes run every stage (see :mod:`strife.workers`)
        and the CodedArticles come back without their spaCy Doc."""
        if n_process > 1:
            from strife.workers import code_in_workers

            for result in code_in_workers(self, articles, n_process, batch_size):
                if isinstance(result, BaseException):
                    raise result
                yield result
            return
        from strife.nlp import parse_many

        skip = lambda a: self.windowed(a) or not (self.reads(a) and self.may_hold_events(a))  # noqa: E731
        pieces = self.pieces if self.sentences is not None else None
        for parsed in parse_many(self.nlp, articles, batch_size=batch_size, skip=skip, pieces=pieces):
            if parsed.doc is not None:
                yield self._finish(parsed)
            elif self.windowed(parsed.article):
                yield self.process(parsed.article)
            elif not self.reads(parsed.article):
                yield self._unread(parsed.article)
            else:
                yield CodedArticle(parsed)

    def code_each(self, articles: Iterable[Article], n_process: int = 1,
                  batch_size: int = 16) -> Iterator[CodedArticle | BaseException]:
        """Like :meth:`process_many`, but an article that fails gives its exception in its
        place instead of stopping the stream (in one process: its batch is coded again one
        article at a time)."""
        from itertools import islice

        from strife.workers import code_batch, code_in_workers

        if n_process > 1:
            yield from code_in_workers(self, articles, n_process, batch_size)
            return
        stream = iter(articles)
        while batch := list(islice(stream, batch_size)):
            yield from code_batch(self, batch)

    def close(self) -> None:
        """End the worker processes of :meth:`process_many`, if any were started."""
        if self._pool is not None:
            self._pool[1].shutdown(wait=True, cancel_futures=True)
            self._pool = None

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
            pieces = self.pieces if self.sentences is not None else None
            done.append((w, self._finish(parse(self.nlp, window_article(article, w), pieces))))
        return merge(article, done)

    def _unread(self, article: Article) -> CodedArticle:
        return CodedArticle(ParsedArticle(article, doc=None), warnings=[
            f"not coded: article language {article.lang!r}, pipeline language {self.nlp.lang!r}"])

    def _finish(self, parsed) -> CodedArticle:
        """Code a parsed article; if it was parsed in part and the result leans on what the
        parser skipped (:meth:`needs_whole_parse`), parse it whole and code it again."""
        coded = self._code(parsed)
        if parsed.unparsed and self.needs_whole_parse(coded):
            from strife.nlp import parse

            coded = self._code(parse(self.nlp, parsed.article))
        return coded

    @staticmethod
    def needs_whole_parse(coded: CodedArticle) -> bool:
        """An event placed by the article-wide place vote (no place in its own or the previous
        sentences: every toponym counts, with its syntax), or with evidence in a sentence the
        parser skipped, depends on the whole article: only a whole parse codes it as a whole
        parse would."""
        unparsed = coded.parsed.unparsed
        for ev in coded.events:
            if ev.geo_fallback:
                return True
            if any(s < e.end and e.start < t for e in ev.evidence for s, t in unparsed):
                return True
        return False

    def _code(self, parsed) -> CodedArticle:
        from strife.linking.document import resolve_document

        coded = self.coder.code(parsed)
        coded = self.geoparser.locate(coded)
        coded = self.dates.resolve(coded)
        coded = self.background.mark(coded)
        coded = self.namer.name_events(coded)  # actor names need the event's country and date
        coded = resolve_document(coded)
        return coded
