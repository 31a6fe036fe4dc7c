"""Who says so: "X said ...", "a spokesman for Y said ...", "according to Z".

The reporting source is stored apart from the actors (``EventRecord.reported_by``).
When the speaker speaks for an organisation, a pronoun subject inside the reported
clause ("Aziz, a spokesman for the SDF, said they have taken ...") refers to that
organisation: that is returned as ``speaker_actor``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from strife.nlp.spans import entity_of


@dataclass
class Attribution:
    reporter: str | None = None  # canonical name or the words of the source
    start: int | None = None  # character span of the source in the text
    end: int | None = None
    speaker_actor: Span | None = None  # ACTOR entity the speaker speaks for (or is)
    speaker_token: Token | None = None  # the reporting verb's subject
    named: bool = False  # reporter is a named person or dictionary entry, not a description


def _ent_in(tok: Token, labels: tuple[str, ...]) -> Span | None:
    """The first entity in ``tok``'s phrase, preferring labels in the order given."""
    doc = tok.doc
    lo, hi = tok.left_edge.i, tok.right_edge.i
    starts = (entity_of(t) for t in doc[lo:hi + 1] if t.ent_iob_ == "B")
    ents = [e for e in starts if e is not None and e.end - 1 <= hi and e.label_ in labels]
    ents.sort(key=lambda e: (labels.index(e.label_), e.start))
    return ents[0] if ents else None


def _source_of(subj: Token, roles: set[str]) -> Attribution:
    doc = subj.doc
    att = Attribution(speaker_token=subj)
    subtree = list(subj.subtree)
    ent = None
    if subj.ent_type_ == "PERSON":
        ent = entity_of(subj)
        att.reporter, att.named = ent.text, True
    # "X, a spokesman for Y" / "the head of Y" -> Y is the organisation.
    org = None
    for t in subtree:
        if t.lemma_.lower() in roles:
            for p in t.children:
                if p.dep_ == "prep" and p.lower_ in ("for", "of", "at", "from"):
                    org = _ent_in(p, ("ACTOR", "ORG", "NORP", "GPE"))
                    if org is not None:
                        break
        if org is not None:
            break
    if org is None and subj.ent_type_ in ("ACTOR", "ORG", "GPE", "NORP"):
        org = entity_of(subj)
    if org is not None and org.label_ == "ACTOR":
        att.speaker_actor = org
    if att.reporter is None:
        if org is not None:
            att.reporter, att.named = (org.ent_id_ or org.text), True
            att.start, att.end = org.start_char, org.end_char
        else:
            words = [t for t in subtree if t.dep_ not in ("punct",)]
            att.reporter = doc[words[0].i:words[-1].i + 1].text if words else subj.text
            att.start, att.end = doc[words[0].i].idx, doc[words[-1].i].idx + len(doc[words[-1].i])
    else:
        att.start, att.end = ent.start_char, ent.end_char
    return att


def attribution_for(head: Token, cues: dict) -> Attribution:
    """The source that reports the clause headed by ``head`` (empty when none)."""
    reporting = set(cues["reporting_verbs"])
    roles = set(cues["speaker_roles"])
    tok = head
    for _ in range(4):
        if tok.dep_ in ("ccomp", "parataxis", "conj") and tok.head.lemma_.lower() in reporting:
            verb = tok.head
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return _source_of(subj, roles)
        if tok.dep_ in ("ROOT",) or tok.head.i == tok.i:
            break
        if tok.dep_ not in ("ccomp", "conj", "xcomp", "advcl", "dobj", "pobj", "prep", "acl", "relcl"):
            break
        tok = tok.head
    # "according to X" anywhere in the sentence.
    for t in head.sent:
        if t.lower_ == "according" and t.dep_ == "prep":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            obj = next((c for c in (to.children if to is not None else []) if c.dep_ == "pobj"), None)
            if obj is not None:
                return _source_of(obj, roles)
    # The sentence's own main verb is a reporting verb and the trigger is in its object.
    root = head.sent.root
    if root.lemma_.lower() in reporting and root is not head:
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is not None and head in root.subtree and not (subj.i <= head.i <= subj.right_edge.i):
            return _source_of(subj, roles)
    return Attribution()


def source_phrases(sent: Span) -> set[int]:
    """Token indices of "according to X" phrases: X is who reports, and a trigger word in it
    ("according to vigilantes", "according to protest organisers") names the source, not an act."""
    out: set[int] = set()
    for t in sent:
        if t.lower_ == "according":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            for obj in (c for c in (to.children if to is not None else []) if c.dep_ == "pobj"):
                out.update(x.i for x in obj.subtree)
    return out
