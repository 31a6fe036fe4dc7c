"""Trigger lexicon compiled into spaCy Matchers (one pass per doc, no per-token loops)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from strife.dictionaries import Dictionaries

VERB_POS = ["VERB", "AUX"]
NOUN_POS = ["NOUN", "PROPN"]
NON_NAME_ENTS = {"", "ACTOR"}
# Edges from a gathering verb to the clause that says why people gathered ("gathered to protest",
# "marched, chanting", "rallied demanding").
PURPOSE_DEPS = {"xcomp", "advcl", "conj", "dep"}


@dataclass
class Candidate:
    """One trigger occurrence: its class, head token and span."""

    cls: str
    head: Token
    start: int  # token offsets
    end: int
    nominal: bool
    base: str = ""  # the lexicon word it matched (the tagger's lemma may be wrong: "raped" -> "rap")

    @property
    def lemma(self) -> str:
        return self.base or self.head.lemma_.lower()


VOWELS = set("aeiou")
PREFIXES = ("re", "over", "out", "under", "with", "up")


def inflections(base: str, irregular: dict[str, list[str]]) -> set[str]:
    """The inflected forms of an English verb: regular -s/-ed/-ing forms (e dropped before
    -ing, y -> ied/ies, a final consonant doubled after a single vowel) and the irregular
    forms ``irregular`` lists; a prefixed verb inflects like its stem ("retake" -> "retook",
    "overrun" -> "overran").  Forms that English never writes ("rapeed") match nothing."""
    b = base.lower()
    forms = {b, b + "s", b + "es", b + "ed", b + "d", b + "ing"}
    if b.endswith("e") and len(b) > 2:
        forms.add(b[:-1] + "ing")
    if b.endswith("y") and len(b) > 2 and b[-2] not in VOWELS:
        forms |= {b[:-1] + "ied", b[:-1] + "ies"}
    if len(b) >= 3 and b[-1] not in VOWELS | set("wxy") and b[-2] in VOWELS and b[-3] not in VOWELS:
        forms |= {b + b[-1] + "ed", b + b[-1] + "ing"}
    forms |= {f.lower() for f in irregular.get(b, [])}
    for prefix in PREFIXES:
        stem = b[len(prefix):]
        if b.startswith(prefix) and stem in irregular:
            forms |= {prefix + f.lower() for f in irregular[stem]}
    return forms


def plurals(noun: str) -> set[str]:
    """The regular plural of an English noun (-s, -es after a sibilant, y -> ies).  The tagger
    gives no lemma to a noun it calls a proper noun ("8 p.m. Protesters in ...", title-case
    headlines), so the plural is matched as written too."""
    n = noun.lower()
    if n.endswith(("s", "x", "z", "ch", "sh")):
        return {n + "es"}
    if n.endswith("y") and len(n) > 2 and n[-2] not in VOWELS:
        return {n[:-1] + "ies"}
    return {n + "s"}


class TriggerLexicon:
    """Finds trigger candidates and instrument words in a Doc.

    Hash-based PhraseMatchers on LEMMA and on LOWER (the lemmatizer is not perfect:
    "bases" -> "basis") do the search; part of speech is checked only on the few hits.
    """

    def __init__(self, vocab, dicts: Dictionaries):
        self.classes = dicts.classes
        self.vocab = vocab
        self.by_lemma = PhraseMatcher(vocab, attr="LEMMA")
        self._last: tuple[Doc, set] | None = None  # (doc, its matches)
        self.by_lower = PhraseMatcher(vocab, attr="LOWER")
        self.verb_objects: dict[str, list[tuple[str, set[str]]]] = {}
        self.verb_purposes: dict[str, list[tuple[str, set[str]]]] = {}
        self.event_heads = set(dicts.cues.get("event_heads", []))
        self.idioms: dict[str, set[str]] = {}
        irregular = {e.split()[0]: e.split()[1:] for e in dicts.cues.get("irregular_verbs", []) if e.split()}
        # every inflected form of a verb trigger -> the trigger word (the tagger's lemma may be wrong)
        self.base_of: dict[str, str] = {}
        for idiom in dicts.cues.get("idioms", []):
            verb, _, obj = idiom.partition(" ")
            self.idioms.setdefault(verb, set()).add(obj)
        verbs_of: dict[str, set[str]] = {}
        for spec in self.classes.values():
            for verb in [*(spec.get("verbs") or []), *(spec.get("verb_objects") or {}),
                         *(spec.get("verb_purposes") or {})]:
                for form in inflections(str(verb), irregular):
                    self.base_of.setdefault(form, str(verb).lower())
                    verbs_of.setdefault(str(verb).lower(), set()).add(form)
        self.bases = set(self.base_of.values())
        for name, spec in self.classes.items():
            self._add(f"V|{name}", [[w] for w in spec.get("verbs") or []],
                      forms=[f for w in spec.get("verbs") or [] for f in verbs_of[str(w).lower()]])
            self._add(f"N|{name}", [[w] for w in spec.get("nouns") or []],
                      forms=[f for w in spec.get("nouns") or [] for f in plurals(str(w))])
            self._add(f"P|{name}", [list(p) for p in spec.get("phrases") or []])
            for verb, objs in (spec.get("verb_objects") or {}).items():
                self.verb_objects.setdefault(verb, []).append((name, {str(o).lower() for o in objs}))
            for verb, purposes in (spec.get("verb_purposes") or {}).items():
                self.verb_purposes.setdefault(verb, []).append((name, {str(o).lower() for o in purposes}))
        self._add("VO", [[v] for v in self.verb_objects],
                  forms=[f for v in self.verb_objects for f in verbs_of[v.lower()]])
        self._add("VP", [[v] for v in self.verb_purposes],
                  forms=[f for v in self.verb_purposes for f in verbs_of[v.lower()]])
        self.instrument_order: list[str] = []
        for i, spec in enumerate(dicts.instruments):
            self.instrument_order.append(spec["sub_event"])
            words = [[w] if isinstance(w, str) else list(w) for w in spec["words"]]
            self._add(f"I|{i}", words)

    def _add(self, key: str, phrases: list[list[str]], forms: list[str] = ()) -> None:
        """Match ``phrases`` on lemmas and lower-case text, and single-word ``forms`` (inflected
        verbs) on lower-case text."""
        if not phrases:
            return
        lemma_docs, lower_docs = [], []
        for words in phrases:
            words = [str(w) for w in words]
            lower = [w.lower() for w in words]
            # as written, lower case, title case, and capitalised at a sentence start ("Air strikes hit")
            for variant in {tuple(words), tuple(lower), tuple(w.capitalize() for w in words),
                            (lower[0].capitalize(), *lower[1:])}:
                lemma_docs.append(Doc(self.vocab, words=list(variant), lemmas=list(variant)))
            lower_docs.append(Doc(self.vocab, words=[w.lower() for w in words]))
        lower_docs += [Doc(self.vocab, words=[f]) for f in sorted(set(forms))]
        self.by_lemma.add(key, lemma_docs)
        self.by_lower.add(key, lower_docs)

    def _matches(self, doc: Doc) -> set[tuple[str, int, int]]:
        """Every (key, start, end) match in ``doc``; the last doc's are kept (the coder asks
        for candidates, then instruments, of the same doc)."""
        if self._last is not None and self._last[0] is doc:
            return self._last[1]
        out = set()
        for matcher in (self.by_lemma, self.by_lower):
            for match_id, start, end in matcher(doc):
                out.add((doc.vocab.strings[match_id], start, end))
        self._last = (doc, out)
        return out

    def candidates(self, doc: Doc) -> list[Candidate]:
        """All trigger candidates; a multi-word phrase hides the single words inside it."""
        found: dict[tuple[int, str], Candidate] = {}
        phrase_tokens: set[int] = set()
        for key, start, end in sorted(self._matches(doc), key=lambda m: (m[0][0] != "P", m[1])):
            kind, _, name = key.partition("|")
            tok = doc[start]
            if kind == "P" and end - start > 1:
                head = doc[end - 1]
                found[(head.i, name)] = Candidate(name, head, start, end, True)
                phrase_tokens.update(range(start, end - 1))
            elif (kind in ("V", "P") and _verbal(tok)) or (kind == "N" and tok.pos_ in NOUN_POS):
                base = self._base(tok) if kind == "V" else ""
                found.setdefault((start, name),
                                 Candidate(name, tok, start, end, kind == "N" or tok.pos_ in NOUN_POS, base))
            elif kind == "VO" and _verbal(tok):
                for base in self._bases(tok, self.verb_objects):
                    for cname, objs in self.verb_objects[base]:
                        if _has_object(tok, objs, self.idioms):
                            found.setdefault((start, cname), Candidate(cname, tok, start, end, False, base))
            elif kind == "VP" and _verbal(tok):
                for base in self._bases(tok, self.verb_purposes):
                    for cname, purposes in self.verb_purposes[base]:
                        if _has_purpose(tok, purposes):
                            found.setdefault((start, cname), Candidate(cname, tok, start, end, False, base))
        # A noun or phrase used as a modifier ("riot police", "chemical weapons facilities") names no event,
        # nor does a word inside a name or a date ("March 4", "Operation Strike").
        return sorted((c for c in found.values()
                       if (c.head.i not in phrase_tokens or c.end - c.start > 1)
                       and c.head.ent_type_ in NON_NAME_ENTS
                       and not (c.nominal and c.head.dep_ in ("compound", "amod")
                                and c.head.head.pos_ in ("NOUN", "PROPN")
                                and c.head.head.lemma_.lower() not in self.event_heads)),
                      key=lambda c: c.head.i)

    def _base(self, tok: Token) -> str:
        """The trigger word a verb token is a form of: its lemma when that is one, else the
        word its written form inflects ("raped", tagged as a form of "rap", is "rape")."""
        lemma = tok.lemma_.lower()
        if lemma in self.bases:
            return lemma
        return self.base_of.get(tok.lower_, lemma)

    def _bases(self, tok: Token, table: dict) -> list[str]:
        """Table keys a verb token may be a form of: its lemma, its written form, the trigger
        word its written form inflects."""
        out = []
        for key in (tok.lemma_.lower(), tok.lower_, self.base_of.get(tok.lower_, "")):
            if key in table and key not in out:
                out.append(key)
        return out

    def instrument_hits(self, doc: Doc) -> list[tuple[str, int]]:
        """(sub-event type, token index) for every instrument word in the doc."""
        out = []
        for key, start, end in self._matches(doc):
            if key.startswith("I|"):
                sub = self.instrument_order[int(key.split("|")[1])]
                out.extend((sub, i) for i in range(start, end))
        return out


def _verbal(tok: Token) -> bool:
    """A verb, including participles the tagger calls adjectives ("raped", "wounded")."""
    return tok.pos_ in VERB_POS or tok.tag_ in ("VBD", "VBN", "VBG", "VBZ", "VBP", "VB")


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


def _has_purpose(verb: Token, purposes: set[str]) -> bool:
    """Does ``verb`` have a purpose or manner clause, or an "in ..." phrase, headed by one of
    ``purposes`` ("gathered to protest", "assembled, demanding", "rallied in protest")?"""
    for child in verb.children:
        if child.dep_ in PURPOSE_DEPS and child.pos_ in ("VERB", "AUX") and word_forms(child) & purposes:
            return True
        if child.dep_ == "prep" and child.lower_ in ("in", "for") and any(
                g.dep_ == "pobj" and word_forms(g) & purposes for g in child.children):
            return True
    return False


def _has_object(verb: Token, objs: set[str], idioms: dict[str, set[str]]) -> bool:
    """Does ``verb`` take one of ``objs`` as object, particle, preposition or passive subject?"""
    children = list(verb.children)
    idiom = idioms.get(verb.lemma_.lower())
    if idiom and any(c.dep_ == "dobj" and c.lemma_.lower() in idiom for c in children):
        return False  # "the attack took place in the village" is not taking the village
    # "discovered a large amount of ammunition believed to belong to ...": the parser may read the
    # object and its reduced relative as a complement clause (the object its subject)
    reduced = [] if any(c.dep_ in ("dobj", "nsubjpass") for c in children) else [
        s for c in children if c.dep_ == "ccomp" and c.tag_ in ("VBN", "VBD") and c.i > verb.i
        and not any(a.dep_ in ("aux", "auxpass", "mark") for a in c.children)
        for s in c.children if s.dep_ == "nsubj" and verb.i < s.i < c.i]
    children += reduced
    objects = {c.i for c in children if c.dep_ in ("dobj", "nsubjpass")} | {s.i for s in reduced}
    for child in list(children):
        if child.i in objects:
            # "a cache of weapons", "guns and drugs": the head of the object phrase may be a measure
            children += [c for c in child.children if c.dep_ == "conj"]
            # "chlorine gas", "toxic gas": the object's modifiers say what it is
            children += [c for c in child.children if c.dep_ in ("compound", "amod") and c.i < child.i]
            children += [g for c in child.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj"]
    for child in children:
        if child.dep_ in ("pobj", "conj", "compound", "amod") and word_forms(child) & objs:
            return True
        if child.dep_ in ("dobj", "prt", "prep", "nsubjpass", "attr", "oprd", "dative", "advmod", "acomp") \
                or child.i in objects or (child.dep_ == "xcomp" and child.tag_ == "VBG"):  # "stopped watching"
            if "*" in objs and child.i in objects:
                return True
            if word_forms(child) & objs:
                return True
            if child.dep_ == "prep" and child.lower_ != "from":  # "sent smoke from an oil tank": an origin
                for grand in child.children:
                    if grand.dep_ == "pobj" and word_forms(grand) & objs:
                        return True
    # "the road the convoy was travelling on": the verb modifies its object (relative clause).
    if verb.dep_ in ("relcl", "acl") and (verb.head.lemma_.lower() in objs or
                                         ("*" in objs and verb.tag_ == "VBN")):
        return True
    return False
