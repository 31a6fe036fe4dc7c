"""Could this article contain an event?  A cheap word-level test run before the parser.

The rule coder (:mod:`strife.coding.rules`) only creates an event from a trigger that the
trigger lexicon (``strife/dictionaries/triggers.yaml`` plus user dictionaries) finds by
*lemma* after parsing.  An article none of whose words can be lemmatised to a trigger
cannot yield an event, and parsing it is wasted work (most news is not about conflict).

**Trigger tier (the default).**  The word forms are the inverse of the spaCy model's own
rule lemmatizer (suffix rules, exception table, attribute-ruler lemma patterns; a noun
trigger only through the noun tables, as the coder only takes it on a noun).  A phrase
trigger needs its words in sequence (punctuation ignored: a superset of the parser's
contiguous tokens); a verb + object trigger needs the verb and an object word in one
sentence, split only where the parser surely splits too (after a lower-case word, before a
capital).  The sentence split is the one heuristic step, so the claim is *lossless on the
gold sets, measured*: ``tests/test_candidates.py`` runs the CASE 2021 snippets, real news
of the geo gold sets, the bundled examples and linking reports through the coder with the
filter off, and no article the coder finds an event in is skipped.

**Context tier (``Settings(prefilter="context")``, opt-in).**  Many trigger words have an
everyday sense ("attack" in football, "strike" in labour news, "fall" in markets, "sign" a
contract, "March").  With the context tier, ``ambiguous_triggers`` (``cues.yaml``) and every
verb + object trigger make an article a candidate only together with a conflict-context
word anywhere in it: ``conflict_context`` words, nouns of the ``context_agents`` kinds in
``agents.yaml``, actor names and aliases (``actors/``) and instrument words
(``instruments.yaml``); an ambiguous trigger is never its own context.  This tier is NOT
lossless: the coder also codes ambiguous words in their everyday sense, and those events
(and a few real ones) are lost; ``bench/throughput.py`` counts them.

**Sentence level (``Settings.sentence_filter``, off by default: measured slower, see README).**
The same trigger-tier test applied to each piece of an article cut at sure sentence ends (:func:`pieces_to_parse`)
decides which sentences the dependency parser reads: candidates, their neighbours that
discourse needs, and the head; the entity recognisers still read everything (see
:func:`strife.nlp.pipeline.parse_docs`), and ``Pipeline`` parses an article whole when an
event leans on a skipped sentence.  ``tests/test_sentence_filter.py`` measures that no coded
field changes.

User dictionaries extend both tiers (triggers, cues, agents, actors); the measured proofs
hold for the built-in lexicon.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from strife.nlp.paragraphs import BLANK_LINE

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SPLIT = re.compile(r"['’\-]")
# A sentence end the parser always agrees with: after a lower-case word (never "U.S."), not a
# capitalised word of up to four letters with a period ("Gen.", "Capt.", "Feb.": abbreviations),
# before a capital; or a blank line (strife.nlp.paragraphs starts a sentence there).
# Splitting less often than the parser only costs speed.
_SENTENCE_END = re.compile(r"(?<=[a-z]{2}[.!?])(?<![A-Z][a-z]\.)(?<![A-Z][a-z]{2}\.)(?<![A-Z][a-z]{3}\.)"
                           r"\s+(?=[A-Z])|\s*" + BLANK_LINE.pattern + r"\s*")


@dataclass
class LemmaTables:
    """The parts of a spaCy rule lemmatizer that map a word form to its possible lemmas.

    Suffix rules and exceptions are kept per part of speech ("noun", "verb", ...): a noun
    trigger is only ever matched on a token tagged NOUN/PROPN, whose lemma comes from the
    noun tables ("according" cannot become the noun "accord").  ``rules`` and
    ``exceptions`` hold what applies to any part of speech (attribute-ruler patterns,
    lookup tables).
    """

    rules: list[tuple[str, str]] = field(default_factory=list)  # (form suffix, lemma suffix), any POS
    exceptions: dict[str, set[str]] = field(default_factory=dict)  # lemma -> irregular forms, any POS
    pos_rules: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    pos_exceptions: dict[str, dict[str, set[str]]] = field(default_factory=dict)

    @classmethod
    def from_nlp(cls, nlp) -> LemmaTables:
        """Read the tables of ``nlp``'s lemmatizer and attribute ruler (empty if it has none)."""
        tables = cls()
        if "lemmatizer" in nlp.pipe_names:
            lookups = nlp.get_pipe("lemmatizer").lookups
            if lookups.has_table("lemma_rules"):
                for pos, rules in _by_pos(lookups.get_table("lemma_rules")):
                    tables.pos_rules[pos] = sorted({(old, new) for old, new in rules})
            if lookups.has_table("lemma_exc"):
                for pos, exc in _by_pos(lookups.get_table("lemma_exc")):
                    table = tables.pos_exceptions.setdefault(pos, {})
                    for form, lemmas in exc.items():
                        for lemma in lemmas:
                            table.setdefault(lemma.lower(), set()).add(form.lower())
            if lookups.has_table("lemma_lookup"):  # lookup-mode lemmatizers
                for form, lemma in lookups.get_table("lemma_lookup").items():
                    if isinstance(form, str):
                        tables.exceptions.setdefault(str(lemma).lower(), set()).add(form.lower())
        if "attribute_ruler" in nlp.pipe_names:
            for pat in nlp.get_pipe("attribute_ruler").patterns:
                lemma = pat.get("attrs", {}).get("LEMMA")
                if not lemma:
                    continue
                for token_pats in pat["patterns"]:
                    for tok in token_pats:
                        for key in ("LOWER", "ORTH", "TEXT"):
                            val = tok.get(key)
                            vals = val.get("IN", []) if isinstance(val, dict) else [val] if val else []
                            tables.exceptions.setdefault(lemma.lower(), set()).update(v.lower() for v in vals)
        return tables

    def forms(self, lemma: str, pos: Iterable[str] | None = None) -> set[str]:
        """Every lower-case form the lemmatizer could turn into ``lemma`` (``lemma`` included),
        for tokens of the parts of speech ``pos`` (None: any)."""
        lemma = lemma.lower()
        tags = list(self.pos_rules.keys() | self.pos_exceptions.keys()) if pos is None else [*pos, "*"]
        out = {lemma} | self.exceptions.get(lemma, set())
        rules = list(self.rules)
        for tag in tags:
            out |= self.pos_exceptions.get(tag, {}).get(lemma, set())
            rules += self.pos_rules.get(tag, [])
        for old, new in rules:
            if lemma.endswith(new):
                out.add((lemma[: len(lemma) - len(new)] if new else lemma) + old)
        return out


