"""Actor EntityRuler: labels actor names ACTOR (ent_id = canonical actor name).

Built from the actor dictionaries (plus user paths from ``load_nlp(dictionaries=...)``)
as phrase patterns on exact token text, so it costs one PhraseMatcher pass per doc.
Case variants are generated here; short all-capital aliases ("IS") stay case-sensitive.
Generic agents become ``<country adjective> <noun>`` patterns with the combined canonical
name ("Syrian troops" -> "Military Forces of Syria (2000-)"); bare generics ("regime
forces", "militants") get the id ``~<kind>`` and are resolved by the coder.  Reporting
sources (monitors, agencies) are labelled ORG with their canonical name as id.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from spacy.language import Language

from strife.dictionaries import Dictionaries, is_case_sensitive, load_dictionaries
from strife.nlp.pipeline import COMPONENT_HOOKS

RULER_NAME = "strife_actors"
ACTOR_LABEL = "ACTOR"
POSSESSIVE_KINDS = ("military", "police", "government")


def _variants(text: str, case_sensitive: bool) -> set[str]:
    if case_sensitive:
        return {text}
    out = {text, text.lower(), text[:1].upper() + text[1:]}
    out.add(" ".join(w[:1].upper() + w[1:] for w in text.split()))
    return out


def actor_patterns(dicts: Dictionaries) -> Iterator[dict]:
    """EntityRuler phrase patterns for every alias and generic combination."""
    seen: set[str] = set()

    def emit(text: str, label: str, ent_id: str, case_sensitive: bool = False):
        for variant in _variants(text, case_sensitive):
            if variant not in seen:
                seen.add(variant)
                yield {"label": label, "pattern": variant, "id": ent_id}

    # Named actors first: an explicit alias beats a generated combination of the same words.
    for key, name in dicts.aliases.items():
        entry = dicts.actors[name]
        label = "ORG" if entry.source else ACTOR_LABEL
        yield from emit(key if is_case_sensitive(key) else key, label, name, is_case_sensitive(key))
    for entry in dicts.actors.values():
        for alias in entry.aliases:
            yield from emit(alias, "ORG" if entry.source else ACTOR_LABEL, entry.name,
                            is_case_sensitive(alias))
    for agent in dicts.agents.values():
        for country in dicts.countries.values():
            name = agent.name_for(country)
            for noun in agent.nouns:
                for adj in country.adjectives:
                    yield from emit(f"{adj} {noun}", ACTOR_LABEL, name, True)
                    yield from emit(f"{adj} {noun.lower()}", ACTOR_LABEL, name, True)
                if agent.kind in POSSESSIVE_KINDS:
                    for apos in ("'s", "’s"):
                        yield from emit(f"{country.name}{apos} {noun}", ACTOR_LABEL, name, True)
        for noun in agent.bare:
            yield from emit(noun, ACTOR_LABEL, dicts.generic_id(agent.kind))


def add_actor_ruler(nlp: Language, options: dict) -> None:
    """Component hook: add the actor EntityRuler before "ner" (or last if there is none)."""
    if RULER_NAME in nlp.pipe_names:
        return
    dicts = load_dictionaries([Path(p) for p in options.get("dictionaries") or ()])
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config={"overwrite_ents": True}, **where)
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(list(actor_patterns(dicts)))


if add_actor_ruler not in COMPONENT_HOOKS:
    COMPONENT_HOOKS.append(add_actor_ruler)
