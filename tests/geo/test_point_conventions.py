"""Gazetteer point conventions and news conventions of place names (team-written sentences:
unit tests of each mechanism)."""

import pytest

from strife.geo.resolve import haversine_km

pytestmark = pytest.mark.slow


def test_one_capital_per_country(gazetteer):
    washingtons = [c.place for c in gazetteer.candidates("Washington", fuzzy=False)
                   if c.place.feature_class == "P" and c.place.country_iso == "US"]
    capitals = [p for p in washingtons if p.feature_code == "PPLC"]
    assert len(washingtons) > 3 and len(capitals) == 1
    assert haversine_km(capitals[0].latitude, capitals[0].longitude, 38.9, -77.04) < 20


def _place_of(geoparser, text: str, name: str, *others: str):
    """``name``'s place, resolved with the other names of the text as given spans."""
    spans = [(text.index(n), text.index(n) + len(n)) for n in (name, *others)]
    return geoparser.resolve_spans(text, spans)[0]


@pytest.mark.parametrize("text, name, point", [
    ("WASHINGTON (AP) — Lawmakers in Oregon and Idaho met on Monday.", "WASHINGTON", (38.9, -77.04)),
    ("Senate passes timber bill\nWashington (AP) — Loggers from Spokane and Seattle met on Monday.", "Washington",
     (38.9, -77.04)),  # a dateline below a headline is still the city the story was filed from
    ("Soldiers at Fort Benning in Georgia were told to stay on base.", "Fort Benning", None),
    ("Tension rose on the Korean Peninsula on Monday.", "Korean Peninsula", (37.5, 127.5)),
    ("Migrants landed on the Turkish coast on Monday.", "Turkish coast", (39.0, 35.0)),
    ("Floods hit Java, the most populous island of Indonesia.", "Java", (-7.5, 110.0)),  # not Java, Georgia
    ("Storms crossed the North Atlantic on Monday.", "North Atlantic", (45.0, -40.0)),  # not the Atlantic's middle
])
def test_news_conventions_of_names(geoparser, text, name, point):
    others = [n for n in ("Oregon", "Idaho", "Georgia", "Spokane", "Seattle", "Indonesia") if n in text]
    place = _place_of(geoparser, text, name, *others)
    if point is None:  # a base, not the town its name ends with (Benning, Washington DC)
        assert place is None or place.name != "Benning"
    else:
        assert haversine_km(place.latitude, place.longitude, *point) < 161, place


def test_a_county_without_a_town_of_its_name_is_placed_by_the_towns_beside_it(geoparser):
    text = "Deputies in Cobb County arrested two men in Marietta on Monday."
    county = _place_of(geoparser, text, "Cobb County", "Marietta")
    assert county.feature_code == "ADM2" and county.admin1 == "Georgia"
    assert haversine_km(county.latitude, county.longitude, 33.95, -84.55) < 30  # Marietta


@pytest.mark.parametrize("name, code, point", [
    ("Ontario", "ADM1", (49.25, -84.5)),     # towns crowd its south edge: the box is 200 km off
    ("Florida", "ADM1", (28.75, -82.5)),     # the panhandle pulls the box west
    ("Portugal", "PCLI", (39.5, -8.0)),      # the Azores and Madeira pull the box into the Atlantic
    ("Fiji", "PCLI", (-18.0, 175.0)),        # towns on both sides of the date line
    ("Mauritius", "PCLI", (-20.28, 57.55)),  # Rodrigues pulls the box 340 km east
    ("Kiribati", "PCLI", (1.42, 173.0)),     # atolls on both sides of the date line: the box lay off Africa
    ("England", "ADM1", (52.16, -0.70)),     # the Scilly Isles and Northumberland pull the box 130 km north-west
])
def test_units_are_at_their_own_point_not_the_box_of_their_towns(gazetteer, name, code, point):
    unit = max((c.place for c in gazetteer.candidates(name, fuzzy=False) if c.place.feature_code == code),
               key=lambda p: p.population)
    assert haversine_km(unit.latitude, unit.longitude, *point) < 50, unit


def test_a_county_whose_namesake_is_a_small_town_is_placed_by_the_towns_beside_it(geoparser):
    """Butler, Ohio is a village of 900 in another county: Butler County is where the text's
    towns of Ohio are (Hamilton), not at the village."""
    text = "Butler County deputies arrested a man in Hamilton, Ohio on Monday."
    county = _place_of(geoparser, text, "Butler County", "Hamilton", "Ohio")
    assert county.feature_code == "ADM2" and county.admin1 == "Ohio"
    assert haversine_km(county.latitude, county.longitude, 39.40, -84.56) < 30  # Hamilton