_UNIVERSAL_POS = ("noun", "verb", "adj", "adv", "propn", "aux", "pron", "det", "adp", "num", "cconj",
                  "sconj", "part", "intj", "punct", "sym", "x")


def _by_pos(table) -> list[tuple[str, object]]:
    """(part of speech, value) of a lookups table keyed by POS name (stored as hashes);
    a key that is no known POS name is kept under "*" (used for any part of speech)."""
    named = [(pos, table.get(pos)) for pos in _UNIVERSAL_POS if table.get(pos) is not None]
    if len(named) < len(table):
        seen = {id(v) for _, v in named}
        named += [("*", v) for v in table.values() if id(v) not in seen]
    return named


#: Parts of speech a noun trigger can have (the coder checks); a PROPN's lemma is its text.
NOUN_POS = ("noun",)


def words_in(text: str) -> list[str]:
    """The words of ``text`` in order; a hyphenated or apostrophe word gives its parts."""
    out: list[str] = []
    for word in _WORD.findall(text):
        out.extend(_SPLIT.split(word) if _SPLIT.search(word) else (word,))
    return out


def _bag(text: str) -> set[str]:
    """Whole words and their hyphen/apostrophe parts (case kept)."""
    bag: set[str] = set()
    for word in _WORD.findall(text):
        bag.add(word)
        if _SPLIT.search(word):
            bag.update(_SPLIT.split(word))
    return bag


@dataclass
class Tiers:
    """Which triggers are ambiguous and which words put an article in a conflict context."""

    ambiguous: set[str] = field(default_factory=set)  # trigger lemmas; phrases joined by spaces
    context: set[str] = field(default_factory=set)  # lower-case words or phrases
    context_as_written: set[str] = field(default_factory=set)  # short all-capital names ("IS", "SDF")

    @classmethod
    def from_dictionaries(cls, dicts) -> Tiers:
        """The tiers of loaded dictionaries (built-in + user): cues, agents, actors, instruments."""
        from strife.dictionaries import is_case_sensitive

        tiers = cls(ambiguous={str(w).lower() for w in dicts.cues.get("ambiguous_triggers", [])})
        names = list(dicts.cues.get("conflict_context", []))
        kinds = set(dicts.cues.get("context_agents", []))
        names += [noun for kind, agent in dicts.agents.items() if kind in kinds for noun in agent.nouns]
        for actor in dicts.actors.values():
            if not actor.source and actor.origin != "generated":
                names += [actor.name, *actor.aliases]
        names += [" ".join(str(w) for w in words) for spec in dicts.instruments for words in spec["words"]]
        for name in names:
            if is_case_sensitive(name):
                tiers.context_as_written.add(name)
            else:
                tiers.context.add(name.lower())
        return tiers


def _plural_variants(word: str) -> set[str]:
    return {word[:-1]} if word.endswith("s") and len(word) > 3 else {word + "s"}


