"""Actor EntityRuler: labels actor names ACTOR (ent_id = canonical actor name).

Built from the actor dictionaries (plus user paths from ``load_nlp(dictionaries=...)``).
Aliases match in any casing through one phrase pattern each (the ruler's phrase matcher
compares lower-cased tokens), so thousands of actors cost one PhraseMatcher pass per doc
and the ruler builds in about the time it takes to tokenize the aliases once; short
all-capital aliases ("IS", "SDF") and combinations with such adjectives ("US troops") are
token patterns on the exact text, so "is" and "us troops" stay words.  Generic agents become
``<country adjective> <noun>`` patterns with the combined canonical name ("Syrian troops" ->
"Military Forces of Syria (2024-)", dated later by the pipeline); bare generics ("regime
forces", "militants") get the id ``~<kind>`` and are resolved by the coder.  Reporting
sources (monitors, agencies) are labelled ORG with their canonical name as id.  Where an
alias and a generated combination are the same words, the alias wins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from spacy.language import Language

from strife.dictionaries import Dictionaries, is_case_sensitive, load_dictionaries
from strife.nlp.pipeline import COMPONENT_HOOKS

RULER_NAME = "strife_actors"
ACTOR_LABEL = "ACTOR"
POSSESSIVE_KINDS = ("military", "police", "government")


def actor_phrases(dicts: Dictionaries) -> Iterator[tuple[str, str, str, bool]]:
    """(text, label, id, case_sensitive) for every alias and generic combination, first
    definition of a text first (an explicit alias beats a generated combination)."""
    seen: set[str] = set()

    def emit(text: str, label: str, ent_id: str, case_sensitive: bool):
        key = text if case_sensitive else text.lower()
        if key not in seen:
            seen.add(key)
            yield text, label, ent_id, case_sensitive

    for key, name in dicts.aliases.items():
        entry = dicts.actors[name]
        yield from emit(key, "ORG" if entry.source else ACTOR_LABEL, name, is_case_sensitive(key))
    for entry in dicts.actors.values():
        for alias in entry.aliases:
            yield from emit(alias, "ORG" if entry.source else ACTOR_LABEL, entry.name, is_case_sensitive(alias))
    for agent in dicts.agents.values():
        for country in dicts.countries.values():
            name = agent.name_for(country)
            for noun in agent.nouns:
                for adj in country.adjectives:
                    for form in dict.fromkeys([noun, noun.lower()]):
                        yield from emit(f"{adj} {form}", ACTOR_LABEL, name, is_case_sensitive(adj))
                if agent.kind in POSSESSIVE_KINDS:
                    for apos in ("'s", "’s"):
                        yield from emit(f"{country.name}{apos} {noun}", ACTOR_LABEL, name, False)
        for noun in agent.bare:
            yield from emit(noun, ACTOR_LABEL, dicts.generic_id(agent.kind), False)


def actor_patterns(dicts: Dictionaries, tokenize: Callable[[str], list[str]] = str.split) -> Iterator[dict]:
    """EntityRuler patterns: phrase patterns (any case) and exact-text token patterns."""
    for text, label, ent_id, case_sensitive in actor_phrases(dicts):
        if case_sensitive:
            yield {"label": label, "pattern": [{"ORTH": t} for t in tokenize(text)], "id": ent_id}
        else:
            yield {"label": label, "pattern": text, "id": ent_id}


def add_actor_ruler(nlp: Language, options: dict) -> None:
    """Component hook: add the actor EntityRuler before "ner" (or last if there is none)."""
    if RULER_NAME in nlp.pipe_names:
        return
    dicts = load_dictionaries([Path(p) for p in options.get("dictionaries") or ()])
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME,
                         config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"}, **where)
    tokenize = lambda text: [t.text for t in nlp.make_doc(text)]  # noqa: E731
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(list(actor_patterns(dicts, tokenize)))


if add_actor_ruler not in COMPONENT_HOOKS:
    COMPONENT_HOOKS.append(add_actor_ruler)
