"""Actor names for the event's country and date: government periods, name successions,
branches, generic actors, default actor1, interaction codes."""

from __future__ import annotations

from datetime import date

import pytest

from strife.coding.naming import ActorNamer
from strife.coding.taxonomy import interaction
from strife.dictionaries import DictionaryError, load_dictionaries
from strife.model import Actor, EventRecord


@pytest.fixture(scope="module")
def namer() -> ActorNamer:
    return ActorNamer(load_dictionaries())


def _state(namer: ActorNamer, kind: str, iso: str) -> Actor:
    d = namer.d
    return Actor(name=d.agents[kind].name_for(d.countries[iso]), inter=1, country=iso)


@pytest.mark.parametrize("iso, day, expected", [
    ("US", date(2017, 6, 1), "Military Forces of the United States (2017-2021)"),
    ("US", date(2022, 6, 1), "Military Forces of the United States (2021-2025)"),
    ("US", date(2025, 6, 1), "Military Forces of the United States (2025-)"),
    ("US", date(2021, 1, 19), "Military Forces of the United States (2017-2021)"),  # last day of a term
    ("SY", date(2024, 6, 1), "Military Forces of Syria (2000-2024)"),
    ("SY", date(2025, 2, 1), "Military Forces of Syria (2024-)"),
    ("IL", date(2013, 6, 1), "Military Forces of Israel (2009-2021)"),
    ("IL", date(2023, 11, 1), "Military Forces of Israel (2022-)"),
])
def test_state_forces_take_the_period_of_the_event_date(namer, iso, day, expected):
    assert namer.name(_state(namer, "military", iso), iso, day).name == expected


def test_government_and_police_are_dated_too(namer):
    gov = namer.name(_state(namer, "government", "US"), "US", date(2017, 6, 1))
    police = namer.name(_state(namer, "police", "IQ"), "IQ", date(2016, 6, 1))
    assert gov.name == "Government of the United States (2017-2021)"
    assert police.name == "Police Forces of Iraq (2014-2018)"


def test_a_dictionary_name_with_an_old_period_is_redated_and_keeps_its_unit(namer):
    irgc = Actor("Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps", 1, "IR")
    assert namer.name(irgc, "IR", date(2020, 1, 3)).name == irgc.name
    us = Actor("Military Forces of the United States (2021-)", 1, "US")
    assert namer.name(us, "US", date(2017, 9, 1)).name == "Military Forces of the United States (2017-2021)"


def test_an_undated_event_claims_no_government_period(namer):
    """A report with no date says nothing of which government it was: no "(2025-)"."""
    police = namer.name(_state(namer, "police", "US"), "US", None)
    assert police.name == "Police Forces of the United States" and police.inter == 1
    irgc = Actor("Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps", 1, "IR")
    assert namer.name(irgc, "IR", None).name == "Military Forces of Iran Islamic Revolutionary Guard Corps"
    abroad = namer.name(_state(namer, "military", "US"), "SY", None)
    assert abroad.name == "Military Forces of the United States" and abroad.inter == 8
    assert namer.dated(abroad.name, date(2017, 9, 1)) == "Military Forces of the United States (2017-2021)"


def test_police_with_no_nationality_are_the_event_countrys(namer, code):
    """The article mentions Mexico (the suspect's origin) but the arrest is in Connecticut."""
    [ev] = code("Gomez, a native of Mexico, was arrested by Danbury police on Monday night.")
    assert ev.actor1_detail.country == "MX"  # the coder's guess: the article's country
    ev.iso, ev.country, ev.event_date = 840, "United States", date(2017, 3, 6)
    namer.name_event(ev)
    assert ev.actor1 == "Police Forces of the United States (2017-2021)" and ev.inter1 == 1
    assert ev.actor1_detail.country == "US"
    iraqi = namer.name(Actor("Police Forces of Iraq (2014-)", 1, "IQ", start=0, end=12), "SY", date(2017, 3, 6))
    assert iraqi.name == "Police Forces of Iraq (2014-2018)" and iraqi.inter == 8  # named: stays Iraq's


def test_state_forces_outside_their_country_are_external(namer):
    us = namer.name(_state(namer, "military", "US"), "SY", date(2017, 9, 1))
    assert us.inter == 8
    home = namer.name(_state(namer, "military", "SY"), "SY", date(2017, 9, 1))
    assert home.inter == 1


