"""The extraction chain, stage by stage: Article -> CodedArticle with located, dated events.

Each stage is a small object with one method taking and returning a typed record
(see ``strife.model``).  This module only wires them together; it holds no logic
of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from strife.config import Settings
from strife.model import Article, CodedArticle


class Pipeline:
    """nlp -> coding -> geo -> time, loaded once and reused for many articles."""

    def __init__(self, settings: Settings | None = None):
        from strife.coding import get_coder
        from strife.geo import Geoparser
        from strife.nlp import load_nlp
        from strife.time import DateResolver

        self.settings = settings or Settings()
        self.nlp = load_nlp(self.settings.model, dictionaries=self.settings.dictionaries)
        self.coder = get_coder(self.settings)
        self.geoparser = Geoparser(self.settings)
        self.dates = DateResolver()

    def process(self, article: Article) -> CodedArticle:
        """Run one article through every stage."""
        from strife.nlp import parse

        if not self.reads(article):
            return self._unread(article)
        return self._finish(parse(self.nlp, article))

    def process_many(self, articles: Iterable[Article], n_process: int = 1,
                     batch_size: int = 16) -> Iterator[CodedArticle]:
        """Run a stream of articles; results in input order, same as :meth:`process`."""
        from strife.nlp import parse_many

        for parsed in parse_many(self.nlp, articles, batch_size=batch_size, n_process=n_process,
                                 skip=lambda a: not self.reads(a)):
            if parsed.doc is None:
                yield self._unread(parsed.article)
            else:
                yield self._finish(parsed)

    def reads(self, article: Article) -> bool:
        """Whether the loaded pipeline's language is the article's (an English model on
        Arabic text would only invent events)."""
        return (article.lang or self.nlp.lang).lower().split("-")[0] == self.nlp.lang

    def _unread(self, article: Article) -> CodedArticle:
        from strife.model import ParsedArticle

        return CodedArticle(ParsedArticle(article, doc=None), warnings=[
            f"not coded: article language {article.lang!r}, pipeline language {self.nlp.lang!r}"])

    def _finish(self, parsed) -> CodedArticle:
        coded = self.coder.code(parsed)
        coded = self.geoparser.locate(coded)
        coded = self.dates.resolve(coded)
        return coded