class TriggerFilter:
    """``could_contain_event(text)`` for one trigger lexicon, one lemmatizer and its tiers.

    Without ``tiers`` every trigger is unambiguous (the exact, single-tier test).
    """

    def __init__(self, classes: dict[str, dict], tables: LemmaTables, tiers: Tiers | None = None):
        self.tiered = tiers is not None
        tiers = tiers or Tiers()
        self.singles: set[str] = set()  # unambiguous trigger lemmas that fire alone
        self.weak_singles: set[str] = set()  # ambiguous ones: need context
        self.phrases: list[tuple[tuple[str, ...], bool]] = []  # (words, ambiguous)
        self.verb_objects: list[tuple[str, frozenset[str] | None]] = []  # (verb, objects or None = any)
        verbs: set[str] = set()
        for spec in classes.values():
            verbs |= {str(w).lower() for w in spec.get("verbs") or []}
            for word in (spec.get("verbs") or []) + (spec.get("nouns") or []):
                word = str(word).lower()
                (self.weak_singles if word in tiers.ambiguous else self.singles).add(word)
            for phrase in spec.get("phrases") or []:
                words = tuple(w for w in (str(p).lower() for p in phrase) if _WORD.fullmatch(w))
                if words:
                    self.phrases.append((words, " ".join(words) in tiers.ambiguous))
            # a verb + purpose trigger ("gathered to protest") needs both words, like verb + object
            pairs = [*(spec.get("verb_objects") or {}).items(), *(spec.get("verb_purposes") or {}).items()]
            for verb, objs in pairs:
                objs = {str(o).lower() for o in objs}
                self.verb_objects.append((str(verb).lower(), None if "*" in objs else frozenset(objs)))
        lemmas = self.singles | self.weak_singles | {w for p, _ in self.phrases for w in p}
        lemmas |= {v for v, _ in self.verb_objects} | {o for _, objs in self.verb_objects for o in objs or ()}
        # verbs, phrase words and verb + object words can be any part of speech; the rest are nouns
        any_pos = verbs | {w for p, _ in self.phrases for w in p} | {v for v, _ in self.verb_objects}
        any_pos |= {o for _, objs in self.verb_objects for o in objs or ()}
        self.lemmas_of: dict[str, set[str]] = {}
        self.forms_of: dict[str, set[str]] = {}
        for lemma in lemmas:
            self.forms_of[lemma] = tables.forms(lemma, None if lemma in any_pos else NOUN_POS)
            for form in self.forms_of[lemma]:
                self.lemmas_of.setdefault(form, set()).add(lemma)
        self.context_forms: set[str] = set()  # one-word context, every form
        self.context_phrases: list[tuple[frozenset[str], ...]] = []  # forms of each word, in order
        for entry in tiers.context - tiers.ambiguous:  # an ambiguous trigger is never its own context
            words = [w.lower() for w in words_in(entry)]
            variants = tuple(frozenset(tables.forms(w) | {v for p in _plural_variants(w) for v in tables.forms(p)})
                             for w in words)
            if len(variants) == 1:
                self.context_forms |= variants[0]
            elif variants:
                self.context_phrases.append(variants)
        self.context_as_written = [tuple(words_in(name)) for name in tiers.context_as_written]

    def lemmas_in(self, text: str) -> set[str]:
        """Trigger-lexicon lemmas that some word of ``text`` could have."""
        return self._lemmas({w.lower() for w in _bag(text)})

    def _lemmas(self, bag: set[str]) -> set[str]:
        found: set[str] = set()
        lemmas_of = self.lemmas_of
        for word in bag:
            hit = lemmas_of.get(word)
            if hit:
                found |= hit
        return found

    def could_contain_event(self, text: str) -> bool:
        """False only if the coder is not expected to find an event in ``text``."""
        return self.verdict(text) != "skip"

    def verdict(self, text: str) -> str:
        """``"trigger"`` (an unambiguous trigger), ``"context"`` (an ambiguous one in a
        conflict context) or ``"skip"``."""
        bag = _bag(text)
        lower_bag = {w.lower() for w in bag}
        present = self._lemmas(lower_bag)
        if not present:
            return "skip"
        if present & self.singles:
            return "trigger"
        weak = bool(present & self.weak_singles)
        seq = None
        for words, ambiguous in self.phrases:
            if (not ambiguous or not weak) and all(w in present for w in words):
                seq = seq if seq is not None else [w.lower() for w in words_in(text)]
                if _in_sequence(seq, [self.forms_of[w] for w in words]):
                    if not ambiguous:
                        return "trigger"
                    weak = True
        weak = weak or self._verb_and_object(text, present)
        if not weak:
            return "skip"
        if not self.tiered:
            return "trigger"
        return "context" if self._has_context(text, bag, lower_bag) else "skip"

    def _verb_and_object(self, text: str, present: set[str]) -> bool:
        """A verb + object trigger whose verb and object words share a sentence."""
        pairs = [(verb, objs) for verb, objs in self.verb_objects
                 if verb in present and (objs is None or objs & present)]
        if not pairs:
            return False
        for sentence in _SENTENCE_END.split(text):
            here = self._lemmas({w.lower() for w in _bag(sentence)})
            if any(verb in here and (objs is None or objs & here) for verb, objs in pairs):
                return True
        return False

    def _has_context(self, text: str, bag: set[str], lower_bag: set[str]) -> bool:
        if lower_bag & self.context_forms:
            return True
        if any(all(w in bag for w in name) for name in self.context_as_written):
            return True
        seq = None
        for variants in self.context_phrases:
            if all(lower_bag & v for v in variants):
                seq = seq if seq is not None else [w.lower() for w in words_in(text)]
                if _in_sequence(seq, variants):
                    return True
        return False


