"""Date each coded event: the temporal expression of its clause, else its sentence, else publication.

Choices (see ``strife/time/README.md``):

* Candidates are the temporal expressions of the trigger's sentence, ranked by
  :func:`strife.time.attach.clause_distance` (verbs crossed on the dependency path,
  then tree distance).  Expressions inside another clause that keeps its own time
  (relative clauses, reduced relatives like "soldiers captured in 2014", reported
  clauses) are left out — unless nothing else dates the event and the expression is
  a recent, day- or week-level one ("on Wednesday"), the news peg of the sentence.
  An expression that modifies a reporting verb ("said on Thursday") dates the
  report, an upper bound of the event: it is used only when nothing closer exists,
  with precision at least 2.
* Expressions resolved forward (future tense, "next week", "tomorrow") never date a
  past event.  When the trigger itself is in the future they are used, with a note.
* A duration ("for about two weeks") becomes the span ending at the clause's other
  date, or at publication.
* Ranges follow ACLED: ``event_date`` is the first day, ``date_end`` the last,
  precision by width (1 day, 2 up to a week, 3 longer).
* No expression in the sentence, but the next sentence's subject is a definite event
  noun ("The deal reached at the end of August ...", see ``event_nouns`` in the
  lexicon) dated in its own clause: that date, at lower confidence (the definite
  noun usually refers back to the event just told).
* An event dated only by its report ("X has crossed ..., a group said on Thursday")
  or not at all takes the date of a later mention of the same predicate that is
  dated in its own clause ("... crossed into the province on Wednesday"), when the
  two share a noun and the later date refines the earlier one (on or before it, at
  most a week back): news leads summarise what later paragraphs date.
* Otherwise: the publication date with precision 2 (news
  reports recent events, within days of publication).  No publication date
  either: no date, precision 3 and a warning.  Strife never uses today's date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from strife.model import Article, CodedArticle, EventRecord
from strife.nlp.spans import root_at
from strife.time.attach import (clause_distance, governing_verb, head_chain, is_future_verb, is_reporting,
                                spacy_future_test)
from strife.time.expressions import TimeExpr, find_expressions
from strife.time.lexicon import Lexicon, load_lexicon
from strife.time.text import pick_by_surface

NO_PUBLICATION = "publication date unknown: relative dates were not resolved and today's date was not used"


@dataclass
class Choice:
    """The expression chosen for an event and how sure we are."""

    expr: TimeExpr
    confidence: float
    note: str
    reporting: bool = False  # the expression dates the report, not the event


class DateResolver:
    """Sets ``event_date``, ``date_end``, ``year`` and ``time_precision`` of every event."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lex = lexicon or load_lexicon()

    def resolve(self, coded: CodedArticle) -> CodedArticle:
        """Date every event of ``coded`` in place and return it."""
        article = coded.article
        published = article.published
        doc = coded.parsed.doc
        if not coded.events:
            return coded  # nothing to date: the expressions and the tense test are not needed
        if published is None and NO_PUBLICATION not in coded.warnings:
            coded.warnings.append(NO_PUBLICATION)
        parsed = doc is not None and doc.has_annotation("DEP")
        is_future = spacy_future_test(doc) if parsed else None
        # the parsed text: page furniture blanked, same offsets as article.text
        text = doc.text if doc is not None else article.text
        exprs = find_expressions(text, published, is_future=is_future, lex=self.lex)
        for ev in coded.events:
            self.date_event(ev, article, doc, exprs)
        return coded

    def date_event(self, ev: EventRecord, article: Article, doc, exprs: list[TimeExpr]) -> None:
        """Date one event from the expressions of its article."""
        published = article.published
        if doc is None or not doc.has_annotation("DEP"):
            self._date_by_surface(ev, article, exprs)
            return
        trigger = root_at(doc, ev.trigger_start, ev.trigger_end)
        choice = choose(exprs, trigger, doc, published, self.lex) if trigger is not None else None
        if trigger is not None and (choice is None or choice.reporting):
            choice = (refine_from_same_predicate(exprs, trigger, doc, published, choice, self.lex)
                      or choice or inherit_from_next_sentence(exprs, trigger, doc, published, self.lex))
        if choice is not None:
            e = choice.expr
            _set(ev, e.first, e.last, e.precision)
            ev.add_evidence("event_date", article, e.start, e.end, choice.confidence, choice.note)
            return
        if published is not None:
            _set(ev, published, None, 2)
            ev.add_evidence("event_date", article, ev.trigger_start, ev.trigger_end, 0.3,
                            f"no temporal expression for this event: publication date "
                            f"{published.isoformat()} used, precision 2")
            return
        ev.event_date, ev.date_end, ev.year, ev.time_precision = None, None, None, 3
        ev.add_evidence("event_date", article, ev.trigger_start, ev.trigger_end, 0.0,
                        "publication date unknown and no absolute date in the text: event undated")


    def _date_by_surface(self, ev: EventRecord, article: Article, exprs: list[TimeExpr]) -> None:
        """Without a dependency parse: the expressions of the trigger's line-sentence, by surface cues."""
        text = article.text
        start = max(text.rfind(". ", 0, ev.trigger_start), text.rfind("\n", 0, ev.trigger_start)) + 1
        stops = [i for i in (text.find(". ", ev.trigger_end), text.find("\n", ev.trigger_end)) if i >= 0]
        end = min(stops) + 1 if stops else len(text)
        local = [e for e in exprs if start <= e.start and e.end <= end]
        picked = pick_by_surface(local, text, article.published, self.lex)
        if picked is not None:
            expr, precision = picked
            _set(ev, expr.first, expr.last, precision)
            ev.add_evidence("event_date", article, expr.start, expr.end, 0.5,
                            "same sentence (no dependency parse: chosen by surface cues)")
        elif article.published is not None:
            _set(ev, article.published, None, 2)
            ev.add_evidence("event_date", article, ev.trigger_start, ev.trigger_end, 0.3,
                            f"no temporal expression for this event: publication date "
                            f"{article.published.isoformat()} used, precision 2")
        else:
            _set(ev, None, None, 3)
            ev.add_evidence("event_date", article, ev.trigger_start, ev.trigger_end, 0.0,
                            "publication date unknown and no absolute date in the text: event undated")


