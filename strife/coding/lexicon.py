"""Trigger lexicon compiled into spaCy Matchers (one pass per doc, no per-token loops)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from strife.dictionaries import Dictionaries

VERB_POS = ["VERB", "AUX"]
NOUN_POS = ["NOUN", "PROPN"]
NON_NAME_ENTS = {"", "ACTOR"}
# Nouns that make a modifying trigger name an event ("a looting spree", "a bombing campaign").
EVENT_HEADS = {"spree", "campaign", "wave", "series", "incident", "operation", "spate", "case", "attack",
               "raid", "strike", "attempt", "plot"}


@dataclass
class Candidate:
    """One trigger occurrence: its class, head token and span."""

    cls: str
    head: Token
    start: int  # token offsets
    end: int
    nominal: bool


def _cased(words) -> list[str]:
    return sorted({w for word in words for w in (word, word.lower(), word.capitalize())})


class TriggerLexicon:
    """Finds trigger candidates and instrument words in a Doc."""

    def __init__(self, vocab, dicts: Dictionaries):
        self.classes = dicts.classes
        self.matcher = Matcher(vocab)
        self.verb_objects: dict[str, list[tuple[str, set[str]]]] = {}
        for name, spec in self.classes.items():
            if spec.get("verbs"):
                self.matcher.add(f"V|{name}", [[{"LEMMA": {"IN": _cased(spec["verbs"])}, "POS": {"IN": VERB_POS}}]])
            if spec.get("nouns"):
                self.matcher.add(f"N|{name}", [[{"LEMMA": {"IN": _cased(spec["nouns"])}, "POS": {"IN": NOUN_POS}}],
                                               [{"LOWER": {"IN": [n.lower() for n in spec["nouns"]]}, "POS": {"IN": NOUN_POS}}]])
            phrases = [[{"LEMMA": {"IN": _cased([w])}} for w in p] for p in spec.get("phrases") or []]
            if phrases:
                self.matcher.add(f"P|{name}", phrases)
            for verb, objs in (spec.get("verb_objects") or {}).items():
                self.verb_objects.setdefault(verb, []).append((name, {str(o).lower() for o in objs}))
        if self.verb_objects:
            self.matcher.add("VO", [[{"LEMMA": {"IN": _cased(self.verb_objects)}, "POS": {"IN": VERB_POS}}]])
        self.instruments = Matcher(vocab)
        self.instrument_order: list[str] = []
        for i, spec in enumerate(dicts.instruments):
            sub = spec["sub_event"]
            self.instrument_order.append(sub)
            pats = []
            for words in spec["words"]:
                words = [words] if isinstance(words, str) else words
                pats.append([{"LEMMA": {"IN": _cased([w])}} for w in words])
                if len(words) == 1:
                    pats.append([{"LOWER": str(words[0]).lower()}])
            self.instruments.add(f"I|{i}", pats)

    def candidates(self, doc: Doc) -> list[Candidate]:
        """All trigger candidates; a multi-word phrase hides the single words inside it."""
        found: dict[tuple[int, str], Candidate] = {}
        phrase_tokens: set[int] = set()
        for match_id, start, end in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            kind, _, name = key.partition("|")
            if kind == "P":
                head = doc[end - 1]
                found[(head.i, name)] = Candidate(name, head, start, end, True)
                phrase_tokens.update(range(start, end - 1))
            elif kind in ("V", "N"):
                found.setdefault((start, name), Candidate(name, doc[start], start, end, kind == "N"))
            elif kind == "VO":
                tok = doc[start]
                for name, objs in self.verb_objects.get(tok.lemma_.lower(), []):
                    if _has_object(tok, objs):
                        found.setdefault((start, name), Candidate(name, tok, start, end, False))
        # A single noun used as a modifier ("riot police", "arrest warrant") names no event,
        # nor does a word inside a name or a date ("March 4", "Operation Strike").
        return sorted((c for c in found.values()
                       if (c.head.i not in phrase_tokens or c.end - c.start > 1)
                       and c.head.ent_type_ in NON_NAME_ENTS
                       and not (c.nominal and c.end - c.start == 1 and c.head.dep_ in ("compound", "amod")
                                and c.head.head.pos_ in ("NOUN", "PROPN")
                                and c.head.head.lemma_.lower() not in EVENT_HEADS)),
                      key=lambda c: c.head.i)

    def instrument_hits(self, doc: Doc) -> list[tuple[str, int]]:
        """(sub-event type, token index) for every instrument word in the doc."""
        out = []
        for match_id, start, end in self.instruments(doc):
            idx = int(doc.vocab.strings[match_id].split("|")[1])
            out.extend((self.instrument_order[idx], i) for i in range(start, end))
        return out


def word_forms(tok: Token) -> set[str]:
    """Lemma, lower-case form and a naive singular (the lemmatizer reads "bases" as "basis")."""
    low = tok.lower_
    forms = {tok.lemma_.lower(), low}
    if low.endswith("es"):
        forms.add(low[:-1])
        forms.add(low[:-2])
    elif low.endswith("s"):
        forms.add(low[:-1])
    return forms


def _has_object(verb: Token, objs: set[str]) -> bool:
    """Does ``verb`` take one of ``objs`` as object, particle, preposition or passive subject?"""
    children = list(verb.children)
    for child in list(children):
        if child.dep_ in ("dobj", "nsubjpass"):
            # "a cache of weapons", "guns and drugs": the head of the object phrase may be a measure
            children += [c for c in child.children if c.dep_ == "conj"]
            # "chlorine gas", "toxic gas": the object's modifiers say what it is
            children += [c for c in child.children if c.dep_ in ("compound", "amod") and c.i < child.i]
            children += [g for c in child.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj"]
    for child in children:
        if child.dep_ in ("pobj", "conj", "compound", "amod") and word_forms(child) & objs:
            return True
        if child.dep_ in ("dobj", "prt", "prep", "nsubjpass", "attr", "oprd", "dative", "advmod", "acomp"):
            if "*" in objs and child.dep_ in ("dobj", "nsubjpass"):
                return True
            if word_forms(child) & objs:
                return True
            if child.dep_ == "prep":
                for grand in child.children:
                    if grand.dep_ == "pobj" and word_forms(grand) & objs:
                        return True
    # "the road the convoy was travelling on": the verb modifies its object (relative clause).
    if verb.dep_ in ("relcl", "acl") and verb.head.lemma_.lower() in objs:
        return True
    return False
