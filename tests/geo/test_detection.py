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


@pytest.mark.parametrize("text, country, name", [
    ("Clashes erupted in the Syrian capital on Monday.", "Syrian", "Damascus"),
    ("Rebels shelled Afghanistan's capital on Tuesday.", "Afghanistan", "Kabul"),
    ("Protesters marched in the capital of Lebanon on Sunday.", "Lebanon", "Beirut"),
])
def test_a_description_of_a_capital_is_a_toponym_of_that_city(geoparser, text, country, name):
    """The word "capital" is the capital city; the nationality or the country's name stays the country."""
    found = {text[t.start:t.end]: p for t, p in geoparser.geoparse(text)}
    assert found["capital"].name == name and found["capital"].feature_code == "PPLC"
    assert found[country].feature_code == "PCLI"


def test_capital_as_money_is_no_place(geoparser):
    """"Chinese capital markets": capital modifies another noun, it is not the city."""
    found = [t.text for t, _ in geoparser.geoparse("Investors pulled money out of Chinese capital "
                                                   "markets on Monday.")]
    assert "Beijing" not in found
