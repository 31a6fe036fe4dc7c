"""Longer names the gazetteer lacks, abbreviated unit nouns and datelines (team-written
sentences: unit tests of each mechanism)."""

import pytest

from strife.geo.resolve import haversine_km

pytestmark = pytest.mark.slow


def _resolve(geoparser, text: str, *names: str):
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    return dict(zip(names, geoparser.resolve_spans(text, spans)))


def test_a_small_place_inside_an_unknown_longer_name_needs_the_texts_support(geoparser):
    """"Meadow Grove" is not Meadow, Texas, in a story about Nebraska towns: the name is unknown
    and guessed at the text's focus."""
    text = "COLUMBUS - Platte County grew. Meadow Grove and Norfolk too."
    places = _resolve(geoparser, text, "COLUMBUS", "Platte County", "Meadow Grove", "Norfolk")
    assert places["Meadow Grove"] is None or places["Meadow Grove"].admin1 != "Texas"


def test_a_well_known_place_inside_a_longer_name_is_that_place(geoparser):
    text = "Crowds queued outside the Vancouver Art Gallery on Monday."
    place = _resolve(geoparser, text, "Vancouver Art Gallery")["Vancouver Art Gallery"]
    assert place.country_iso == "CA" and haversine_km(place.latitude, place.longitude, 49.28, -123.12) < 20


def test_generic_words_alone_name_nothing(geoparser):
    """"National Park" (a New Jersey borough) is no part to stand for "Zion National Park"."""
    text = "Rangers closed Zion National Park on Monday."
    place = _resolve(geoparser, text, "Zion National Park")["Zion National Park"]
    assert place is None or place.name != "National Park"


@pytest.mark.parametrize("text, name, admin1", [
    ("Loudon Co. man dies in wreck on Interstate 75.", "Loudon Co.", "Tennessee"),
    ("Platte Co. tops 32,000 people. Census data show Nebraska grew.", "Platte Co.", "Nebraska"),
])
def test_an_abbreviated_unit_noun_names_the_unit(geoparser, text, name, admin1):
    others = [n for n in ("Nebraska",) if n in text]
    place = _resolve(geoparser, text, name, *others)[name]
    assert place.feature_code == "ADM2" and place.admin1 == admin1, place


def test_a_dateline_naming_a_county_is_the_county(geoparser):
    """A dateline is a city unless it names a unit ("PLYMOUTH CO. -" is the county of the Iowa
    story, not Plymouth, Minnesota)."""
    text = ("PLYMOUTH CO. - A theft near Hinton was solved. Iowa deputies from Plymouth County "
            "and Dallas County, Iowa, worked on it.")
    places = _resolve(geoparser, text, "PLYMOUTH CO.", "Hinton", "Iowa", "Plymouth County", "Dallas County")
    assert places["PLYMOUTH CO."].feature_code == "ADM2" and places["PLYMOUTH CO."].admin1 == "Iowa"


@pytest.mark.parametrize("text, names, admin1", [
    ("Deputies in Athens and Clarke County searched for the missing boy.", ("Athens", "Clarke County"),
     "Georgia"),
    ("COLUMBUS - Platte County grew faster than Norfolk last year.", ("COLUMBUS", "Platte County", "Norfolk"),
     "Nebraska"),
])
def test_names_that_can_lie_in_one_province_lie_there(geoparser, text, names, admin1):
    """Each name alone is elsewhere first (Athens, Greece; Columbus, Ohio; Norfolk, Virginia);
    together they fit in one province only."""
    places = _resolve(geoparser, text, *names)
    assert all(p is not None and p.admin1 == admin1 for p in places.values()), places


def test_a_state_name_stays_the_state_beside_towns_of_another_state(geoparser):
    """Towns elsewhere do not turn "Kansas" into the hamlet of Kansas, Illinois."""
    text = "Farmers from Paris, Charleston and Mattoon sold their grain in Kansas."
    places = _resolve(geoparser, text, "Paris", "Charleston", "Mattoon", "Kansas")
    assert places["Kansas"].feature_code == "ADM1"


def test_a_name_in_a_list_of_states_is_a_state(geoparser):
    """Coordinated names share their kind: Washington and Wyoming among states are the states,
    not Washington, Pennsylvania or Wyoming, Michigan."""
    text = ("Illnesses were reported in Arizona, Michigan, Ohio, Oregon, Pennsylvania, Washington and Wyoming. "
            "In Canada cases occurred in Alberta, Manitoba, Ontario and New Brunswick.")
    names = ("Arizona", "Michigan", "Ohio", "Oregon", "Pennsylvania", "Washington", "Wyoming", "Canada", "Alberta",
             "Manitoba", "Ontario", "New Brunswick")
    places = _resolve(geoparser, text, *names)
    for name in ("Washington", "Wyoming", "Ontario", "New Brunswick"):
        assert places[name].feature_code == "ADM1", (name, places[name])
