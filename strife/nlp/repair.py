"""Mend one garden path the small parser walks into: the reduced relative clause.

In "a fighter captured alive was sent home" the participle "captured" describes the
fighter (a reduced relative clause, "a fighter who had been captured alive"); the finite
verb is "was sent", and "fighter" is its subject.  ``en_core_web_sm`` often reads the
participle as the main verb instead, giving it the subject, and leaves the real predicate
("was sent") without one.  The repair applies only when the parse itself shows the
contradiction:

* a past participle (tag VBN) with a nominal subject just before it, no auxiliary of its
  own (a finite passive needs "was"/"were"; a perfect needs "has"/"had") and no direct
  object (a passive participle takes none), and
* a later main or coordinated verb in the same sentence that has a finite auxiliary but no
  subject (or one further left than the noun, which the nearer noun displaces), and is not
  coordinated with the participle by "and"/"or" ("Rebels captured the town and were
  driven out" shares one subject between two verbs).

The component runs right after the parser, before the attribute ruler sets coarse parts
of speech, so it reads the fine-grained tags.

Then the noun becomes the subject of the later verb (passive if it has a passive
auxiliary), the participle becomes a clause modifying the noun (``acl``), and modifiers the
participle had to the left of the noun ("On Thursday", "and") move to the real predicate.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from strife.nlp.pipeline import COMPONENT_HOOKS

COMPONENT_NAME = "strife_reduced_relatives"
_SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
_AUX = {"aux", "auxpass"}
_FINITE = {"VBD", "VBZ", "VBP", "MD"}  # "was sent", not "to be related"
_CLAUSE_HEADS = {"ROOT", "conj", "ccomp", "parataxis"}


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in _SUBJECTS), None)


def _predicate_after(participle: Token, noun: Token) -> Token | None:
    """The next verb of the sentence with an auxiliary and no subject of its own, or
    only one further left than ``noun`` (an English subject precedes its verb phrase
    with nothing but modifiers between)."""
    for tok in participle.doc[participle.i + 1: participle.sent.end]:
        if tok.dep_ == "cc":
            return None  # "... and were driven out": a second verb sharing the subject
        if tok.tag_.startswith("VB") and tok.dep_ in _CLAUSE_HEADS \
                and any(c.dep_ in _AUX and c.tag_ in _FINITE for c in tok.children):
            subject = _subject(tok)
            return tok if subject is None or subject.i < noun.left_edge.i else None
    return None


def find_reduced_relative(participle: Token) -> tuple[Token, Token] | None:
    """(noun, real predicate) when ``participle`` is a misparsed reduced relative, else None."""
    if participle.tag_ != "VBN" or any(c.dep_ in _AUX | {"dobj"} for c in participle.children):
        return None
    noun = _subject(participle)
    if noun is None or noun.dep_ != "nsubj" or not noun.tag_.startswith("NN") \
            or noun.i != participle.i - 1:
        return None
    predicate = _predicate_after(participle, noun)
    if predicate is None:
        return None
    return noun, predicate


def repair_reduced_relatives(doc: Doc) -> Doc:
    """Re-attach every misparsed reduced relative clause of ``doc`` (in place)."""
    vbn = doc.vocab.strings["VBN"]
    # Token objects are costly to create: look only at the past participles
    for i in [i for i, tag in enumerate(doc.to_array("TAG").tolist()) if tag == vbn]:
        participle = doc[i]
        found = find_reduced_relative(participle)
        if found is None:
            continue
        noun, predicate = found
        # Order matters: every step keeps the tree acyclic.
        if predicate in list(participle.subtree):
            predicate.head, predicate.dep_ = predicate, "ROOT"
            if participle.head == participle:
                participle.head = predicate
        old_subject = _subject(predicate)
        if old_subject is not None:
            old_subject.dep_ = "dep"  # the parser's guess, now without a role
        noun.head = predicate
        noun.dep_ = "nsubjpass" if any(c.dep_ == "auxpass" for c in predicate.children) else "nsubj"
        for child in [c for c in participle.children if c.i < noun.left_edge.i]:
            child.head = predicate
        participle.head, participle.dep_ = noun, "acl"
    return doc


@Language.component(COMPONENT_NAME)
def reduced_relatives_component(doc: Doc) -> Doc:
    return repair_reduced_relatives(doc)


def add_repair(nlp: Language, options: dict) -> None:
    """Run the repair right after the parser."""
    if "parser" in nlp.pipe_names and COMPONENT_NAME not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT_NAME, after="parser")


if add_repair not in COMPONENT_HOOKS:
    COMPONENT_HOOKS.append(add_repair)
