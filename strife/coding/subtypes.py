"""From trigger class + context to an ACLED sub-event type (rules over actors and words).

- Violent acts (attack, kill, bomb) take the sub-type of an instrument word in their
  clause (suicide > chemical > grenade > air > explosive > shelling, as listed in
  instruments.yaml); "strike"/"bomb" by an air-capable actor is an air strike.
- Without an instrument: against civilians -> Attack; against armed actors -> Armed clash.
- Taking territory: state forces (inter 1) -> Government regains territory, others ->
  Non-state actor overtakes territory; taking people -> Arrests (state) / Abduction (others).
- Arrests by a non-state armed group are abductions.
- Protests: lethal force against them -> Excessive force; violence by them -> Violent
  demonstration; dispersal, tear gas, arrests -> Protest with intervention.
"""

from __future__ import annotations

from spacy.tokens import Token

from strife.coding.lexicon import word_forms
from strife.model import Actor

VIOLENT = {"attack", "kill", "bomb", "fight", "airstrike", "shelling", "suicide", "grenade", "chemical",
           "sexual", "abduct", "capture"}
AIR_STRIKE_WORDS = {"strike", "bomb", "bombing", "pound", "hit", "raid", "target", "bombard"}


def _has_any(tokens: list[Token], words: list[str]) -> bool:
    text = " " + " ".join(t.lemma_.lower() for t in tokens) + " "
    raw = " " + " ".join(t.lower_ for t in tokens) + " "
    return any(f" {w} " in text or f" {w} " in raw for w in words)


def protest_subtype(cls: str, sentence: list[Token], cues: dict) -> str:
    peaceful = _has_any(sentence, ["peaceful", "peacefully", "non-violent", "nonviolent"])
    if cls == "riot" or (_has_any(sentence, cues.get("protest_violent", [])) and not peaceful):
        return "Violent demonstration"  # violence by the demonstrators comes first (ACLED)
    if _has_any(sentence, cues.get("protest_lethal", [])):
        return "Excessive force against protesters"
    if _has_any(sentence, cues.get("protest_intervention", [])):
        if _has_any(sentence, cues.get("protest_injury", [])):
            return "Excessive force against protesters"
        return "Protest with intervention"
    return "Peaceful protest"


def resolve(cls: str, default: str | None, lemmas: set[str], actor1: Actor | None, actor2: Actor | None,
            target_tokens: list[Token], instruments: list[str], sentence: list[Token], cues: dict,
            air_capable: bool) -> str | None:
    """The ACLED sub-event type for a merged trigger group of class ``cls``."""
    civilian = set(cues.get("civilian_words", []))
    armed = set(cues.get("armed_words", []))
    persons = set(cues.get("person_words", []))
    places = set(cues.get("place_words", []))
    target_lemmas = {f for t in target_tokens for f in word_forms(t)}
    inter1 = actor1.inter if actor1 else None
    inter2 = actor2.inter if actor2 else None
    if cls in ("protest", "riot"):
        return protest_subtype(cls, sentence, cues)
    if cls in ("fight", "attack") and inter1 == 7 and not instruments:
        return "Mob violence"  # civilians who take part in violence are rioters (ACLED)
    if cls in ("attack", "kill", "bomb"):
        if instruments:
            first = instruments[0]
            if first == "Air/drone strike" or first != "Remote explosive/landmine/IED" or not air_capable:
                return first
        if air_capable and lemmas & AIR_STRIKE_WORDS:
            return "Air/drone strike"
        if instruments:
            return instruments[0]
        if cls == "bomb":
            return default
        first_target = {f for t in target_tokens[:1] for f in word_forms(t)}
        if first_target & armed and not first_target & civilian:
            return "Armed clash"  # the act's own object is armed (a checkpoint, a patrol)
        if inter2 == 7 or (target_lemmas & civilian and not target_lemmas & armed):
            return "Attack"
        if inter2 in (1, 2, 3, 4, 8) or target_lemmas & armed:
            return "Armed clash"
        return "Attack"
    weapons = set(cues.get("weapon_words", []))
    if cls in ("capture", "disrupt", "loot") and target_lemmas & weapons:
        return "Disrupted weapons use"
    if cls == "withdraw":
        # Handing over is always a transfer; a withdrawal is one when someone else is there
        # to take the place, otherwise it is a change in the group's activity.
        named = {t.ent_id_ or t.text for t in sentence if t.ent_type_ == "ACTOR"}
        if lemmas & set(cues.get("handover_words", [])) or (actor1 and actor2) or len(named) >= 2 \
                or _has_any(sentence, cues.get("transfer_words", [])):
            return "Non-violent transfer of territory"
        return "Change to group/activity"
    if cls == "capture" and _has_any(sentence, cues.get("no_resistance_words", [])) \
            and not target_lemmas & persons:
        return "Non-violent transfer of territory"  # taken after the holders left
    if cls == "capture":
        own_object = {f for t in target_tokens[:1] for f in word_forms(t)}
        if own_object & persons and not own_object & places or inter2 in (7,) and not own_object & places:
            return "Arrests" if inter1 == 1 else "Abduction/forced disappearance"
        if inter1 is None:
            # Unknown taker: "re-" verbs say the taker held the place before, as governments
            # retaking lost ground usually did.
            return "Government regains territory" if lemmas & RETAKE_VERBS else "Non-state actor overtakes territory"
        return "Government regains territory" if inter1 == 1 else "Non-state actor overtakes territory"
    if cls == "arrest" and inter1 in NON_STATE_ARMED:
        return "Abduction/forced disappearance"
    return default


NON_STATE_ARMED = {2, 3, 4}
RETAKE_VERBS = {"recapture", "retake", "regain", "reclaim", "recover", "liberate", "liberation", "recapture"}
