"""From trigger class + context to an ACLED sub-event type.

Each trigger class lists, in ``subtype_rules`` (triggers.yaml), the rules below that refine its
default sub-event type; the first rule with an answer decides.  The rules are mechanisms over
actors and words; every word list they read is a cue (cues.yaml).

- demonstration: violence by the demonstrators -> Violent demonstration; lethal force or
  injuries against them -> Excessive force; dispersal, tear gas, arrests -> Protest with
  intervention; otherwise Peaceful.  Only what happened at the demonstration counts: the
  grievance ("over the killing of ...", "to demand ...") never sets the level (ACLED codebook,
  Protests / Riots), nor does what did not happen (a negated, modal, future or conditional
  clause), nor a manner word on the force's act ("the violent dispersal") for the crowd.
- mob: civilians who take part in violence (no weapon named) are rioters: Mob violence.
- instrument: the sub-type of an instrument word in the clause (suicide > chemical > grenade >
  air > explosive > shelling, as listed in instruments.yaml).
- air: a strike word by an air-capable actor is an air strike.
- target: against civilians -> Attack; against armed actors -> Armed clash.
- aircraft: destruction by aircraft ("warplanes destroyed the depot") -> Air/drone strike.
- weapons: taking or destroying arms -> Disrupted weapons use.
- territory: taking people -> Arrests (state) / Abduction (others); taking ground -> Government
  regains territory (state) / Non-state actor overtakes territory; taken after its holders left
  -> Non-violent transfer of territory.
- transfer: handing over is a transfer; a withdrawal is one when someone else takes the place,
  otherwise a change in the group's activity.
- detention: detention by a non-state armed group is an abduction (ACLED codebook, Abduction/
  forced disappearance).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Token

from strife.coding.lexicon import word_forms
from strife.coding.modality import irrealis, own_irrealis
from strife.model import Actor

NON_STATE_ARMED = {2, 3, 4}
ARMED_INTERS = {1, 2, 3, 4, 8}
# Dependency edges that attach a grievance clause to a demonstration ("gathered to demand",
# "marched, chanting against", "signs condemning", "protested the killing").
# Edges to a clause that reports another act, even inside a grievance phrase.
_NEW_ACT_DEPS = {"conj", "advcl", "parataxis"}
_GRIEVANCE_CLAUSE_DEPS = {"xcomp", "advcl", "acl", "relcl", "ccomp", "conj", "dobj", "pobj", "npadvmod"}


@dataclass
class SubtypeContext:
    """What the sub-type rules read about one merged trigger group."""

    cls: str
    default: str | None
    lemmas: set[str]  # lemmas of the group's trigger heads
    demo_heads: list[Token]  # heads of the group's demonstration triggers (absorbing classes)
    actor1: Actor | None
    actor2: Actor | None
    target_tokens: list[Token]
    instruments: list[str]  # instrument sub-event types in the clause, in instruments.yaml order
    sentence: list[Token]
    cues: dict
    air_capable: bool
    agent_phrase: list[Token] = field(default_factory=list)  # the tokens that name actor1
    _cue_sets: dict = field(default_factory=dict)

    def words(self, name: str) -> set[str]:
        if name not in self._cue_sets:
            self._cue_sets[name] = set(self.cues.get(name, []))
        return self._cue_sets[name]

    @property
    def inter1(self) -> int | None:
        return self.actor1.inter if self.actor1 else None

    @property
    def inter2(self) -> int | None:
        return self.actor2.inter if self.actor2 else None

    def target_lemmas(self, first_only: bool = False) -> set[str]:
        tokens = self.target_tokens[:1] if first_only else self.target_tokens
        return {f for t in tokens for f in word_forms(t)}


def has_any(tokens: list[Token], words: list[str]) -> bool:
    """Any of ``words`` (lemmas or forms; phrases with spaces) among ``tokens``, a hyphenated
    compound read whole ("non-violent") and in parts ("stone-throwing")."""
    texts = []
    for form in (" ".join(t.lemma_.lower() for t in tokens), " ".join(t.lower_ for t in tokens)):
        texts += [f" {form} ", f" {form} ".replace(" - ", "-")]
    return any(f" {w} " in text for text in texts for w in words)



def grievance_tokens(heads: list[Token], sentence: list[Token], cues: dict) -> set[int]:
    """Token indices that say what a demonstration was about, not what happened at it: the
    object of "protest" ("protested the killing of ..."), phrases headed by a grievance
    preposition ("over the death of", "against the arrest of"), clauses headed by a grievance
    verb ("to demand", "condemning", "calling for") and what banners or slogans said."""
    preps = set(cues.get("grievance_preps", []))
    verbs = set(cues.get("grievance_verbs", []))
    carriers = set(cues.get("grievance_carriers", []))
    out: set[int] = set()
    head_ids = {h.i for h in heads}
    in_sentence = {t.i for t in sentence}

    def take(tok: Token) -> None:
        # the grievance phrase, without clauses about what happened next ("... as police fired
        # tear gas", "chanting slogans and throwing stones")
        stack = [tok]
        while stack:
            t = stack.pop()
            if t.i not in head_ids:
                out.add(t.i)
            for child in t.children:
                if child.dep_ in _NEW_ACT_DEPS and child.pos_ in ("VERB", "AUX") \
                        and child.lemma_.lower() not in verbs:
                    continue
                stack.append(child)

    # the verbs a demonstration noun is subject or object of ("protesters held a sit-in against ...")
    governors = {h.head.i for h in heads if h.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")} | head_ids
    for tok in sentence:
        lemma = tok.lemma_.lower()
        if tok.dep_ == "prep" and tok.lower_ in preps and (tok.head.i in governors or tok.head.lemma_.lower() in verbs
                                                           or tok.head.lemma_.lower() in carriers):
            take(tok)
        elif lemma in verbs and tok.dep_ in _GRIEVANCE_CLAUSE_DEPS and tok.i not in head_ids:
            take(tok)
        elif lemma in carriers:
            take(tok)
        elif tok.dep_ in ("dobj", "ccomp") and tok.head.i in head_ids and tok.head.pos_ == "VERB":
            take(tok)  # "protested the killing of ...", "demonstrated that ..."
    return out & in_sentence


def unreal_tokens(sentence: list[Token], cues: dict, keep: set[int]) -> set[int]:
    """Token indices of clauses that say what did not or may not happen ("we must not allow
    them to be beaten", "police did not use force"): negated, modal, future, conditional.
    Clauses headed by a token in ``keep`` (the demonstration itself) stay."""
    out: set[int] = set()
    for tok in sentence:
        if tok.pos_ in ("VERB", "AUX") and tok.i not in keep and tok.i not in out \
                and own_irrealis(tok, cues) in ("negated", "modal", "future", "conditional"):
            out.update(t.i for t in tok.subtree if t.i not in keep)
    return out


def demonstration(c: SubtypeContext) -> str:
    heads = {h.i for h in c.demo_heads}
    skip = grievance_tokens(c.demo_heads, c.sentence, c.cues) | unreal_tokens(c.sentence, c.cues, heads)
    riot_gear = c.words("riot_modifier_heads")
    happened = [t for t in c.sentence if t.i not in skip  # "riot police" is no riot
                and not (t.dep_ in ("compound", "amod") and t.head.lemma_.lower() in riot_gear)]
    # "the violent dispersal of the sit-in": a manner word on the force's act is the force's
    intervention = {w for w in c.cues.get("protest_intervention", []) if " " not in w}
    symbolic = symbolic_acts(c.sentence, c)  # "burnt an effigy": a symbol destroyed, no violence
    symbolic |= unaimed_throws(c.sentence, c)  # "throwing toilet rolls into the air"
    happened = [t for t in happened if t.i not in symbolic]
    by_crowd = [t for t in happened if not (t.dep_ in ("amod", "advmod") and word_forms(t.head) & intervention)]
    peaceful = has_any(c.sentence, c.cues.get("peaceful_words", []))
    # road-blocking by the demonstrators themselves, if it happened ("attempted to block" did not)
    blocking = any(h.lemma_.lower() in c.words("road_blocking_verbs") and irrealis(h, h, c.cues)[0] is None
                   for h in c.demo_heads)
    if c.cls == "riot" or ((has_any(by_crowd, c.cues.get("protest_violent", [])) or blocking
                            or crowd_violence(happened, c)) and not peaceful):
        return "Violent demonstration"  # violence by the demonstrators comes first (ACLED)
    if has_any(happened, c.cues.get("protest_lethal", [])):
        return "Excessive force against protesters"
    if has_any(happened, c.cues.get("protest_intervention", [])):
        if has_any(happened, c.cues.get("protest_injury", [])):
            return "Excessive force against protesters"
        return "Protest with intervention"
    return "Peaceful protest"


def symbolic_acts(sentence: list[Token], c: SubtypeContext) -> set[int]:
    """Token indices of acts done to a symbol (``symbolic_objects``): burning an effigy, a flag or
    copies of a bill, setting fire to a portrait.  Protest theatre destroys no one's property
    and hurts no one: it never makes a demonstration violent (ACLED codes it a peaceful protest).
    The verb and its own phrases are left out, not what it is coordinated with ("burnt an
    effigy and threw stones")."""
    symbols = c.words("symbolic_objects")
    out: set[int] = set()
    for verb in sentence:
        if verb.pos_ != "VERB":
            continue
        objects = [ch for ch in verb.children if ch.dep_ in ("dobj", "nsubjpass")]
        objects += [g for ch in verb.children if ch.dep_ == "prep" and ch.lower_ in ("to", "on")
                    for g in ch.children if g.dep_ == "pobj"]  # "set fire to an effigy"
        if not any(word_forms(o) & symbols for o in objects):
            continue
        out.add(verb.i)
        for ch in verb.children:
            if ch.dep_ not in _NEW_ACT_DEPS and ch.dep_ not in ("nsubj", "cc", "punct"):
                out.update(t.i for t in ch.subtree)
    return out


def unaimed_throws(sentence: list[Token], c: SubtypeContext) -> set[int]:
    """Token indices of throwing verbs (``throwing_verbs``) aimed at no one: no aim preposition
    (``aim_preps``: "at police", "into a fire") among their phrases, or only one into the open
    air (``open_air``).  Throwing paper
    rolls into the air or flowers onto a stage hurts no one; a throw aimed at someone is violence,
    and missiles (stones, bottles, petrol bombs) are the riot class's own triggers."""
    throws, aims, air = c.words("throwing_verbs"), c.words("aim_preps"), c.words("open_air")
    return {t.i for t in sentence if t.pos_ == "VERB" and t.lemma_.lower() in throws
            and not any(ch.dep_ in ("prep", "dative") and ch.lower_ in aims
                        and not any(g.dep_ == "pobj" and g.lemma_.lower() in air for g in ch.children)
                        for ch in t.children)}


def crowd_violence(tokens: list[Token], c: SubtypeContext) -> bool:
    """Violence done by the demonstrators: a verb of violence or destruction (``crowd_violence_verbs``)
    whose doer -- active subject, or passive "by" agent -- is the crowd (``crowd_words``, or a
    demonstration trigger such as "protesters"): "protesters attacked a police station", "police
    were injured by demonstrators".  Violence done *to* them ("protesters were attacked") is not."""
    verbs, crowd = c.words("crowd_violence_verbs"), c.words("crowd_words")
    demo = {h.i for h in c.demo_heads}

    def is_crowd(tok: Token | None) -> bool:
        if tok is None:
            return False
        # "a group of protesters": the noun after "of" says who
        heads = [tok] + [g for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                         for g in p.children if g.dep_ == "pobj"]
        return any(h.i in demo or word_forms(h) & crowd for h in heads)

    for verb in tokens:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in verbs:
            continue
        doer = next((ch for ch in verb.children if ch.dep_ == "nsubj"), None)
        if doer is None and verb.dep_ == "conj":
            doer = next((ch for ch in verb.head.children if ch.dep_ == "nsubj"), None)
        agent = next((g for ch in verb.children if ch.dep_ == "agent" for g in ch.children if g.dep_ == "pobj"), None)
        if is_crowd(doer) or is_crowd(agent):
            return True
    return False


def mob(c: SubtypeContext) -> str | None:
    if c.inter1 == 7 and not c.instruments:
        return "Mob violence"  # civilians who take part in violence are rioters (ACLED)
    return None


def instrument(c: SubtypeContext) -> str | None:
    if c.instruments:
        first = c.instruments[0]
        if first == "Air/drone strike" or first != "Remote explosive/landmine/IED" or not c.air_capable:
            return first
    return None


def air(c: SubtypeContext) -> str | None:
    if c.air_capable and c.lemmas & c.words("air_strike_words"):
        return "Air/drone strike"
    if c.instruments:
        return c.instruments[0]  # a bomb from an air-capable actor, with no strike word
    return None


def target(c: SubtypeContext) -> str:
    civilian, armed = c.words("civilian_words"), c.words("armed_words")
    first_target = c.target_lemmas(first_only=True)
    target_lemmas = c.target_lemmas()
    if first_target & armed and not first_target & civilian:
        return "Armed clash"  # the act's own object is armed (a checkpoint, a patrol)
    if c.inter2 == 7 or (target_lemmas & civilian and not target_lemmas & armed):
        return "Attack"
    if c.inter2 in ARMED_INTERS or target_lemmas & armed:
        return "Armed clash"  # armed-group members are not civilians: killing one is a battle
    return "Attack"


def aircraft(c: SubtypeContext) -> str | None:
    """What aircraft destroy they destroy from the air: "Syrian warplanes destroyed the arms
    depot" is an air strike (ACLED codes by the means used), not a weapons seizure."""
    if c.agent_phrase and has_any(c.agent_phrase, c.cues.get("aircraft_words", [])):
        return "Air/drone strike"
    return None


def weapons(c: SubtypeContext) -> str | None:
    if c.target_lemmas() & c.words("weapon_words"):
        return "Disrupted weapons use"
    return None


def territory(c: SubtypeContext) -> str:
    persons, places = c.words("person_words"), c.words("place_words")
    if has_any(c.sentence, c.cues.get("no_resistance_words", [])) and not c.target_lemmas() & persons:
        return "Non-violent transfer of territory"  # taken after the holders left
    own_object = c.target_lemmas(first_only=True)
    if (own_object & persons and not own_object & places) or (c.inter2 == 7 and not own_object & places):
        return "Arrests" if c.inter1 == 1 else "Abduction/forced disappearance"
    if c.inter1 is None:
        # Unknown taker: "re-" verbs say the taker held the place before, as governments
        # retaking lost ground usually did.
        return "Government regains territory" if c.lemmas & c.words("retake_verbs") \
            else "Non-state actor overtakes territory"
    return "Government regains territory" if c.inter1 == 1 else "Non-state actor overtakes territory"


def transfer(c: SubtypeContext) -> str:
    # Handing over is always a transfer; a withdrawal is one when someone else is there
    # to take the place, otherwise it is a change in the group's activity.
    named = {t.ent_id_ or t.text for t in c.sentence if t.ent_type_ == "ACTOR"}
    if c.lemmas & c.words("handover_words") or (c.actor1 and c.actor2) or len(named) >= 2 \
            or has_any(c.sentence, c.cues.get("transfer_words", [])):
        return "Non-violent transfer of territory"
    return "Change to group/activity"


def detention(c: SubtypeContext) -> str | None:
    if c.inter1 in NON_STATE_ARMED:
        return "Abduction/forced disappearance"
    return None


#: The sub-type rules a trigger class may name in ``subtype_rules``.
RULES: dict[str, Callable[[SubtypeContext], str | None]] = {
    "demonstration": demonstration, "mob": mob, "instrument": instrument, "air": air, "target": target,
    "aircraft": aircraft, "weapons": weapons, "territory": territory, "transfer": transfer, "detention": detention,
}


def resolve(rules: list[str], c: SubtypeContext) -> str | None:
    """The ACLED sub-event type: the first of the class's rules with an answer, else its default."""
    for name in rules:
        sub = RULES[name](c)
        if sub is not None:
            return sub
    return c.default
