"""Did it happen?  Negation, modals, future, plans/threats, conditionals, denials, hypotheticals.

Each check is a fact of English syntax read off the dependency parse of the trigger's
clause; :func:`irrealis` returns why a trigger does not report an act that took place
(or ``None`` when it does).
"""

from __future__ import annotations

from spacy.tokens import Token

# Edges along which a clause inherits the modality of the clause it depends on.
_COMPLEMENT_DEPS = {"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "acl", "advcl", "nsubj",
                    "nsubjpass", "conj", "attr", "oprd",
                    "compound"}  # "claimed responsibility for two bomb attacks": the modifier is its head's
_NEGATORS = {"not", "n't", "never", "no", "without", "nor", "neither"}


def clause_head(tok: Token, light_verbs: set[str]) -> Token:
    """The verb whose clause a trigger belongs to (a noun's governing light verb, if any)."""
    head = tok
    if tok.pos_ in ("NOUN", "PROPN"):
        if tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and tok.head.pos_ in ("VERB", "AUX"):
            head = tok.head
        elif tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "VERB" \
                and tok.head.head.lemma_.lower() in light_verbs:
            head = tok.head.head
    return head


def own_irrealis(tok: Token, cues: dict) -> str | None:
    """Why the clause headed by ``tok`` itself does not report something that happened
    (negated, modal, future, conditional, purpose), or None."""
    return _own_irrealis(tok, cues)


def _own_irrealis(tok: Token, cues: dict) -> str | None:
    modals, future = set(cues["modals"]), set(cues["future"])
    for child in tok.children:
        low = child.lower_
        if child.dep_ == "neg" or (child.dep_ in ("det", "advmod", "preconj") and low in _NEGATORS):
            return "negated"
        if child.dep_ in ("aux", "auxpass") and child.tag_ == "MD":
            if low in modals:
                return "modal"
            if low in future or child.lemma_ in future:
                return "future"
        if child.dep_ == "mark" and low in cues["conditional_marks"]:
            return "conditional"
        if child.dep_ == "aux" and low == "to" and tok.dep_ in ("xcomp", "advcl") and tok.head.lemma_ in ("go", "be"):
            return "future"
        # "an attack to capture the positions", "troops moved in to retake the town": purpose
        if child.dep_ == "aux" and low == "to" and tok.dep_ in ("acl", "advcl", "relcl"):
            return "purpose"
    if tok.dep_ == "pobj" and tok.head.lower_ == "without":
        return "negated"
    return None


def irrealis(trigger: Token, head: Token, cues: dict) -> tuple[str | None, str | None]:
    """(reason, governing lemma) when the trigger's act did not happen, else (None, None)."""
    checked = [trigger]
    # A noun's governing verb decides only when it is a light verb ("did not launch an
    # attack"); "police moved to disperse the protest" does not undo the protest.
    if head != trigger and (trigger.pos_ not in ("NOUN", "PROPN") or head.lemma_.lower() in cues["light_verbs"]):
        checked.append(head)
    for tok in checked:
        reason = _own_irrealis(tok, cues)
        if reason:
            return reason, None
    governors = set(cues["irrealis_governors"])
    hypothetical = set(cues["hypothetical_nouns"])
    # Walk up a few edges: "threatened to attack", "denied carrying out the attack",
    # "the specter of confrontation", "plans for an offensive".
    tok = trigger
    for _ in range(5):
        if tok.dep_ not in _COMPLEMENT_DEPS or tok.head.i == tok.i:
            break
        parent = tok.head
        lemma = parent.lemma_.lower()
        # "responsibility for the attack", "held responsible for the attack": attribution, not the act
        if (parent.pos_ in ("NOUN", "PROPN", "ADJ") and lemma in hypothetical
                and tok.dep_ in ("pobj", "prep", "acl", "compound")):
            return "hypothetical", lemma
        if parent.pos_ in ("NOUN",) and lemma in hypothetical and tok.dep_ == "pobj":
            return "hypothetical", lemma
        if tok.dep_ == "prep" and tok.lower_ == "for" and parent.pos_ in ("VERB", "AUX"):
            # "took credit for the bombing", "claimed responsibility for it": the parser may hang the
            # "for" phrase on the verb; it still completes the verb's object noun
            noun = next((c for c in parent.children if c.dep_ == "dobj" and c.lemma_.lower() in hypothetical), None)
            if noun is not None:
                return "hypothetical", noun.lemma_.lower()
        if tok.dep_ == "pcomp" and tok.tag_ == "VBG" and parent.lower_ == "for" and parent.dep_ == "prep" \
                and parent.head.pos_ in ("VERB", "AUX"):
            # "expelled diplomats for taking part in protests", "arrested for protesting": what
            # someone is punished, blamed or praised for is the reason for the act, told as its cause
            return "reason", "for"
        if tok.dep_ in ("xcomp", "ccomp", "dobj", "pcomp", "prep", "pobj") and lemma in governors \
                and parent.pos_ in ("VERB", "AUX"):
            return "irrealis", lemma
        if tok.dep_ in ("conj", "advcl", "nsubj", "nsubjpass") and tok.dep_ != "conj":
            break
        reason = _own_irrealis(parent, cues) if tok.dep_ in ("xcomp", "conj") else None
        if reason:
            return reason, None
        tok = parent
    return None, None
