"""Could this article contain an event?  A cheap word-level test run before the parser.

The rule coder (:mod:`strife.coding.rules`) only creates an event from a trigger that the
trigger lexicon (``strife/dictionaries/triggers.yaml`` plus user dictionaries) finds by
*lemma* after parsing.  So an article none of whose words can be lemmatised to a trigger
cannot yield an event, and parsing it is wasted work (most news is not about conflict).

The test is exact, not a heuristic: the set of word forms is the inverse of the spaCy
model's own rule lemmatizer (its suffix rules, exception table and attribute-ruler lemma
patterns), so every form the parser could map to a trigger lemma is accepted.  A phrase
trigger needs all its words present; a verb that is a trigger only with certain objects
(``verb_objects``) needs the verb and one of the objects.  Word order and distance are
ignored, which keeps the test a superset of what the coder can match.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SPLIT = re.compile(r"['’\-]")


@dataclass
class LemmaTables:
    """The parts of a spaCy rule lemmatizer that map a word form to its possible lemmas."""

    rules: list[tuple[str, str]] = field(default_factory=list)  # (form suffix, lemma suffix), any POS
    exceptions: dict[str, set[str]] = field(default_factory=dict)  # lemma -> irregular forms

    @classmethod
    def from_nlp(cls, nlp) -> "LemmaTables":
        """Read the tables of ``nlp``'s lemmatizer and attribute ruler (empty if it has none)."""
        tables = cls()
        if "lemmatizer" in nlp.pipe_names:
            lookups = nlp.get_pipe("lemmatizer").lookups
            if lookups.has_table("lemma_rules"):
                for rules in lookups.get_table("lemma_rules").values():
                    tables.rules.extend((old, new) for old, new in rules)
            if lookups.has_table("lemma_exc"):
                for exc in lookups.get_table("lemma_exc").values():
                    for form, lemmas in exc.items():
                        for lemma in lemmas:
                            tables.exceptions.setdefault(lemma.lower(), set()).add(form.lower())
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
        tables.rules = sorted(set(tables.rules))
        return tables

    def forms(self, lemma: str) -> set[str]:
        """Every lower-case form the lemmatizer could turn into ``lemma`` (``lemma`` included)."""
        lemma = lemma.lower()
        out = {lemma} | self.exceptions.get(lemma, set())
        for old, new in self.rules:
            if lemma.endswith(new):
                out.add((lemma[: len(lemma) - len(new)] if new else lemma) + old)
        return out


class TriggerFilter:
    """``could_contain_event(text)`` for one trigger lexicon and one lemmatizer."""

    def __init__(self, classes: dict[str, dict], tables: LemmaTables):
        self.singles: set[str] = set()  # trigger lemmas that fire alone
        self.phrases: list[tuple[str, ...]] = []
        self.verb_objects: list[tuple[str, frozenset[str] | None]] = []  # (verb, objects or None = any)
        for spec in classes.values():
            for word in (spec.get("verbs") or []) + (spec.get("nouns") or []):
                self.singles.add(str(word).lower())
            for phrase in spec.get("phrases") or []:
                self.phrases.append(tuple(str(w).lower() for w in phrase))
            for verb, objs in (spec.get("verb_objects") or {}).items():
                objs = {str(o).lower() for o in objs}
                self.verb_objects.append((str(verb).lower(), None if "*" in objs else frozenset(objs)))
        lemmas = set(self.singles) | {w for p in self.phrases for w in p}
        lemmas |= {v for v, _ in self.verb_objects} | {o for _, objs in self.verb_objects for o in objs or ()}
        self.lemmas_of: dict[str, set[str]] = {}
        for lemma in lemmas:
            for form in tables.forms(lemma):
                self.lemmas_of.setdefault(form, set()).add(lemma)

    def lemmas_in(self, text: str) -> set[str]:
        """Trigger-lexicon lemmas that some word of ``text`` could have."""
        found: set[str] = set()
        lemmas_of = self.lemmas_of
        for word in set(_WORD.findall(text.lower())):
            parts = [word] + (_SPLIT.split(word) if len(word) > 1 else [])
            for part in parts:
                hit = lemmas_of.get(part)
                if hit:
                    found |= hit
        return found

    def could_contain_event(self, text: str) -> bool:
        """False only if the coder cannot find any trigger in ``text``."""
        present = self.lemmas_in(text)
        if not present:
            return False
        if present & self.singles:
            return True
        if any(all(w in present for w in phrase) for phrase in self.phrases):
            return True
        return any(verb in present and (objs is None or objs & present) for verb, objs in self.verb_objects)


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
def trigger_filter(model: str | None = None, dictionaries: tuple[str, ...] = ()) -> TriggerFilter:
    """The filter for a model's lemmatizer and the built-in (+ user) trigger lexicon, cached."""
    from strife.config import DEFAULT_MODEL
    from strife.dictionaries import load_dictionaries

    nlp = _load_lemma_model(model or DEFAULT_MODEL)
    return TriggerFilter(load_dictionaries([Path(p) for p in dictionaries]).classes, LemmaTables.from_nlp(nlp))


def could_contain_event(text: str, model: str | None = None, dictionaries: Iterable[str | Path] = ()) -> bool:
    """Can the rule coder find an event in ``text``?  False means: skip the parser."""
    return trigger_filter(model, tuple(str(p) for p in dictionaries)).could_contain_event(text)
