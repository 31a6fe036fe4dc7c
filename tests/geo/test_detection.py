"""One-word names: a place when the sentence or the gazetteer says so, a person when the text
uses the word as a person's name (team-written sentences: unit tests of each mechanism)."""

import pytest

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("text, person", [
    ("Farrin, 43, was arrested on Monday on a charge of assault.", "Farrin"),  # an age apposition
    ("Prosecutors said Bell pulled a handgun from his pants before the officer fired.", "Bell"),  # subject
    ("The film is a testament to Trapani's willingness to take risks.", "Trapani"),  # possessive
])
def test_a_surname_that_is_also_a_town_is_the_person(geoparser, text, person):
    assert person not in {t.text for t in geoparser.detect(text)}


@pytest.mark.parametrize("text, place", [
    ("Hundreds of fighters were allowed to relocate to Boukamal last month.", "Boukamal"),  # motion verb + to
    ("Turkish-backed factions shelled Jenderis on Monday.", "Jenderis"),  # object of a verb of places
    ("Police in Marietta, Georgia, arrested two men.", "Marietta"),
])
def test_a_name_the_sentence_puts_where_places_go_stays_a_place(geoparser, text, place):
    assert place in {t.text for t in geoparser.detect(text)}


@pytest.mark.parametrize("text, city", [
    ("Council adopts budget. TORRINGTON — The City Council approved the budget on Monday.", "TORRINGTON"),
    ("Group criticizes budget. COLUMBUS, Ohio (AP) — The governor's budget drew fire.", "COLUMBUS"),
])
def test_an_upper_case_dateline_inside_the_text_is_a_city(geoparser, text, city):
    (top,) = [t for t in geoparser.detect(text) if t.text == city]
    assert top.head == "city"


def test_an_upper_case_acronym_before_a_dash_is_no_dateline(geoparser):
    assert "NATO" not in {t.text for t in geoparser.detect("Talks ended. NATO - the alliance - said nothing.")}
