"""The toll of each incident, settled over the whole article after sentence-level coding.

Entry point: :func:`assign_tolls`, called by the coder after sentence-level coding.  Rules:

* A toll belongs to an incident when it is stated in the clause of one of the incident's
  mentions (the trigger's clause); or in the main clause of the mention's sentence, when
  that clause tells deaths with no killer of its own ("Six soldiers were killed and eight
  are missing after militants ambushed a patrol"); or in one of the next ``REFER_WINDOW`` sentences that
  refers back to it and tells no incident of its own: a death clause with no killer of its
  own ("At least 12 civilians were killed"), a definite noun for the act ("the strike killed
  12"), a toll noun ("The death toll rose to 12", "Among the dead were ...").  A sentence
  naming a place the incident's sentences do not name starts another incident.
* One clause is one statement: its largest figure counts.  Figures of different statements
  about one incident conflict, and ACLED takes the most conservative: the lowest (here for
  the statements attached to one mention; across the mentions of one incident,
  :mod:`strife.linking.document` keeps the lowest unless a later one updates it).  Subsets
  ("among the dead were three children", "no civilians were killed") are lower bounds, used
  only when no total is stated.
* ``fatalities_reported`` is True when any toll was stated, 0 included ("no one was killed").
* A toll above the single-event ceiling (``Settings.fatality_ceiling``) is kept only when
  stated in the trigger's own clause, and then flagged in ``review``; elsewhere it is dropped.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from strife.coding.fatalities import Toll, TollReader
from strife.model import Article, EventRecord
from strife.nlp.spans import entities_in, root_at

REFER_WINDOW = 2  # sentences after a mention that may still state its toll
PLACE_ENTS = {"GPE", "LOC", "FAC"}
DEFINITE = {"the", "this", "that", "these", "those"}


def note_mention(ev: EventRecord, sent_index: int, clause: list[Token], eligible: bool) -> None:
    """Record, on a freshly coded event, the clause of its mention (for :func:`assign_tolls`)."""
    ev._mentions = [(sent_index, tuple(t.i for t in clause))]
    ev._toll_eligible = eligible


def mentions(ev: EventRecord) -> list[tuple[int, tuple[int, ...]]]:
    """The (sentence index, clause token indices) recorded by :func:`note_mention`."""
    return list(getattr(ev, "_mentions", []))


def assign_tolls(events: list[EventRecord], doc: Doc, article: Article, reader: TollReader,
                 ceiling: int) -> None:
    """Set ``fatalities``, ``fatalities_reported``, their evidence and ``review`` on every event."""
    groups: dict[int, list[list[Toll]]] = {id(ev): [] for ev in events}
    deaths = reader.death_words(doc) if events else []
    if deaths:  # tolls hang on death words: an article without one states none
        _collect(events, doc, deaths, reader, groups)
    for ev in events:
        settle(ev, groups[id(ev)], article, ceiling)


def _collect(events: list[EventRecord], doc: Doc, deaths: list[Token], reader: TollReader,
             groups: dict[int, list[list[Toll]]]) -> None:
    sents = list(doc.sents)
    starts = [s.start for s in sents]
    by_sent: dict[int, list[Token]] = {}
    for t in deaths:
        by_sent.setdefault(bisect_right(starts, t.i) - 1, []).append(t)
    marks = sorted(((si, min(clause, default=0), ev) for ev in events for si, clause in mentions(ev)),
                   key=lambda m: (m[0], m[1]))
    mention_sents = {si for si, _, _ in marks}
    governed = _governors(events, doc, deaths)
    for ev in events:
        if getattr(ev, "_toll_eligible", False):
            for si, clause in mentions(ev):
                inside = set(clause)
                own = [t for t in by_sent.get(si, []) if t.i in inside and id(ev) in governed.get(t.i, {id(ev)})]
                groups[id(ev)].append(reader.clause_tolls(own, True, si))
    for si in sorted(mention_sents & set(by_sent)):
        here = [m for m in marks if m[0] == si]
        owners = [m[2] for m in here if getattr(m[2], "_toll_eligible", False)]
        if len({id(o) for o in owners}) != 1:
            continue  # no incident, or several: the main clause's deaths are not clearly one's
        covered = {i for m in here for sx, clause in mentions(m[2]) if sx == si for i in clause}
        main = [t for t in by_sent[si] if t.i not in covered and _main_clause(t, reader.v.reporting_verbs)
                and not _has_killer(t, reader)]
        if main:
            groups[id(owners[0])].append(reader.clause_tolls(main, False, si))
    for sj in sorted(set(by_sent) - mention_sents):
        before = [m for m in marks if m[0] < sj]
        if not before or sj - before[-1][0] > REFER_WINDOW:
            continue
        owner = before[-1][2]
        if not getattr(owner, "_toll_eligible", False):
            continue
        named = {e.text.lower() for si, _, ev in marks if ev is owner for e in entities_in(sents[si])
                 if e.label_ in PLACE_ENTS}
        if refers_back(sents[sj], by_sent[sj], reader, named):
            groups[id(owner)].append(reader.clause_tolls(by_sent[sj], False, sj))


def _governors(events: list[EventRecord], doc: Doc, deaths: list[Token]) -> dict[int, set[int]]:
    """For each death word, the events whose trigger governs it in its own conjunct: up the
    chain of heads, stopping at a coordinated verb ("were abducted and shot dead": "dead"
    completes "shot", the shooting's toll, not the abduction's, though the abduction's
    clause holds it; "attacked ..., killing 5" keeps the toll for both, as before), and the
    event whose trigger is the death word's subject or agent ("Sunday's explosion came two
    days after two bombs killed six": the bombs' six, not the explosion's).  A death word
    that no trigger governs is absent: every clause holding it keeps it."""
    at: dict[int, list[int]] = {}
    for ev in events:
        root = root_at(doc, ev.trigger_start, ev.trigger_end) if ev.trigger_end > ev.trigger_start else None
        if root is not None:
            at.setdefault(root.i, []).append(id(ev))
    out: dict[int, set[int]] = {}
    for t in deaths:
        # the act that is the death word's subject killed ("two bombs killed six"): its toll
        found = {e for c in t.children if c.dep_ in ("nsubj", "csubj") for e in at.get(c.i, ())}
        found |= {e for c in t.children if c.dep_ == "agent" for g in c.children for e in at.get(g.i, ())}
        tok = t
        while True:
            found.update(at.get(tok.i, ()))
            if tok.dep_ == "conj" or tok.head.i == tok.i:
                break
            tok = tok.head
        if found:
            out[t.i] = found
    return out


def refers_back(sent: Span, deaths: list[Token], reader: TollReader, named_places: set[str]) -> bool:
    """Whether a sentence's death clause (``deaths``: its death words) is about the incident
    told just before it."""
    if any(e.label_ in PLACE_ENTS and e.text.lower() not in named_places for e in entities_in(sent)):
        return False  # another place: another incident
    found = False
    for tok in deaths:
        if reader.cumulative(tok):
            continue
        low = tok.lemma_.lower()
        if low in reader.v.toll_nouns or tok.lower_ in reader.v.toll_nouns:
            found = True
            continue
        if not _has_killer(tok, reader):
            found = True  # "At least 12 civilians were killed", "five people died", "The strike killed 12"
        else:
            return False  # a killer of its own: another act
    return found


def _main_clause(tok: Token, reporting: frozenset[str]) -> bool:
    """The sentence's main verb, a verb joined to it ("... were killed and eight are missing"),
    or the reported clause of a main reporting verb ("..., the army said"); "dead" as the
    main verb's complement counts as the main verb ("Three people are dead after ...")."""
    if tok.dep_ == "conj":
        tok = tok.head
    if tok.dep_ in ("acomp", "attr", "oprd") and tok.head.dep_ == "ROOT":
        tok = tok.head
    if tok.dep_ in ("ccomp", "parataxis") and tok.head.dep_ == "ROOT" and tok.head.lemma_.lower() in reporting:
        return True
    return tok.dep_ == "ROOT"


