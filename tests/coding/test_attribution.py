"""Who did it: agents English gives outside the trigger's own clause (strife/coding/roles.py,
actors.py).  Sentences marked CASE are real news snippets from the tune split of the CASE
2021 task 2 set (quoted briefly); the rest are team-written tests of one mechanism."""

from __future__ import annotations

import pytest

from strife.coding.lexicon import inflections, plurals

pytestmark = pytest.mark.slow


def _first(events):
    assert events, "no event"
    return events[0]


@pytest.mark.parametrize("text,actor1", [
    # CASE: the agent of a participle on the weapon
    ("Three children suffered injuries on Tuesday due to an explosion of a landmine planted by the "
     "Daesh terrorist group in northern Syria's al-Bab province.", "Islamic State"),
    # CASE: the agent of the passive verb the weapon is the patient of
    ("The mines have been planted by the Houthi militias in civilian and military areas across the "
     "districts in an arbitrary way.", "Houthi Movement"),
    # CASE: a named group among the modifiers of a generic noun
    ("Al-Shabab mujahidin movement fighters have attacked South West State's militiamen near the town "
     "of Bardaale, Bay Region.", "Al Shabaab"),
    # CASE: "its combatants" in a group's own claim are the group's
    ("The Sudan Liberation Movement led by Abdelwahid El Nur (SLM-AW) claims its rebel combatants killed "
     "dozens of government troops and militiamen in the area southeast of Jebel Marra on Wednesday and Friday.",
     "SLM/A"),
    # CASE: through "a series of": the light verb's subject
    ("On November 24, warplanes of the Russian Aerospace Forces carried out a series of airstrikes on "
     "ISIS' hideouts in central Krosnice.", "Military Forces of Russia"),
    ("The attack was blamed on Boko Haram.", "Boko Haram"),
    # "regime" aircraft and "government" warplanes are the state's military (team-written)
    ("Regime warplanes bombed the town of Saraqeb on Sunday, killing five civilians.", "Military Forces"),
    ("Syrian government warplanes struck the town of Saraqeb on Sunday.", "Military Forces of Syria"),
])
def test_named_perpetrator(code, text, actor1):
    ev = _first(code(text))
    assert ev.actor1 is not None and ev.actor1.startswith(actor1), (ev.trigger, ev.actor1)


def test_resisting_is_not_attacking(code):
    """"repelled by the army" names who resisted the attack, not who made it."""
    events = code("The attack was repelled by the army.")
    assert all(not (e.actor1 or "").startswith("Military Forces") for e in events)


def test_adjunct_gerund_takes_the_main_subject(code):
    # CASE (shortened): the rebels who will advance are the ones who seized the town
    ev = _first(code("Turkish-based rebel fighters advanced to Al-Bab after seizing the emblematic "
                     "northern town of Dabiq from the Islamic State."))
    assert ev.sub_event_type == "Non-state actor overtakes territory"
    assert ev.actor1 is not None and "Islamic State" not in ev.actor1


@pytest.mark.parametrize("text,sub", [
    # CASE: the tagger reads "raped" as a form of "rap", "retook" as a word of its own
    ("Four men raped a 24-year-old mother of two in a moving car near Alipur in outer Delhi.", "Sexual violence"),
    ("Turkey-backed Syrian opposition fighters retook a strategic northwestern town from government "
     "forces on Thursday.", "Non-state actor overtakes territory"),
])
def test_trigger_verbs_match_in_every_form(code, text, sub):
    assert _first(code(text)).sub_event_type == sub


def test_plurals():
    assert plurals("protester") == {"protesters"} and plurals("clash") == {"clashes"}
    assert plurals("rally") == {"rallies"} and plurals("convoy") == {"convoys"}


def test_inflections():
    irregular = {"take": ["took", "taken"], "run": ["ran"]}
    assert {"raped", "rapes", "raping"} <= inflections("rape", irregular)
    assert {"retook", "retaken", "retaking"} <= inflections("retake", irregular)
    assert {"overran", "overrunning"} <= inflections("overrun", irregular)
    assert {"rallied", "rallies"} <= inflections("rally", irregular)
    assert {"stabbed", "stabbing"} <= inflections("stab", irregular)


@pytest.mark.parametrize("text,sub", [
    # CASE: a bomb placed in a container is no container accident
    ("A bomb placed in a garbage container exploded in Turkey's Izmir province on the Aegean coast on "
     "Thursday, wounding several people on a shuttle bus.", "Remote explosive/landmine/IED"),
    # CASE: "poison" in "poison gas" names the weapon, not a poisoning
    ("At least 150 civilians were being treated Friday following a suspected poison gas attack by rebel "
     "groups on the government-held capital of the country.", "Chemical weapon"),
])
def test_weapon_is_no_disaster(code, text, sub):
    assert _first(code(text)).sub_event_type == sub


def test_a_disaster_word_in_a_name_or_a_weapon_is_no_disaster(code):
    # CASE: "Storm" names a unit; a limpet (a magnetic mine) is a weapon
    events = code("A member of North Korea's Storm Corps was reportedly killed recently in a limpet blast "
                  "along the Sino-North Korean border in Yanggang Province.")
    assert _first(events).sub_event_type == "Remote explosive/landmine/IED"
    # team-written: the "poison gas" of another act named in the sentence is no poisoning either
    events = code("Warplanes struck the town of Saraqib on Tuesday, in retaliation for a poison gas attack.")
    assert "Air/drone strike" in [e.sub_event_type for e in events]
    # the mechanism still drops a disaster told with the same words outside a name
    assert code("Two people were killed when a storm hit the village on Tuesday.") == []


def test_troops_sent_to_clear_snow_are_relief(code):
    # CASE: troops mobilised in a sentence about a snowfall help, they do not move in a conflict
    assert code("Japan's military mobilized on Tuesday to help dig out more than 200 vehicles stuck in "
                "heavy snow, officials said.") == []


def test_a_fire_exchange_is_an_armed_clash(code):
    # CASE
    events = code("soldiers have been engaged in a fire exchange with the militants since morning.")
    assert _first(events).sub_event_type == "Armed clash"


def test_purpose_object_is_the_target(code):
    # CASE: what the attack was for names its target: the army's positions make it a battle
    events = code("The ISIL terrorists' large-scale attack to capture the government forces' positions near "
                  "Deir Ezzur airbase was fended off by the strong defense of the Syrian military men.")
    assert "Armed clash" in [e.sub_event_type for e in events]
