"""Which temporal expression belongs to which event: tense and attachment from the dependency parse.

The score of an expression for an event trigger counts the clause boundaries (verbs)
crossed on the dependency path between them: 0 when the expression modifies the
trigger's own verb ("crossed ... on Wednesday"), 1 when it modifies a verb
governing the trigger ("Last week, the coalition said it ended ...") or a verb
the trigger governs, and so on.  Lower is better.
"""

from __future__ import annotations

from strife.time.lexicon import Lexicon, load_lexicon

_VERBAL = {"VERB", "AUX"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo", "ll"}
_FUTURE_GOVERNORS = {"plan", "expect", "schedule", "due", "set", "slate", "intend", "prepare", "aim", "hope", "vow",
                     "pledge"}


def governing_verb(token):
    """The token itself if verbal, else its nearest verbal ancestor (or the sentence root)."""
    for tok in [token, *token.ancestors]:
        if tok.pos_ in _VERBAL:
            return tok
    return token.sent.root


def is_future_verb(verb) -> bool:
    """True when the clause of ``verb`` speaks of the future ("will meet", "is due to meet")."""
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in verb.children):
        return True
    if "Tense=Past" in str(verb.morph) and verb.tag_ == "VBD":
        return False
    if verb.tag_ == "VBN" and verb.lemma_.lower() in _FUTURE_GOVERNORS and any(
            c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in verb.children):
        return True  # "is scheduled for", "are planned for"
    if any(c.dep_ == "acomp" and c.lemma_.lower() in _FUTURE_GOVERNORS
           and any(g.dep_ == "xcomp" for g in c.children) for c in verb.children):
        return verb.tag_ != "VBD"  # "talks are due to resume" (but "were due to" is past)
    head = verb.head
    if verb.dep_ == "xcomp" and head is not verb:
        if head.lemma_.lower() in _FUTURE_GOVERNORS or any(
                c.dep_ == "acomp" and c.lemma_.lower() in _FUTURE_GOVERNORS for c in head.children):
            return True
        if head.lemma_.lower() == "go" and head.tag_ == "VBG":  # "is going to"
            return True
        return is_future_verb(head) if head.pos_ in _VERBAL else False
    return False


def spacy_future_test(doc):
    """An ``is_future(start, end)`` test for :func:`find_expressions` from a parsed Doc."""

    def is_future(start: int, end: int) -> bool:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        return is_future_verb(governing_verb(span.root))

    return is_future


def head_chain(expr_token, lex: Lexicon | None = None) -> list:
    """``expr_token`` and its ancestors, with one parser error mended.

    In "X said on Monday they had arrested ..." a time adverbial between a
    reporting verb and the subject of its complement clause modifies the reporting
    verb (an English complement clause starts at its subject or "that"); the
    statistical parser often hangs it on the complement's verb instead.
    """
    chain = [expr_token, *expr_token.ancestors]
    verb = next((t for t in chain[1:] if t.pos_ in _VERBAL), None)
    if verb is not None and verb.dep_ in ("ccomp", "parataxis") and is_reporting(verb.head, lex) \
            and verb.head.i < expr_token.i < verb.i:
        opener = [c.left_edge.i for c in verb.children
                  if c.dep_ in ("nsubj", "nsubjpass", "mark", "expl") and c.i < verb.i]
        if opener and expr_token.i < min(opener):
            return [*chain[:chain.index(verb)], verb.head, *verb.head.ancestors]
    return chain


_NOMINAL = ("NOUN", "PROPN")

#: Clauses that share the time of the verb they hang on: coordinated verbs, infinitival
#: complements ("began shelling"), adverbial clauses ("leaving it stranded", "when ...").
SHARED_TIME_DEPS = {"conj", "xcomp", "advcl"}


def clause_distance(expr_token, trigger, lex: Lexicon | None = None) -> tuple[int, int, bool, bool]:
    """(verbs crossed, tree distance, attached above the trigger, in a foreign clause) between an
    expression and a trigger.

    "Foreign" means the expression sits in a clause below the meeting point that keeps its own
    time — a relative or reduced relative ("soldiers captured in 2014"), a reported clause —
    so it dates that clause's event, not this one.  Different sentences give a large distance.
    """
    if expr_token.sent.start != trigger.sent.start:
        return 99, abs(expr_token.i - trigger.i), False, True
    trigger_chain = [trigger, *trigger.ancestors]
    trigger_pos = {t.i: n for n, t in enumerate(trigger_chain)}
    crossed = 0
    lca = None
    steps = 0
    foreign = False
    for tok in head_chain(expr_token, lex):
        if tok.i in trigger_pos:
            lca = tok
            break
        steps += 1
        if tok is not expr_token and tok.pos_ in _VERBAL:
            if tok.dep_ in ("acl", "relcl") and tok.head.i == trigger.i and trigger.pos_ in _NOMINAL:
                continue  # "an agreement brokered at the end of August": the noun's own description
            crossed += 1
            foreign = foreign or tok.dep_ not in SHARED_TIME_DEPS
    if lca is None:  # should not happen within one sentence
        return 50, abs(expr_token.i - trigger.i), False, True
    for tok in trigger_chain[1:trigger_pos[lca.i]]:
        if tok.pos_ in _VERBAL:
            crossed += 1
    if lca.i != trigger.i and lca.pos_ in _VERBAL:
        crossed += 1
    return crossed, steps + trigger_pos[lca.i], lca.i != trigger.i, foreign


def is_reporting(token, lex: Lexicon | None = None) -> bool:
    lex = lex or load_lexicon()
    return token.lemma_.lower() in lex.reporting_verbs
