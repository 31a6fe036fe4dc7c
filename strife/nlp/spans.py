"""Span look-ups on a parsed Doc that cost what the answer costs, not the document's length.

``doc.ents`` builds a new tuple of every entity on each access, so "the entity holding this
token" written as a scan of ``doc.ents`` costs the whole document per call, and the coder
asks it per candidate event: quadratic in the article's length.  The token already carries
its entity's IOB tag, so the span is found by walking its neighbours.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token


def root_at(doc: Doc | None, start: int, end: int) -> Token | None:
    """The syntactic root of the tokens covering characters ``start``-``end`` (a trigger's
    head word), or None without a parse or tokens there."""
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def entity_of(tok: Token) -> Span | None:
    """The named-entity span ``tok`` belongs to (the one in ``doc.ents``), or None."""
    if tok.ent_iob_ not in ("B", "I"):
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=tok.ent_type, kb_id=tok.ent_kb_id, span_id=tok.ent_id)


#: ``doc.user_data`` key of :func:`entities`' answer.
_ENTITIES = "strife.entities"


def entities(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once per Doc: the stages after the parser ask for it many times
    (per article, per sentence, per candidate) and never change it.  Only for a finished
    Doc: one whose entities are still being set must read ``doc.ents``."""
    found = doc.user_data.get(_ENTITIES)
    if found is None:
        found = doc.user_data[_ENTITIES] = doc.ents
    return found


def entities_in(span: Span) -> list[Span]:
    """``span.ents`` (the entities wholly inside ``span``) from :func:`entities`."""
    out = []
    start, end = span.start, span.end
    for ent in entities(span.doc):
        if ent.start >= start:
            if ent.end <= end:
                out.append(ent)
            else:
                break
    return out