def _in_sequence(seq: list[str], variants: list) -> bool:
    """Does ``seq`` hold consecutive words matching each of ``variants`` (sets of forms)?"""
    n = len(variants)
    first = variants[0]
    return any(seq[i] in first and all(seq[i + k] in variants[k] for k in range(1, n))
               for i in range(len(seq) - n + 1))


def _load_lemma_model(model: str):
    """Only the parts of an installed spaCy package that lemmatise (fast to load)."""
    from strife.nlp.pipeline import _PACKAGE_ALIASES

    for name in _PACKAGE_ALIASES.get(model, (model,)):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(exclude=["tok2vec", "tagger", "parser", "ner", "senter"])
    import spacy

    return spacy.load(model, exclude=["tok2vec", "tagger", "parser", "ner", "senter"])


@functools.lru_cache(maxsize=8)
def trigger_filter(model: str | None = None, dictionaries: tuple[str, ...] = (),
                   context: bool = False) -> TriggerFilter:
    """The filter for a model's lemmatizer and the built-in (+ user) trigger lexicon, cached;
    ``context=True`` adds the second tier (ambiguous triggers need a conflict-context word)."""
    from strife.config import DEFAULT_MODEL
    from strife.dictionaries import load_dictionaries

    nlp = _load_lemma_model(model or DEFAULT_MODEL)
    dicts = load_dictionaries([Path(p) for p in dictionaries])
    return TriggerFilter(dicts.classes, LemmaTables.from_nlp(nlp),
                         Tiers.from_dictionaries(dicts) if context else None)


def could_contain_event(text: str, model: str | None = None, dictionaries: Iterable[str | Path] = (),
                        context: bool = False) -> bool:
    """Is ``text`` worth parsing (see the module docstring)?  False means: skip the parser."""
    return trigger_filter(model, tuple(str(p) for p in dictionaries), context).could_contain_event(text)


# ---------------------------------------------------------------- sentence level
#: Sentences kept before a candidate sentence: a pronoun or "the group" refers back to it.
SENTENCES_BEFORE = 1
#: Sentences kept after a candidate sentence: a toll is stated up to this many sentences
#: after the act (the coder's ``strife.coding.tolls.REFER_WINDOW``; a test keeps them equal).
SENTENCES_AFTER = 2


def sentence_pieces(text: str) -> list[tuple[int, int]]:
    """``text`` cut at the sentence ends the parser always agrees with (the split of the
    verb + object test): ``(start, end)`` pieces covering the text, each with the
    whitespace after it.  A piece may hold several of the parser's sentences, never part
    of one."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text) or not out:
        out.append((start, len(text)))
    return out


def pieces_to_parse(filt: TriggerFilter, text: str, head: int = 0) -> list[tuple[int, int, bool]]:
    """``(start, end, parse)`` for every piece of ``text``: the parser must read a piece that
    may hold a trigger (``filt``'s article-level test applied to one piece; pass the trigger
    tier, the lossless one), the :data:`SENTENCES_BEFORE` pieces before it and the :data:`SENTENCES_AFTER`
    after it (discourse: anaphora, tolls), and every piece that starts before ``head`` (the
    dateline and the lead, which set the story's country, actors and date).  The other
    pieces hold no event and need no parse; their entities are still found (see
    :func:`strife.nlp.pipeline.parse`)."""
    pieces = sentence_pieces(text)
    hit = [filt.verdict(text[s:e]) != "skip" for s, e in pieces]
    keep = [s < head for s, _ in pieces]
    for i, h in enumerate(hit):
        if h:
            for j in range(max(0, i - SENTENCES_BEFORE), min(len(pieces), i + SENTENCES_AFTER + 1)):
                keep[j] = True
    return [(s, e, k) for (s, e), k in zip(pieces, keep)]
