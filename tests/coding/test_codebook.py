"""ACLED codebook conventions (strife/coding/README.md, "Scope by the ACLED codebook") and
demonstrations.  Sentences marked CASE are real news snippets from the tune split of the CASE
2021 task 2 set (quoted briefly); the rest are team-written tests of one mechanism."""

from __future__ import annotations


import pytest

from strife.coding import get_coder
from strife.config import Settings
from strife.nlp import parse

pytestmark = pytest.mark.slow


def _subs(events):
    return [e.sub_event_type for e in events]


# ----------------------------------------------------------------------------- scope
def test_violence_of_organised_crime_is_coded(code):
    events = code("A drug trafficker was shot and killed in Culiacan on Sunday.")
    assert _subs(events) == ["Attack"]
    assert events[0].actor1.startswith("Unidentified Armed Group")


def test_policing_of_organised_crime_and_ordinary_crime_are_not(code):
    assert code("Police seized 20 kilograms of cocaine and arrested two drug smugglers.") == []
    assert code("Armed robbers stole cash from a bank in Lagos.") == []


def test_killing_an_armed_group_member_is_an_armed_clash(code):
    events = code("A Hezbollah fighter was killed in Idlib province.")
    assert _subs(events) == ["Armed clash"]
    assert events[0].actor2 == "Hezbollah"  # actor1: the naming pass's default for the event's country
    assert _subs(code("Two soldiers were killed in Idlib province on Monday.")) == ["Armed clash"]


def test_deaths_with_no_one_to_name_stay_out(code):
    assert code("Three people died in the village on Monday.") == []
    assert code("A gas cylinder exploded in a restaurant, killing two people.") == []


def test_detention_by_an_armed_group_is_an_abduction(code):
    events = code("Houthi rebels detained 20 people in Taiz.")
    assert _subs(events) == ["Abduction/forced disappearance"]
    assert _subs(code("Police detained 20 people in Taiz.")) == ["Arrests"]


def test_patrols_are_strategic_developments(code):
    events = code("Russian military police patrolled the town of Manbij.")
    assert [(e.event_type, e.sub_event_type) for e in events] == [("Strategic developments", "Other")]


def test_bodies_found_are_an_attack_by_an_unidentified_group(code):
    events = code("The bodies of three men were found in a field near Deir ez-Zor.")
    assert _subs(events) == ["Attack"]
    assert events[0].actor1 == "Unidentified Armed Group (Syria)" and events[0].fatalities == 3
    assert code("Bodies were found after the flood in the valley.") == []


def test_suicide_alone_is_no_bombing(code):
    """"suicide" names a bombing beside its means or act (CASE tune: "suicide bombers" 36 of
    the 42 uses, all of them bombings); a death by one's own hand is no event."""
    assert code("The network helped nearly 200 people die but never actively assisted suicide. "
                "He was involved in 39 deaths.") == []
    assert code("Three prisoners committed suicide in the jail in Kandahar.") == []
    assert _subs(code("A suicide-bomber killed 4 policemen in Quetta on Monday.")) == ["Suicide bomb"]
    assert _subs(code("Two suicide car bombs killed 20 soldiers near Mosul.")) == ["Suicide bomb"]


def test_held_is_an_arrest_only_in_custody(code):
    assert _subs(code("Police held three activists in custody in Cairo on Monday.")) == ["Arrests"]
    assert code("Bail hearings for the two men were held in camera.") == []
    assert code("A three-minute silence was held in the centre of the town.") == []


def test_who_found_the_bodies_is_not_who_killed(code):
    [ev] = code("Police found the bodies of two men in a field near Deir ez-Zor on Monday.")
    assert ev.sub_event_type == "Attack" and ev.fatalities == 2
    assert ev.actor1 == "Unidentified Armed Group (Syria)"