@pytest.mark.parametrize("day, expected", [
    (date(2014, 3, 1), "Jabhat al-Nusra"),
    (date(2016, 8, 15), "Jabhat Fateh al-Sham"),
    (date(2018, 1, 1), "HTS: Hayat Tahrir al-Sham"),
])
def test_an_alias_maps_to_the_name_valid_on_the_event_date(namer, day, expected):
    d = namer.d
    lineage = d.aliases["nusra front"]  # any alias of the lineage
    assert d.aliases["hayat tahrir al-sham"] == lineage == d.aliases["jabhat fateh al-sham"]
    assert namer.name(Actor(lineage, 2, "SY"), "SY", day).name == expected


def test_a_former_name_is_read_back_to_its_lineage(namer):
    assert namer.name(Actor("Jabhat al-Nusra", 2, "SY"), "SY", date(2019, 1, 1)).name == "HTS: Hayat Tahrir al-Sham"


def test_branch_follows_the_event_country_not_the_article(namer):
    assert namer.name(Actor("Islamic State (Syria)", 2), "IQ", date(2017, 1, 1)).name == "Islamic State (Iraq)"


def test_generic_actors_take_the_event_country(namer):
    civ = Actor("Civilians (Russia)", 7, "RU", start=10, end=19, generic="civilians")
    assert namer.name(civ, "SY", date(2017, 1, 1)).name == "Civilians (Syria)"
    stated = Actor("Civilians (Russia)", 7, "RU", start=10, end=19)  # "Russian civilians": the text says so
    assert namer.name(stated, "SY", date(2017, 1, 1)).name == "Civilians (Russia)"
    bare = Actor("Military Forces", 1, None, start=3, end=9, generic="military")  # no country known
    assert namer.name(bare, "SY", date(2017, 1, 1)).name == "Military Forces of Syria (2000-2024)"


def _event(**kw) -> EventRecord:
    ev = EventRecord(article_id="a", sentence_index=0, trigger_start=0, trigger_end=1, trigger="x")
    for k, v in kw.items():
        setattr(ev, k, v)
    return ev


def test_a_country_in_parentheses_has_no_article(namer):
    """ACLED writes "Military Forces of the United States" but "Protesters (United States)",
    "Civilians (United Kingdom)": the article only where the country is a noun of the phrase."""
    civ = Actor("Civilians (Syria)", 7, "SY", start=0, end=9, generic="civilians")
    assert namer.name(civ, "US", date(2017, 1, 1)).name == "Civilians (United States)"
    assert namer.name(civ, "GB", date(2017, 1, 1)).name == "Civilians (United Kingdom)"
    assert namer.generic("police", "US", date(2017, 1, 1)).startswith("Police Forces of the United States")


@pytest.mark.parametrize("event_type, sub, expected, inter", [
    ("Violence against civilians", "Attack", "Unidentified Armed Group (Syria)", 3),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "Unidentified Armed Group (Syria)", 3),
    ("Battles", "Armed clash", "Unidentified Armed Group (Syria)", 3),
    ("Protests", "Peaceful protest", "Protesters (Syria)", 6),
    ("Riots", "Violent demonstration", "Rioters (Syria)", 5),
    ("Strategic developments", "Arrests", "Police Forces of Syria (2000-2024)", 1),
])
def test_every_event_has_an_actor1_of_the_event_country(namer, event_type, sub, expected, inter):
    ev = _event(event_type=event_type, sub_event_type=sub, country="Syria", iso=760, event_date=date(2019, 5, 1))
    namer.name_event(ev)
    assert (ev.actor1, ev.inter1) == (expected, inter)
    assert ev.interaction == inter * 10


@pytest.mark.parametrize("said, event_type, sub, expected, inter", [
    ("Protesters (Chile)", "Riots", "Violent demonstration", "Rioters (Chile)", 5),
    ("Rioters (Chile)", "Protests", "Peaceful protest", "Protesters (Chile)", 6),
    ("Protesters (Chile)", "Protests", "Protest with intervention", "Protesters (Chile)", 6),
])
def test_demonstrators_are_named_by_what_they_did(namer, said, event_type, sub, expected, inter):
    """"Protesters threw stones at police": ACLED's actor1 of a violent demonstration is Rioters."""
    kind = "protesters" if said.startswith("Protesters") else "rioters"
    crowd = Actor(said, namer.d.agents[kind].inter, "CL", start=0, end=10, generic=kind)
    ev = _event(event_type=event_type, sub_event_type=sub, country="Chile", iso=152, event_date=date(2019, 11, 1),
                actor1=said, inter1=crowd.inter, actor1_detail=crowd)
    namer.name_event(ev)
    assert (ev.actor1, ev.inter1, ev.interaction) == (expected, inter, inter * 10)


