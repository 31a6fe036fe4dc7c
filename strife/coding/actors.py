"""Turn role tokens into coded actors: dictionary names, generic agents, pronouns, countries.

Rules (all general):
- an ACTOR entity names its actor; generic ids (``~military``) take the country of an
  adjective in the phrase, else the country the article is about ("regime forces");
- a definite generic armed group ("the militants") refers to the most mentioned named
  non-state armed group of the article, if there is one;
- a pronoun subject inside reported speech refers to the organisation the speaker speaks for,
  and so do "its/their fighters" ("the SLM claims its combatants killed ...");
- a definite description ("the coalition") refers to the last named actor with that head noun;
- a vehicle carrying people ("buses carrying 400 fighters") stands for the people it carries;
- a country name as the agent of violence means its military ("Russia bombed ..."), of
  anything else its government;
- civilian nouns (residents, people, ...) are civilians of the article's country;
- a violent act whose clause names no perpetrator: the one named armed actor that is the
  subject of a non-reporting verb of its sentence (``named_perpetrator``);
- a capital that acts or speaks stands for its state ("Damascus said", "Moscow warned",
  "Damascus lost 40 troops"): the government, or the military for a violent act;
- state forces acting outside their own country are external forces (inter 8).

A generic actor whose country the text does not give is marked ``generic``: its country
here is only the article's; :mod:`strife.coding.naming` names it for the event's country
and date once geo and time have run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from strife.coding.cities import country_of_city
from strife.coding.lexicon import word_forms
from strife.dictionaries import Dictionaries
from strife.model import Actor
from strife.nlp.spans import entities, entities_in, entity_of

NON_STATE = {2, 3, 4}
DEFINITE = {"the", "these", "those", "this", "that"}
STATE_FORCE_NOUNS = {"army", "military", "trooper", "troop", "soldier", "serviceman", "servicemen"}
PRONOUNS = {"they", "it", "we", "them", "he", "she"}
POSSESSIVE_PRONOUNS = {"its", "their", "our"}
ARMED_KINDS = {"armed_group", "military", "police"}


@dataclass
class DocContext:
    focus: str | None  # ISO code of the country the article is mostly about
    salient_armed: str | None  # most mentioned named non-state armed group


class ActorResolver:
    def __init__(self, dicts: Dictionaries):
        self.d = dicts
        self.by_adj = dicts.country_by_adjective()
        self.by_name = dicts.country_by_name()
        self.by_capital = {cap.lower(): c for c in dicts.countries.values() for cap in c.capitals}
        # nouns that name civilian people (not places or things that may be civilian targets)
        self.civilian_words = set(dicts.cues.get("civilian_words", [])) & set(dicts.cues.get("person_words", []))
        # verbs whose subject reports or responds to an act, never its perpetrator
        self.non_acting_verbs = frozenset(dicts.cues.get("reporting_verbs", [])) | frozenset(
            dicts.cues.get("responder_verbs", []))

    # --- article level -------------------------------------------------------------
    def context(self, doc: Doc, body_start: int = 0) -> DocContext:
        """The country the article is about, and its most mentioned named armed group.

        Votes: a country name or demonym 1, a big city's name 0.5 (a hint: see
        :mod:`strife.coding.cities`), an actor's nationality 0.5 (it says who, not where);
        a mention in the lead sentence, which says where the story is, counts twice.  Ties
        go to the country mentioned first."""
        votes: Counter[str] = Counter()
        armed: Counter[str] = Counter()
        lead = next((s for s in doc.sents if s.end_char > body_start), None)
        for ent in entities(doc):
            if ent.end_char <= body_start:
                continue  # the dateline names where the story was filed
            weight = 2 if lead is not None and ent.start >= lead.start and ent.end <= lead.end else 1
            low = ent.text.lower().removeprefix("the ")
            iso = None
            if ent.label_ == "GPE" and low in self.by_name:
                iso = self.by_name[low].iso
            elif ent.label_ == "NORP" and low in self.by_adj:
                iso = self.by_adj[low].iso
            elif ent.label_ in ("GPE", "LOC", "NORP"):  # the tagger calls some cities NORP
                iso, weight = country_of_city(low), weight * 0.5
            elif ent.label_ == "ACTOR":
                weight *= 0.5
                entry = self.d.actor(ent.ent_id_)
                if entry is not None and entry.country:
                    iso = entry.country
                else:
                    iso = next((self.by_adj[t.lower_].iso for t in ent if t.lower_ in self.by_adj), None)
                if entry is not None and entry.inter in NON_STATE and not entry.source:
                    armed[entry.name] += 1
            if iso:
                votes[iso] += weight
        focus = max(votes, key=lambda iso: votes[iso]) if votes else None  # first of equals
        salient = armed.most_common(1)[0][0] if armed else None
        return DocContext(focus, salient)

    # --- naming ----------------------------------------------------------------------
    def generic_name(self, kind: str, iso: str | None) -> str | None:
        agent = self.d.agents.get(kind)
        if agent is None:
            return None
        country = self.d.countries.get(iso or "")
        if country is not None:
            return agent.name_for(country)
        return agent.name.split(" of {country}")[0].split(" ({country})")[0].replace(" ({since}-)", "")

    def make(self, name: str, span: Span | Token | None, ctx: DocContext, kind: str | None = None,
             generic: bool = False) -> Actor:
        entry = self.d.actor(name)
        if entry is not None:
            name = entry.name_for(ctx.focus)
            entry = self.d.actor(name) or entry
        inter = entry.inter if entry else (self.d.agents[kind].inter if kind in self.d.agents else None)
        country = entry.country if entry else None
        if inter == 1 and country and ctx.focus and country != ctx.focus:
            inter = 8
        start = span.start_char if isinstance(span, Span) else (span.idx if span is not None else None)
        end = span.end_char if isinstance(span, Span) else (span.idx + len(span) if span is not None else None)
        return Actor(name=name, inter=inter, country=country or ctx.focus,
                     plover_type=entry.plover if entry else None, start=start, end=end,
                     text=span.text if span is not None else None, generic=kind if generic else None)

    def air_capable(self, actor: Actor | None) -> bool:
        entry = self.d.actor(actor.name) if actor else None
        return bool(entry and entry.air_capable)

    # --- from a role token -------------------------------------------------------------
    def _ent(self, tok: Token, label: str = "ACTOR") -> Span | None:
        if tok.ent_type_ == label:
            return entity_of(tok)
        # an entity inside the phrase, close to its head ("a convoy of Daesh militants")
        best = None
        for t in tok.subtree:
            if t.ent_type_ == label and abs(t.i - tok.i) <= 6:
                depth, h = 0, t
                while h != tok and depth < 4 and h.head != h:
                    if (h.pos_ == "VERB" and h != t) or h.dep_ == "conj":
                        depth = 99  # another clause, or a coordinated noun phrase: another referent
                        break
                    h, depth = h.head, depth + 1
                if h == tok:
                    ent = entity_of(t)
                    if best is None or abs(ent.root.i - tok.i) < abs(best.root.i - tok.i):
                        best = ent
        return best

    def _named_modifier(self, generic: Span) -> Span | None:
        """A named actor that modifies a generic noun phrase ("Al Shabaab militants", "Al-Shabab
        mujahidin movement fighters"): an ACTOR entity before the head whose own head leads to
        it through noun modifiers only ("US-backed forces" leads through a verb: a backer)."""
        doc = generic.doc
        root = generic.root
        starts = (entity_of(t) for t in doc[root.left_edge.i:generic.start] if t.ent_iob_ == "B")
        for ent in starts:
            if ent is None or ent.label_ != "ACTOR" or (ent.ent_id_ or "").startswith("~") \
                    or ent.end > generic.start:
                continue
            tok = ent.root
            for _ in range(4):
                if tok.dep_ not in ("compound", "amod", "nmod", "npadvmod", "poss") or tok.head.pos_ == "VERB":
                    break
                tok = tok.head
                if tok == root:
                    return ent
        return None

    def _country_adj(self, span: Span | Token) -> str | None:
        toks = list(span) if isinstance(span, Span) else [span]
        for t in toks + [c for x in toks for c in x.children if c.dep_ in ("amod", "compound", "poss")]:
            low = t.lower_
            if low in self.by_adj:
                return self.by_adj[low].iso
            if t.ent_type_ == "GPE" and low in self.by_name:
                return self.by_name[low].iso
        return None

    def _occupants(self, tok: Token) -> Token | None:
        """The people a vehicle carries: the object of a carrying verb on it or its conjuncts."""
        if not word_forms(tok) & set(self.d.cues.get("conveyance_words", [])):
            return None
        carrying = set(self.d.cues.get("carrying_verbs", []))
        for noun in [tok, *(c for c in tok.children if c.dep_ == "conj")]:
            for verb in noun.children:
                if verb.dep_ == "acl" and verb.lemma_.lower() in carrying:
                    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
                    if obj is not None:
                        return obj
        return None

    def _antecedent(self, tok: Token) -> Span | None:
        """A definite description ("the coalition") names the last named actor before it
        whose head is the same noun."""
        if not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children):
            return None
        lemma = tok.lemma_.lower()
        found = None
        for ent in entities(tok.doc):
            if ent.start >= tok.i:
                break
            if ent.label_ == "ACTOR" and ent.ent_id_ and not ent.ent_id_.startswith("~") \
                    and ent[-1].lemma_.lower() == lemma:  # the head noun ends an English noun phrase
                found = ent
        return found

    def resolve(self, tok: Token, ctx: DocContext, violent: bool, speaker: Span | None,
                allow_civilian: bool, speaker_token: Token | None = None) -> Actor | None:
        ent = self._ent(tok)
        if ent is not None and (ent.ent_id_ or "").startswith("~"):
            named = self._named_modifier(ent)  # "Al Shabaab militants", "JNIM fighters"
            if named is not None:
                ent = named
        if ent is not None:
            ent_id = ent.ent_id_ or ent.text
            if ent_id.startswith("~"):
                kind = ent_id[1:]
                det = {c.lower_ for c in ent.root.children if c.dep_ in ("det", "poss")}
                if kind in ARMED_KINDS and det & POSSESSIVE_PRONOUNS and speaker is not None:
                    # "the SLM claims its combatants killed ...": the fighters are the speaker's
                    return self.make(speaker.ent_id_ or speaker.text, speaker, ctx)
                if kind == "armed_group" and det & DEFINITE and ctx.salient_armed:
                    return self.make(ctx.salient_armed, ent, ctx)
                if kind in ("civilians", "protesters", "rioters") and not allow_civilian:
                    return None
                stated = self._country_adj(ent)
                name = self.generic_name(kind, stated or ctx.focus)
                return self.make(name, ent, ctx, kind, generic=stated is None) if name else None
            return self.make(ent_id, ent, ctx)
        if ent is None and tok.pos_ in ("NOUN", "PROPN"):
            occupants = self._occupants(tok)  # "buses carrying 400 fighters"
            if occupants is not None:
                return self.resolve(occupants, ctx, violent, speaker, allow_civilian)
            antecedent = self._antecedent(tok)  # "the coalition" after "the US-led coalition"
            if antecedent is not None:
                return self.make(antecedent.ent_id_, tok, ctx)
        if tok.lower_ in PRONOUNS and speaker is not None:
            return self.make(speaker.ent_id_ or speaker.text, speaker, ctx)
        if tok.lower_ in PRONOUNS and speaker_token is not None and speaker_token != tok:
            # "the military confirmed it regained ...": the pronoun is the speaker itself
            return self.resolve(speaker_token, ctx, violent, None, allow_civilian)
        state = self._metonym(tok)
        if state is not None:  # "Damascus said", "Moscow warned", "Damascus lost 40 troops"
            kind = "military" if violent else "government"
            span = entity_of(tok) or tok
            return self.make(self.generic_name(kind, state), span, ctx, kind)
        gpe = tok if tok.ent_type_ == "GPE" else None
        if gpe is not None:
            span = entity_of(tok)
            country = self.by_name.get(span.text.lower().removeprefix("the "))
            if country is not None:
                return self.make(self.generic_name("military" if violent else "government", country.iso),
                                 span, ctx, "military" if violent else "government")
        if tok.ent_type_ == "NORP" and tok.dep_ in ("amod", "compound") and tok.lower_ in self.by_adj and violent:
            iso = self.by_adj[tok.lower_].iso  # "an Israeli air strike"
            return self.make(self.generic_name("military", iso), tok, ctx, "military")
        lemma = tok.lemma_.lower()
        if tok.pos_ == "NOUN" and (lemma in STATE_FORCE_NOUNS or (lemma in ("force", "fighter", "troop") and any(
                c.lower_ in ("loyal", "pro-government", "government") for c in tok.children))):
            # "the army", "troopers", "forces loyal to the government": state forces of the article's country
            stated = self._country_adj(tok)
            return self.make(self.generic_name("military", stated or ctx.focus), tok, ctx, "military",
                             generic=stated is None)
        if allow_civilian and tok.lemma_.lower() in self.civilian_words and tok.pos_ in ("NOUN", "PROPN"):
            stated = self._country_adj(tok)
            return self.make(self.generic_name("civilians", stated or ctx.focus), tok, ctx, "civilians",
                             generic=stated is None)
        return None

    def named_perpetrator(self, sent: Span, exclude: set[str]) -> Span | None:
        """The one named armed actor the sentence makes the subject of a verb that is not a
        reporting verb ("IS claimed responsibility for the blast", "Syrian troops pushed
        into the enclave, clashing with insurgents"), for an act whose own clause names no
        perpetrator; None when the sentence has two such actors or none.  A government or a
        source that speaks is not a perpetrator, nor a force that responds to the act
        ("security forces inspected the scene": ``responder_verbs``)."""
        found: dict[str, Span] = {}
        for ent in entities_in(sent):
            ent_id = ent.ent_id_ or ""
            entry = self.d.actor(ent_id) if ent.label_ == "ACTOR" and not ent_id.startswith("~") else None
            if entry is None or entry.source or entry.inter not in (1, 2, 3, 4, 8) or ent_id in exclude \
                    or entry.kind == "government" or entry.name.startswith("Government of"):
                continue
            tok = ent.root
            if tok.dep_ in ("compound", "amod", "poss", "nmod") and tok.head.i >= ent.end:
                tok = tok.head  # "IS militants", "the Houthis' forces"
            if tok.dep_ == "nsubj" and tok.head.lemma_.lower() not in self.non_acting_verbs:
                found.setdefault(ent_id, ent)
        return next(iter(found.values())) if len(found) == 1 else None

    def _metonym(self, tok: Token) -> str | None:
        """ISO code of the state a capital stands for when it is the subject or possessor
        of the clause (a place does not act or speak; its government does).  As an object
        or after a preposition ("struck Damascus", "in Moscow") it stays a place."""
        if tok.dep_ not in ("nsubj", "poss") and not (tok.dep_ == "pobj" and tok.head.dep_ == "agent"):
            return None
        ent = entity_of(tok)
        text = (ent.text if ent is not None else tok.text).lower()
        country = self.by_capital.get(text) or self.by_capital.get(text.removeprefix("the "))
        return country.iso if country is not None else None