def test_the_state_of_a_name_is_the_state(geoparser):
    """"the state of Washington": the unit noun before "of" says which Washington, for given
    spans as for detected ones."""
    text = "The first case was found in December in the state of Washington."
    place = _place_of(geoparser, text, "Washington")
    assert place.feature_code == "ADM1" and place.admin1 == "Washington"


def test_a_name_repeated_is_one_piece_of_evidence(geoparser):
    """A town named twice does not make the story about its country: "Athens" twice beside a US
    county keeps the county in the US and Athens at an American Athens, not in Greece."""
    text = ("The Athens Police Department arrested a man on Monday. He was held at the Henderson County "
            "Jail. Athens police said the inquiry goes on.")
    spans = [(m, m + len(n)) for n in ("Athens", "Henderson County") for m in
             [i for i in range(len(text)) if text.startswith(n, i)]]
    places = geoparser.resolve_spans(text, spans)
    assert all(p is not None and p.country_iso == "US" for p in places), [(p.name, p.country_iso) for p in places]


def test_a_big_city_is_not_lost_to_a_village_of_its_province(geoparser):
    """A province named elsewhere in the text is no evidence for a village 50 times smaller than
    a big city of the same name; a container or a named town nearby still is."""
    text = "The mayor of Boston declared a flu emergency. Cases rose in Texas and in New York."
    place = _place_of(geoparser, text, "Boston", "Texas", "New York")
    assert place.admin1 == "Massachusetts", (place.name, place.admin1)
    near = "Firefighters from Boston and Hamburg, New York, fought the blaze near Eden, New York."
    spans = [(near.index("Boston"), near.index("Boston") + 6), (near.index("Hamburg"), near.index("Hamburg") + 7),
             (near.index("Eden"), near.index("Eden") + 4)]
    assert geoparser.resolve_spans(near, spans)[0].admin1 == "New York"


@pytest.mark.parametrize("text, name, iso", [
    ("Hezbollah is in Lebanon and Hamas is in Palestine.", "Palestine", "PS"),
    ("The Soviet Union also prepared the virus as a weapon.", "Soviet Union", "RU"),  # its successor's point
    ("Ships sailed for the Falklands in April.", "Falklands", "FK"),
])
def test_short_names_of_countries(geoparser, text, name, iso):
    place = _place_of(geoparser, text, name)
    assert (place.feature_code, place.country_iso) == ("PCLI", iso), place


def test_a_list_closed_by_a_plural_unit_noun_is_a_list_of_units(geoparser):
    """"Douglas, Sarpy and Lancaster counties": each member is a county (not the towns of Douglas,
    Wyoming or Lancaster, Pennsylvania)."""
    text = "The state's largest counties, Douglas, Sarpy and Lancaster counties, grew by 14,000 people."
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Douglas", "Sarpy", "Lancaster")]
    places = geoparser.resolve_spans(text, spans)
    assert all(p.feature_code == "ADM2" and p.admin1 == "Nebraska" for p in places), \
        [(p.name, p.feature_code, p.admin1) for p in places]


def test_a_list_of_states_is_no_town_state_container(geoparser):
    """"Washington, Pennsylvania and California": three states listed, not the town of Washington,
    Pennsylvania (which "Washington, Pennsylvania, police said" still is)."""
    text = "Officials are investigating cases in Washington, Pennsylvania and California."
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Washington", "Pennsylvania", "California")]
    assert geoparser.resolve_spans(text, spans)[0].feature_code == "ADM1"
    town = "A man was arrested in Washington, Pennsylvania, police said on Monday."
    spans = [(town.index(n), town.index(n) + len(n)) for n in ("Washington", "Pennsylvania")]
    place = geoparser.resolve_spans(town, spans)[0]
    assert (place.feature_class, place.admin1) == ("P", "Pennsylvania")


def test_a_unit_across_the_date_line_is_not_put_at_the_prime_meridian(gazetteer):
    """Chukotka's towns lie on both sides of 180°: the middle of their box is near the date
    line, not at 0° (the naive middle of -179 and 179)."""
    unit = next(c.place for c in gazetteer.candidates("Chukotka", fuzzy=False) if c.place.feature_code == "ADM1")
    assert abs(unit.longitude) > 160 and 60 < unit.latitude < 72, unit