# ----------------------------------------------------------------------------- demonstrations
@pytest.mark.parametrize("text", [
    "Hundreds of people gathered in front of parliament to demand the release of detained activists.",
    "Workers went on strike in Khartoum to demand higher wages.",
    "Hundreds held a candlelight vigil in memory of the victims of the massacre.",
    # CASE
    "The students gathered at the 'Students Centre' and took out a protest-march towards the university market",
    "Voting rights reform demonstrators stage a sit-in at the Capitol in Washington, Monday, April 11, 2016",
])
def test_gatherings_strikes_sit_ins_and_vigils_are_protests(code, text):
    events = code(text)
    assert events and events[0].event_type == "Protests"
    assert events[0].actor1.startswith("Protesters")


@pytest.mark.parametrize("text", [
    "Residents gathered in the main square to protest over the killing of a young man by police.",
    "Protesters held a sit-in outside the ministry against the arrest of their leader.",
    # CASE
    "The latest wave of school walkouts has sparked large demonstrations against gun violence in several cities",
    "In recent days, protesters took to the streets in Kampala, Mityana, and other areas to decry the arrests "
    "and violence",
    "Detainees in Pleudaniel Prison protested following the death of a fellow prisoner on Tuesday.",
    "Thousands of Sudanese protesters rallied across the country including in the capital on Saturday to mourn "
    "dozens of demonstrators killed last month",
])
def test_the_grievance_never_sets_the_violence_level(code, text):
    assert _subs(code(text)) == ["Peaceful protest"]


@pytest.mark.parametrize("text, sub", [
    ("Protesters rallied over the death of a student; police fired tear gas to disperse them.",
     "Protest with intervention"),
    ("Protesters gathered against the killing of a man, and threw stones at police.", "Violent demonstration"),
    # CASE: riot-control means say a crowd was broken up; "riot police" is no riot
    ("Police in Hong Kong fired tear gas and pepper spray in a busy shopping and tourism district of Kowloon "
     "on Christmas Eve", "Protest with intervention"),
    ("Dozens of people were injured in Lebanon 's capital as security forces fired rubber bullets, tear gas and "
     "water cannon to disperse anti-government from the city centre", "Excessive force against protesters"),
    ("Riot police officers beat an anti-government protester during a protest near the parliament square in "
     "downtown Beirut", "Excessive force against protesters"),
    # CASE: road-blocking by the demonstrators is violent (codebook); a non-violent one is not
    ("Farmers across Breitingen have blocked roads and railways in a nationwide shutdown to protest new farm "
     "bills", "Violent demonstration"),
    ("More than ten protesters were injured after a non-violent demonstration was broken up near the bridge",
     "Excessive force against protesters"),
])
def test_what_happened_at_the_protest_sets_the_level(code, text, sub):
    assert _subs(code(text))[:1] == [sub]


def test_the_trigger_class_is_no_export_tag(code):
    events = code("Protesters gathered against the killing of a man, and threw stones at police.")
    assert events[0].trigger_class == "riot"  # throwing stones at police: the riot names the event
    assert not events[0].tags and "strife" not in str(events[0].acled_row())


# ----------------------------------------------------------------------------- traits as data
def test_a_class_added_by_the_user_gets_its_traits(nlp, tmp_path):
    from strife.model import Article as A

    user = tmp_path / "maim.yaml"
    user.write_text("classes:\n  maim:\n    sub_event: Attack\n    plover: ASSAULT\n    mode: firearms\n"
                    "    rank: 33\n    verbs: [maim]\n    violent: true\n    unidentified_perpetrator: true\n"
                    "    subtype_rules: [instrument, target]\n")
    coder = get_coder(Settings(dictionaries=[user]))
    events = coder.code(parse(nlp, A(text="Villagers were maimed near Idlib in Syria."))).events
    assert [(e.sub_event_type, e.trigger_class) for e in events] == [("Attack", "maim")]
    assert events[0].actor1 == "Unidentified Armed Group (Syria)"


