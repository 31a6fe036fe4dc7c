"""Date the one event of a short report: :func:`resolve_text`, the function ``strife eval time`` measures."""

from __future__ import annotations

import re
from datetime import date

from strife.time.expressions import TimeExpr, find_expressions
from strife.time.lexicon import Lexicon, load_lexicon

Span = tuple[int, int] | None


def _reporting_re(lex: Lexicon) -> re.Pattern:
    forms = ["said", "told", "wrote"]  # past forms only: "will announce on Friday" is the event
    for lemma in lex.reporting_verbs:
        forms.append(lemma + "d" if lemma.endswith("e") else lemma + "ed")
    alt = "|".join(sorted(set(forms), key=len, reverse=True))
    return re.compile(rf"\b(?:{alt})\b(?:\s+\w+){{0,2}}\s*(?:on\s+|,\s*)?$", re.I)


def resolve_text(text: str, published: date | None, nlp=None) -> tuple[date | None, int, Span]:
    """(event date, ACLED precision, span of the expression used) for a short report.

    Without ``nlp`` the choice is by surface cues: future-tense expressions are
    dropped unless every expression is future; expressions that follow a reporting
    verb ("said on Thursday") are used only when nothing else dates the event; of
    the rest the first wins.  With a spaCy ``nlp`` the report is parsed and the
    main event verb's clause decides, as in :class:`~strife.time.DateResolver`.
    With no expression the publication date is returned with precision 2, or
    (None, 3, None) when that is unknown.
    """
    if nlp is not None:
        return _resolve_parsed(text, published, nlp)
    lex = load_lexicon()
    exprs = find_expressions(text, published, lex=lex)
    picked = pick_by_surface(exprs, text, published, lex)
    if picked is None:
        return (published, 2, None) if published is not None else (None, 3, None)
    expr, precision = picked
    return expr.first, precision, (expr.start, expr.end)


def pick_by_surface(exprs: list[TimeExpr], text: str, published: date | None,
                    lex: Lexicon | None = None) -> tuple[TimeExpr, int] | None:
    """The expression (and precision) that dates the event of ``text`` without a parse, or None."""
    lex = lex or load_lexicon()
    points = [e for e in exprs if e.kind != "duration" and e.resolved]
    past = [e for e in points if not e.future]
    pool = past or points
    reporting = _reporting_re(lex)
    direct = [e for e in pool if e.future or not reporting.search(text[max(0, e.start - 40):e.start])]
    chosen: TimeExpr | None = (direct or pool or [None])[0]
    if chosen is not None:
        return chosen, chosen.precision if direct else max(chosen.precision, 2)  # only the report's date
    durations = [e for e in exprs if e.kind == "duration"]
    if durations and published is not None:
        chosen = durations[0].anchored_at(published)
        return chosen, chosen.precision
    return None


def _resolve_parsed(text: str, published: date | None, nlp) -> tuple[date | None, int, Span]:
    from strife.time.attach import spacy_future_test
    from strife.time.resolver import choose

    doc = nlp(text)
    lex = load_lexicon()
    exprs = find_expressions(text, published, is_future=spacy_future_test(doc), lex=lex)
    trigger = main_event_verb(doc, lex)
    choice = choose(exprs, trigger, doc, published, lex) if trigger is not None else None
    if choice is None:
        return (published, 2, None) if published is not None else (None, 3, None)
    return choice.expr.first, choice.expr.precision, (choice.expr.start, choice.expr.end)


def main_event_verb(doc, lex: Lexicon | None = None):
    """The first sentence's root, or the clause it reports ("X said [militants attacked]")."""
    from strife.time.attach import is_reporting

    sents = list(doc.sents)
    if not sents:
        return None
    root = sents[0].root
    if is_reporting(root, lex):
        for child in root.children:
            if child.dep_ in ("ccomp", "parataxis") and child.pos_ in ("VERB", "AUX"):
                return child
    return root
