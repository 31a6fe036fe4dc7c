"""General coverage of English news language: every form of a trigger, light-verb and purpose
constructions, attribution that reports no act.  Sentences marked CASE are real news snippets
from the tune split of the CASE 2021 task 2 set (quoted briefly); the rest are team-written
tests of one mechanism or one lexicon entry."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _subs(events):
    return [e.sub_event_type for e in events]


@pytest.mark.parametrize("text,sub", [
    # CASE: throwing bottles at a police vehicle is what rioters do
    ("A woman is pulled by police after she was pepper-sprayed after she climbing an armored police vehicle "
     "and throwing bottles at the vehicle on the first day of the G-20 summit in Hamburg", "Violent demonstration"),
    # CASE: "mob violence" names the act, though "mob" only modifies "violence"
    ("Last week Skepparkroken witnessed a resurgence of mob violence aimed at the country's Muslim minority.",
     "Mob violence"),
    ("Youths pelted the police with stones in Srinagar.", "Violent demonstration"),
    ("Protesters poured into the streets of Caracas on Sunday.", "Peaceful protest"),
    ("Shopkeepers observed a complete bandh in the town on Monday.", "Peaceful protest"),
    ("Rebels lobbed mortars into the city centre, killing two children.", "Shelling/artillery/missile attack"),
    ("Gunmen held three engineers hostage in the Niger Delta.", "Abduction/forced disappearance"),
])
def test_trigger_forms(code, text, sub):
    assert _subs(code(text))[:1] == [sub]


def test_an_act_done_to_protest_is_a_demonstration(code):
    """"to protest" is the purpose of what was done: the act was a demonstration, and the
    attack it protests is its grievance."""
    events = code("Lawyers boycotted the courts in Islamabad to protest the attack on a colleague.")
    assert _subs(events)[:1] == ["Peaceful protest"]


def test_who_repels_an_attack_was_attacked(code):
    """The subject of "repelled" was the target; "on their base" hung on the attackers is the
    attack's target too: armed forces attacked make it a battle."""
    events = code("Soldiers repelled an attack by militants on their base in Mali.")
    assert _subs(events) == ["Armed clash"]
    assert events[0].actor2.startswith("Military Forces of Mali")


@pytest.mark.parametrize("text", [
    # CASE: who was responsible for an attack is attribution, not a report of the attack
    ('The statement said that two "detachments" of IS "soldiers" were responsible for the attack in Cambrils.'),
    ("Russian defence and foreign ministries have rejected allegations that Russian or Syrian government aircraft "
     "were responsible for an attack on a humanitarian aid convoy near Aleppo"),
    # CASE: an accusation reports who is blamed, not the act
    ("Secretary-General Antonio Guterres on Sunday accused Iran of bombing the Syrian capital of Damascus on Saturday"),
    ("Islamic State took credit for the suicide bombing in Kabul."),
])
def test_attribution_is_no_event(code, text):
    assert code(text) == []


@pytest.mark.parametrize("text,sub", [
    ("Demonstrators attacked a police station in Lagos during a rally against fuel prices.", "Violent demonstration"),
    ("Several officers were injured by protesters during the march in Paris.", "Violent demonstration"),
    # violence done to the demonstrators is not theirs
    ("Protesters were beaten by police during the march in Minsk.", "Excessive force against protesters"),
])
def test_violence_by_the_crowd_makes_the_demonstration_violent(code, text, sub):
    assert _subs(code(text))[:1] == [sub]


@pytest.mark.parametrize("text,sub", [
    # burning an effigy or a flag is protest theatre, not violence
    ("Protesters burnt an effigy of the prime minister in Lahore.", "Peaceful protest"),
    ("Students set fire to effigies of the chief minister during the protest in Patna.", "Peaceful protest"),
    ("Protesters burnt an effigy and threw stones at police in Lahore.", "Violent demonstration"),
    # South Asian English names a sit-in a dharna, and a rally is "taken out"
    ("Congress workers staged a dharna outside the collectorate in Bhopal.", "Peaceful protest"),
    ("Students took out a procession in Guwahati against the citizenship law.", "Peaceful protest"),
])
def test_symbols_and_regional_forms(code, text, sub):
    assert _subs(code(text))[:1] == [sub]
