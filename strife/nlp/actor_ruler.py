"""Actor ruler: labels actor names ACTOR (ent_id = canonical actor name).

Built from the actor dictionaries (plus user paths from ``load_nlp(dictionaries=...)``).
Aliases match in any casing through one phrase pattern each (a phrase matcher on
lower-cased tokens), so thousands of actors cost one PhraseMatcher pass per doc and the
ruler builds in about the time it takes to tokenize the aliases once; short all-capital
aliases ("IS", "SDF") and combinations with such adjectives ("US troops") match on the
exact text (a second phrase matcher), so "is" and "us troops" stay words.  Generic agents become
``<country adjective> <noun>`` patterns with the combined canonical name ("Syrian troops" ->
"Military Forces of Syria (2024-)", dated later by the pipeline); bare generics ("regime
forces", "militants") get the id ``~<kind>`` and are resolved by the coder.  Reporting
sources (monitors, agencies) are labelled ORG with their canonical name as id.  Where an
alias and a generated combination are the same words, the alias wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

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
        for country in (c for c in dicts.countries.values() if c.in_ruler):
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


class ActorRuler:
    """Labels actor names with two phrase matchers: one on lower-cased tokens (aliases in any
    casing), one on exact token text (short capitals, "US troops").  Overlaps resolve as in
    spaCy's EntityRuler with ``overwrite_ents``: the longest match wins, then the earliest, and
    a match replaces the entities it overlaps.  Two phrase matchers instead of an EntityRuler's
    token Matcher because a Matcher tries every exact-text pattern at every token (hundreds of
    patterns: a tenth of the whole pipeline's time), a phrase matcher looks each token up once.
    Where two phrases match the same words, the one defined first wins (an explicit alias
    before a generated combination, see :func:`actor_phrases`)."""

    def __init__(self, nlp: Language, name: str = RULER_NAME):
        self.name = name
        self.any_case = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.ids: dict[int, tuple[str, str]] = {}  # match key -> (label, canonical name)
        self.rank: dict[tuple[int, bool], int] = {}  # (match key, exact) -> order of definition
        self.size = 0

    def add(self, nlp: Language, phrases: Iterable[tuple[str, str, str, bool]]) -> None:
        """Add (text, label, id, case_sensitive) phrases (see :func:`actor_phrases`)."""
        groups: dict[tuple[str, bool], list] = {}
        for text, label, ent_id, case_sensitive in phrases:
            key = f"{label}\x1f{ent_id}"
            key_hash = nlp.vocab.strings.add(key)  # matches carry the key's hash
            self.ids[key_hash] = (label, ent_id)
            self.rank.setdefault((key_hash, case_sensitive), len(self.rank))
            groups.setdefault((key, case_sensitive), []).append(nlp.make_doc(text))
        for (key, case_sensitive), docs in groups.items():
            (self.exact if case_sensitive else self.any_case).add(key, docs)
            self.size += len(docs)

    def __len__(self) -> int:
        return self.size

    def __call__(self, doc: Doc) -> Doc:
        matches = {(s, e, key, False) for key, s, e in self.any_case(doc) if s != e}
        matches |= {(s, e, key, True) for key, s, e in self.exact(doc) if s != e}
        # longest first, then earliest, then first defined
        ordered = sorted(matches, key=lambda m: (m[0] - m[1], m[0], self.rank[m[2], m[3]]))
        entities, new, seen = list(doc.ents), [], set()
        for start, end, key, _ in ordered:
            if start in seen or end - 1 in seen:
                continue
            label, ent_id = self.ids[key]
            new.append(Span(doc, start, end, label=label, span_id=ent_id))
            entities = [e for e in entities if not (e.start < end and e.end > start)]
            seen.update(range(start, end))
        doc.ents = entities + new
        return doc


@Language.factory(RULER_NAME, assigns=["doc.ents", "token.ent_iob", "token.ent_type"])
def make_actor_ruler(nlp: Language, name: str) -> ActorRuler:
    return ActorRuler(nlp, name)


def add_actor_ruler(nlp: Language, options: dict) -> None:
    """Component hook: add the actor ruler before "ner" (or last if there is none)."""
    if RULER_NAME in nlp.pipe_names:
        return
    dicts = load_dictionaries([Path(p) for p in options.get("dictionaries") or ()])
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe(RULER_NAME, name=RULER_NAME, **where)
    ruler.add(nlp, actor_phrases(dicts))


if add_actor_ruler not in COMPONENT_HOOKS:
    COMPONENT_HOOKS.append(add_actor_ruler)