def _has_killer(tok: Token, reader: TollReader) -> bool:
    """A death word with a killer of its own that does not point back ("the strike", "it")."""
    killers = [c for c in tok.children if c.dep_ in ("nsubj", "csubj") and
               any(d.dep_ == "dobj" for d in tok.children)]
    killers += [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    return any(not _points_back(k, reader) for k in killers)


def _points_back(tok: Token, reader: TollReader) -> bool:
    low = tok.lower_
    if tok.pos_ == "PRON":
        return low in reader.v.reference_nouns
    return tok.lemma_.lower() in reader.v.reference_nouns and any(
        c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children)


def settle(ev: EventRecord, groups: list[list[Toll]], article: Article, ceiling: int) -> None:
    """Choose the incident's toll from its statements (see the module docstring)."""
    statements: list[Toll] = []
    subsets: list[Toll] = []
    for tolls in groups:
        kept = [t for t in tolls if t.local or t.value <= ceiling]
        totals = [t for t in kept if not t.subset]
        if totals:
            statements.append(max(totals, key=lambda t: t.value))
        subsets += [t for t in kept if t.subset]
    chosen = min(statements, key=lambda t: t.value) if statements else \
        max(subsets, key=lambda t: t.value) if subsets else None
    ev.evidence = [e for e in ev.evidence if e.field != "fatalities"]
    if chosen is None:
        ev.fatalities, ev.fatalities_reported = 0, False
        return
    ev.fatalities, ev.fatalities_reported = chosen.value, True
    ev.add_evidence("fatalities", article, chosen.start, chosen.end)
    if chosen.value > ceiling:
        note = f"toll {chosen.value} is over the single-event ceiling {ceiling}: check the source"
        ev.review = f"{ev.review}; {note}" if ev.review else note