def _set(ev: EventRecord, first: date | None, last: date | None, precision: int) -> None:
    ev.event_date = first
    ev.date_end = last if last is not None and last != first else None
    ev.year = first.year if first is not None else None
    ev.time_precision = precision


def choose(exprs: list[TimeExpr], trigger, doc, published: date | None,
           lex: Lexicon | None = None) -> Choice | None:
    """The expression that dates the event whose trigger token is ``trigger``, or None."""
    lex = lex or load_lexicon()
    sent = trigger.sent
    event_verb = governing_verb(trigger)
    event_future = is_future_verb(event_verb)
    ranked = []
    deictic_elsewhere = []
    for e in exprs:
        if e.start < sent.start_char or e.end > sent.end_char:
            continue
        span = doc.char_span(e.start, e.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        if e.future and not event_future:
            continue  # "will meet on Monday" does not date a past event
        if e.kind != "duration" and not e.resolved:
            continue
        crossed, apart, via_governor, foreign = clause_distance(span.root, trigger, lex)
        if foreign:  # "soldiers captured in 2014" dates the capture, not this event ...
            if e.kind in _DEICTIC and e.precision <= 2:
                deictic_elsewhere.append((crossed, apart, e))
            continue
        governor = next((t for t in head_chain(span.root, lex)[1:] if t.pos_ in ("VERB", "AUX")), None)
        reporting = via_governor and governor is not None and is_reporting(governor, lex)
        ranked.append((crossed + (2 if reporting else 0), apart, e, crossed, reporting))
    if not ranked and deictic_elsewhere:
        # ... but a recent deictic date ("on Wednesday", "yesterday") is the news peg of the
        # whole sentence, and parsers often hang it low ("a truck packed ... during the
        # Wednesday rush hour").
        crossed, _apart, e = min(deictic_elsewhere, key=lambda r: (r[0], r[1]))
        return Choice(e, 0.4, f"same sentence, in another clause ({crossed} clause(s) away): "
                              f"a recent day-level date taken as the sentence's")
    if not ranked:
        return None
    ranked.sort(key=lambda r: (r[0], r[1]))
    score, _apart, best, crossed, reporting = ranked[0]
    confidence = max(0.3, 0.9 - 0.15 * score)
    note = "same clause as the trigger" if crossed == 0 else f"same sentence ({crossed} clause(s) away)"
    if best.kind == "duration":
        anchors = [r[2] for r in ranked[1:] if r[2].kind != "duration" and r[2].resolved]
        anchor = anchors[0].last if anchors else published
        if anchor is None:
            return None
        best = best.anchored_at(anchor)
        note += f"; duration counted back from {anchor.isoformat()}" + (
            "" if anchors else " (publication date)")
    if reporting:
        note += "; the expression dates the report, the event happened on or before it"
        if best.precision < 2:
            best = TimeExpr(best.start, best.end, best.text, best.kind, best.first, best.last, 2,
                            best.future, best.absolute)
    if event_future:
        note += "; future tense: a planned event, not a past one"
    if published is None:
        note += "; publication date unknown"
    return Choice(best, round(confidence, 2), note, reporting)


#: Expression kinds that point at days relative to publication.
_DEICTIC = {"weekday", "relative", "week"}


def inherit_from_next_sentence(exprs: list[TimeExpr], trigger, doc, published: date | None,
                               lex: Lexicon | None = None) -> Choice | None:
    """The date of a definite event noun subject of the next sentence ("The deal ... in August")."""
    lex = lex or load_lexicon()
    sent = trigger.sent
    if sent.end >= len(doc) or any(sent.start_char <= e.start < sent.end_char for e in exprs):
        return None  # the event's own sentence has a date (maybe unresolvable): keep to it
    following = doc[sent.end].sent
    for tok in following:
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.lemma_.lower() not in lex.event_nouns:
            continue
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
            continue
        choice = choose(exprs, tok, doc, published, lex)
        if choice is not None and choice.confidence >= 0.75 and not choice.expr.future:
            note = (f"taken from the next sentence, whose subject '{tok.text}' refers back to this event "
                    f"and is dated by '{choice.expr.text}'")
            return Choice(choice.expr, round(choice.confidence - 0.3, 2), note)
    return None


_CONTENT = {"NOUN", "PROPN"}


def _content_lemmas(token) -> set[str]:
    return {t.lemma_.lower() for t in token.subtree if t.pos_ in _CONTENT}


def refine_from_same_predicate(exprs: list[TimeExpr], trigger, doc, published: date | None,
                               current: Choice | None, lex: Lexicon | None = None) -> Choice | None:
    """A later mention of the same predicate, dated in its own clause, that refines ``current``."""
    upper = current.expr.last if current is not None else published
    if upper is None or trigger.pos_ not in ("VERB", "AUX"):
        return None
    lemma = trigger.lemma_.lower()
    shared_with = _content_lemmas(trigger)
    for tok in doc:
        if tok.i == trigger.i or tok.lemma_.lower() != lemma or tok.pos_ != "VERB" \
                or tok.sent.start == trigger.sent.start:
            continue
        other = choose(exprs, tok, doc, published, lex)
        if other is None or other.confidence < 0.9 or other.expr.future or other.expr.precision > 2:
            continue
        if not (0 <= (upper - other.expr.first).days <= 7):
            continue
        if not (shared_with & _content_lemmas(tok)):
            continue
        note = (f"from another mention of the same event ('{tok.text}' ... '{other.expr.text}') "
                f"dated in its own clause")
        return Choice(other.expr, 0.6, note)
    return None