def test_an_unknown_rule_name_names_file_and_line(tmp_path):
    from strife.dictionaries import DictionaryError

    user = tmp_path / "bad.yaml"
    user.write_text("classes:\n  snipe:\n    sub_event: Attack\n    verbs: [snipe]\n    scope: [crimes]\n")
    with pytest.raises(DictionaryError) as err:
        get_coder(Settings(dictionaries=[user]))
    assert f"{user}:3:" in str(err.value) and "'crimes'" in str(err.value)


# ----------------------------------------------------------------------------- CASE tune snippets
@pytest.mark.parametrize("text, sub", [
    ("Israeli occupation forces arrested more than 100 Palestinians during large-scale raids in many areas of "
     "the West Bank", "Arrests"),  # a raid that ends in arrests is the arrests
    ("An arms cache containing hand grenades and rounds of ammunition has been discovered in the city of "
     "Pryluky", "Disrupted weapons use"),  # a weapon found is not a weapon used
    ("The websites reported that the US military has set up a new base in a region near the town of "
     "al-Shadadi", "Headquarters or base established"),
    # what a launching verb fires is the munition, not the target
    ("Ukrainian forces report about hundreds of artillery shells fired by Russian occupants towards their "
     "positions.", "Shelling/artillery/missile attack"),
])
def test_the_trigger_that_says_what_happened_names_the_event(code, text, sub):
    assert _subs(code(text))[:1] == [sub]


@pytest.mark.parametrize("text", [
    "After torrential rains in northern, western and southwestern Iran, the military forces mobilized efforts "
    "to help people trapped in the flood-affected areas",
    "A man, suspected of having regularly attacked the campaign website of Argentinian presidential candidate, "
    "has been identified by Argentinian cyber crime police",
])
def test_relief_and_cyber_attacks_are_out_of_scope(code, text):
    assert code(text) == []


# ----------------------------------------------------------------------------- what happened at a demonstration
@pytest.mark.parametrize("text,sub", [
    # what did not happen sets no level
    ("Thousands marched in Hamburg against the summit; police did not use tear gas.", "Peaceful protest"),
    # CASE (shortened): "violent" on the force's dispersal is the force's, not the crowd's
    ("Paramilitaries of the Rapid Support Forces broke up sit-ins in Ed Damazin, in conjunction with the "
     "violent dispersal of the sit-in in Khartoum.", "Protest with intervention"),
    # CASE: dispersing a crowd is intervention in a demonstration
    ("Turkish police managed to halt May Day event in Istanbul on Saturday, dispersing the crowds.",
     "Protest with intervention"),
    # CASE: riot-control means used on a crowd of rioters
    ("Police in the port city of Rotterdam used a water cannon and tear gas in an attempt to disperse a crowd "
     "of rioters.", "Violent demonstration"),
    # CASE: a demonstration stopped by arrests as it was attempted
    ("Several gay rights activists have been detained by police in St. Petersburg while trying to hold "
     "demonstrations on a Russian military holiday.", "Protest with intervention"),
    # CASE: "an attempt to protest" stopped by detentions (the infinitive on "attempt" is what was attempted)
    ("Four people have been detained in Minsk during an attempt to protest against political repression.",
     "Protest with intervention"),
    # CASE (shortened): throwing paper into the air hurts no one; the capitalised "Protesters" after a
    # time is tagged a proper noun, with no lemma, and is still a trigger
    ("The Latest on unrest (all times local): 8 p.m. Protesters in Ranguevaux are throwing hundreds of white "
     "paper toilet rolls into the air to show their anger over lengthy prison sentences.", "Peaceful protest"),
    # CASE: thrown into a fire is aimed
    ("A Catalan pro-independence demonstrator throws a fence into a fire during a protest against police "
     "action in Barcelona, Spain, October 26, 2019", "Violent demonstration"),
    # CASE (shortened): an attempted road block is no road block
    ("Police arrested more than 180 people as opposition supporters staged sit-ins and attempted to block "
     "traffic in Armenia's capital Friday.", "Protest with intervention"),
])
def test_demonstration_level_from_what_happened(code, text, sub):
    assert sub in _subs(code(text))