def test_violent_event_keeps_its_victims_as_actor2(namer):
    victims = Actor("Civilians (Iraq)", 7, "IQ", start=0, end=9, generic="civilians")
    ev = _event(event_type="Violence against civilians", sub_event_type="Attack", country="Syria", iso=760,
                event_date=date(2019, 5, 1), actor2=victims.name, inter2=7, actor2_detail=victims)
    namer.name_event(ev)
    assert (ev.actor1, ev.actor2, ev.interaction) == ("Unidentified Armed Group (Syria)", "Civilians (Syria)", 37)


def test_strategic_development_with_only_a_second_actor_takes_it_as_actor1(namer):
    hez = Actor("Hezbollah", 3, "LB", start=0, end=9)
    ev = _event(event_type="Strategic developments", sub_event_type="Agreement", country="Lebanon", iso=422,
                event_date=date(2017, 9, 14), actor2="Hezbollah", inter2=3, actor2_detail=hez)
    namer.name_event(ev)
    assert (ev.actor1, ev.inter1, ev.actor2, ev.interaction) == ("Hezbollah", 3, None, 30)


def test_inter1_is_never_empty_for_a_typed_event(namer):
    for event_type, subs in (("Battles", ["Armed clash"]), ("Protests", ["Peaceful protest"]),
                             ("Strategic developments", ["Agreement", "Other", "Looting/property destruction"])):
        for sub in subs:
            ev = _event(event_type=event_type, sub_event_type=sub, country=None, iso=None)
            namer.name_event(ev)
            assert ev.actor1 and ev.inter1 in range(1, 9), (event_type, sub)


@pytest.mark.parametrize("i1, i2, code", [(1, 2, 12), (2, 1, 12), (3, 7, 37), (7, 3, 37), (2, 2, 22),
                                          (6, None, 60), (1, 8, 18), (None, None, None)])
def test_interaction_is_the_two_inter_codes_lower_first(i1, i2, code):
    assert interaction(i1, i2) == code


def test_periods_cover_the_main_acled_countries():
    d = load_dictionaries()
    assert len(d.periods) >= 40
    for iso in ("SY", "IQ", "YE", "AF", "SO", "NG", "CD", "SD", "ET", "LY", "IL", "LB", "UA", "RU", "MM",
                "MX", "CO", "BR", "PK", "IN", "ML", "BF", "NE", "US"):
        assert iso in d.periods, iso


def test_period_table_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "periods.yaml"
    bad.write_text("periods:\n  - country: SY\n    source: x\n    terms:\n      - {from: 2000-07-17, leader: X}\n")
    with pytest.raises(DictionaryError, match=r"periods.yaml:5: unknown key 'leader'"):
        load_dictionaries([bad])
    nosource = tmp_path / "nosource.yaml"
    nosource.write_text("periods:\n  - country: SY\n    terms:\n      - {from: 2000-07-17}\n")
    with pytest.raises(DictionaryError, match=r"nosource.yaml:2: .*need a 'source'"):
        load_dictionaries([nosource])


def test_unknown_actor_key_is_an_error_with_file_and_line(tmp_path):
    bad = tmp_path / "a.yaml"
    bad.write_text("actors:\n  - {name: X Front, inter: 2, alias: [XF]}\n")
    with pytest.raises(DictionaryError, match=r"a.yaml:2: unknown key 'alias'"):
        load_dictionaries([bad])


def test_user_periods_override_builtin(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("periods:\n  - country: SY\n    source: test\n    terms:\n      - {from: 2000-07-17}\n"
                 "      - {from: 2010-01-01, label: 2010-now}\n")
    d = load_dictionaries([f])
    assert d.period("SY", date(2012, 1, 1)) == "2010-now"


# --- through the pipeline (spaCy) ----------------------------------------------------------
def _run(pipeline, text: str, published: date = date(2019, 5, 6)):
    from strife.model import Article

    return pipeline.process(Article(text=text, published=published)).events


@pytest.mark.slow
def test_founding_example_actors_are_named_for_2017(pipeline, founding_path):
    from strife.sources import read_paths

    [article] = [a for a in read_paths([founding_path]) if hasattr(a, "text")]
    events = pipeline.process(article).events
    by_trigger = {e.trigger: e for e in events}
    assert by_trigger["broke"].actor1 == "Military Forces of Syria (2000-2024)"
    assert by_trigger["battling"].actor1 == "Military Forces of Syria (2000-2024)"
    assert by_trigger["crossed"].actor1 == "Islamic State (Syria)"
    assert all(e.actor1 and e.inter1 and e.interaction for e in events if e.event_type)


@pytest.mark.slow
@pytest.mark.parametrize("text, expected", [
    ("Moscow bombed rebel positions near Idlib on Monday.", "Military Forces of Russia (2000-)"),
    ("Damascus shelled rebel positions near Idlib on Monday.", "Military Forces of Syria (2000-2024)"),
])
def test_a_capital_that_acts_is_its_state(pipeline, text, expected):
    events = _run(pipeline, text)
    assert events and events[0].actor1 == expected


@pytest.mark.slow
def test_a_capital_that_is_hit_stays_a_place(pipeline):
    events = _run(pipeline, "Rebels shelled Damascus on Monday.")
    assert events and not events[0].actor1.startswith(("Government of Syria", "Military Forces of Syria"))


@pytest.mark.slow
def test_unknown_perpetrator_takes_the_event_country_not_the_most_mentioned(pipeline):
    text = ("Russia and Russian officials were mentioned by Russian media in Moscow and Russia again. "
            "Gunmen killed three farmers in the town of Saraqib in Idlib province, Syria, on Sunday.")
    events = [e for e in _run(pipeline, text) if e.event_type == "Violence against civilians"]
    assert events and events[0].country == "Syria"
    assert events[0].actor1 == "Unidentified Armed Group (Syria)"
    assert events[0].actor2 in (None, "Civilians (Syria)")


@pytest.mark.slow
def test_the_named_group_of_the_sentence_is_the_perpetrator_when_the_clause_names_none(pipeline):
    events = _run(pipeline, "A roadside bomb killed three soldiers in Kunar province on Monday; "
                            "the Taliban claimed the attack.")
    assert events and events[0].actor1 == "Taliban"
    assert events[0].evidence_for("actor1").text == "Taliban"


@pytest.mark.slow
def test_a_source_that_speaks_is_not_the_perpetrator(pipeline):
    events = _run(pipeline, "The United Nations said clashes killed five people near Aleppo on Monday.")
    assert events and events[0].actor1 == "Unidentified Armed Group (Syria)"


def test_generic_actors_take_any_country_geonames_lists(namer):
    """Countries outside countries.yaml come from GeoNames' country table: the name with no
    government period (periods.yaml has none for them), the qualifier with the bare name."""
    assert namer.generic("military", "LK") == "Military Forces of Sri Lanka"
    assert namer.generic("civilians", "CA") == "Civilians (Canada)"
    ev = EventRecord("a", 0, 0, 6, "killed", event_type="Violence against civilians",
                     sub_event_type="Attack", iso=144, country="Sri Lanka")
    namer.name_event(ev)
    assert ev.actor1 == "Unidentified Armed Group (Sri Lanka)" and ev.inter1 == 3


@pytest.mark.slow
def test_a_force_that_responds_to_the_act_is_not_the_perpetrator(pipeline):
    events = _run(pipeline, "A bomb exploded at a church in Cairo on Sunday, killing 25 people, as "
                            "Egyptian security forces inspected the area.")
    assert events and events[0].actor1 == "Unidentified Armed Group (Egypt)"


def test_the_coders_unidentified_perpetrator_takes_the_event_country(namer, code):
    """An article that names no country yet: the coder's unidentified armed group is a
    generic actor, so the namer gives it the country geo finds for the event."""
    [ev] = [e for e in code("Gunmen attacked a checkpoint on Sunday, killing three policemen.")
            if e.event_type == "Battles"]
    ev.iso, ev.country, ev.event_date = 760, "Syria", date(2017, 3, 5)
    namer.name_event(ev)
    assert ev.actor1 == "Unidentified Armed Group (Syria)"