def test_dispersed_crowd_is_protesters_against_the_force(code):
    ev = next(e for e in code("Turkish police managed to halt May Day event in Istanbul on Saturday, "
                              "dispersing the crowds.") if e.event_type == "Protests")
    assert ev.actor1.startswith("Protesters") and ev.actor2.startswith("Police Forces")


def test_people_fighting_are_a_mob(code):
    # CASE: villagers with sticks are no armed group
    events = code("A man was killed yesterday as villagers clashed using bamboo sticks and iron rods after a "
                  "cow ate ripe paddy at the victim's field in Dimla upazila.")
    ev = next(e for e in events if e.sub_event_type == "Mob violence")
    assert ev.actor1.startswith("Rioters")


def test_source_phrase_names_no_act(code):
    events = code("Boko Haram militants attacked three villages in Borno, according to vigilantes.")
    assert "Mob violence" not in _subs(events) and "Attack" in _subs(events)


def test_troops_marching_are_no_demonstration(code):
    # CASE (shortened)
    events = code("Syrian government forces have captured a central town and adjacent villages and marched "
                  "deeper into a rebel-held neighborhood of Damascus.")
    assert "Government regains territory" in _subs(events)
    assert not [e for e in events if e.event_type == "Protests"]


def test_anticipated_demonstration_is_no_event(code):
    # CASE (shortened)
    events = code("Israel has deployed forces to Jerusalem in anticipation of more angry demonstrations "
                  "following Friday prayers.")
    assert _subs(events) == ["Change to group/activity"]


def test_what_aircraft_destroy_is_an_air_strike(code):
    # CASE
    events = code("The Syrian warplanes destroyed the ISIL's arms depot and also the terrorist group's "
                  "communication headquarters in Homs province.")
    assert _subs(events) == ["Air/drone strike"]


def test_a_claimed_attack_is_attribution_not_news(code):
    # CASE: the modifier "bomb" takes the modality of its head "attack", the object of a claim
    assert code("Somalia's Shebab insurgents on Saturday claimed responsibility for a bomb attack.") == []


def test_prisoner_exchange_is_an_agreement(code):
    assert "Agreement" in _subs(code("Rebels and government forces exchanged prisoners near Aleppo on Tuesday."))


def test_what_someone_is_punished_for_is_no_event_of_its_own(code):
    # CASE: the protests are why the diplomats were expelled (diplomacy, outside ACLED's scope)
    assert code("Russia has expelled diplomats from three European Union (EU) countries for taking part in "
                "unauthorised protests in support of Russian opposition figure Alexei Navalny") == []
    # team-written: the arrest is the act; the protest it was for is its reason
    assert _subs(code("Police arrested five students for protesting against the fee hike in Dhaka.")) == ["Arrests"]
    # ... while a demonstration people turned out for is one
    assert _subs(code("Thousands turned out for the protest in Minsk.")) == ["Peaceful protest"]


def test_a_demonstration_absorbs_no_act_told_as_before_or_after_it(code):
    # CASE (shortened): the grenade is not part of the protest the soldiers had shot at before
    subs = _subs(code("Seven soldiers died on Tuesday afternoon when a grenade was hurled into a truck as local "
                      "residents fought back after the soldiers had shot at anti-regime protesters erecting road "
                      "blocks in Sagaing Region."))
    assert "Grenade" in subs and len(subs) >= 2
    # CASE (shortened): the abduction is another event than the arrests a day before it
    subs = _subs(code("A day after police arrested hundreds of protesters demonstrating against President "
                      "Alexander Lukashenko, the opposition coordination council said three of its members have "
                      "been abducted."))
    assert "Abduction/forced disappearance" in subs and "Protest with intervention" in subs
