"""Founding example: events placed where they happened, never at the dateline."""

import pytest

from strife.geo.resolve import haversine_km
from strife.model import Article, CodedArticle, EventRecord

pytestmark = pytest.mark.slow

DEIR_EZZOR_CITY = (35.34, 40.14)
ABU_KAMAL = (34.45, 40.92)


@pytest.fixture(scope="module")
def founding(founding_path, nlp):
    from strife.nlp import parse

    text = founding_path.read_text(encoding="utf-8")
    article = Article(text=text, dateline="Beirut", body_start=text.index("\n") + 1)
    return parse(nlp, article)


def _event(parsed, sentence_words: str, trigger: str) -> EventRecord:
    """An event whose trigger is ``trigger`` inside the sentence containing ``sentence_words``."""
    text = parsed.article.text
    sentence = next(s for s in parsed.sentences if sentence_words in s.text)
    start = text.index(trigger, sentence.start)
    return EventRecord(parsed.article.id, sentence.index, start, start + len(trigger), trigger)


def _km(ev, point):
    return haversine_km(ev.latitude, ev.longitude, *point)


@pytest.fixture(scope="module")
def located(founding, geoparser):
    events = {
        "crossed": _event(founding, "crossed into Deir Ezzor province", "crossed"),
        "siege": _event(founding, "siege", "broke"),
        "battling": _event(founding, "siege", "battling"),
        "industrial": _event(founding, "industrial area", "taken control"),
        "relocate": _event(founding, "relocate to", "relocate"),
    }
    coded = geoparser.locate(CodedArticle(founding, list(events.values())))
    return coded, events


def test_city_events_are_at_deir_ez_zor_city(located):
    _, events = located
    for name in ("siege", "battling", "industrial"):
        ev = events[name]
        assert _km(ev, DEIR_EZZOR_CITY) < 10, (name, ev.location)
        assert ev.country == "Syria" and ev.iso == 760 and ev.region == "Middle East"
        assert ev.admin1 == "Deir-ez-Zor"  # OCHA's spelling, as ACLED writes it
    assert events["siege"].geo_precision == 1
    assert events["industrial"].geo_precision in (1, 2)


def test_crossing_into_the_province_is_the_governorate(located):
    coded, events = located
    ev = events["crossed"]
    assert ev.geo_precision == 3
    assert ev.admin1 == "Deir-ez-Zor" and ev.country == "Syria"
    evidence = ev.evidence_for("location")
    assert evidence is not None and evidence.text == "Deir Ezzor"
    assert coded.article.text[evidence.start:evidence.end] == "Deir Ezzor"


def test_boukamal_is_abu_kamal(located):
    coded, events = located
    boukamal = [m for m in coded.places if m.text == "Boukamal"]
    assert boukamal, "the gazetteer matcher must find Boukamal"
    assert _km(events["relocate"], ABU_KAMAL) < 10


def test_never_beirut_and_actors_are_not_places(located):
    coded, events = located
    for ev in events.values():
        assert ev.location != "Beirut"
    texts = {m.text for m in coded.places}
    assert not texts & {"Daesh", "IS", "Hezbollah"}
    assert all(m.value for m in coded.places)


def test_dateline_is_used_only_when_nothing_else(geoparser, nlp):
    from strife.nlp import parse

    text = "Beirut - Wire\nFighting killed five people on Monday, officials said."
    parsed = parse(nlp, Article(text=text, dateline="Beirut", body_start=text.index("\n") + 1))
    ev = EventRecord(parsed.article.id, 1, text.index("Fighting"), text.index("Fighting") + 8, "Fighting")
    geoparser.locate(CodedArticle(parsed, [ev]))
    assert ev.location == "Beirut" and ev.geo_precision == 3


def test_resolve_spans_and_detect(geoparser):
    text = "Protesters marched in Alexandria, Louisiana, and later in Paris."
    spans = [(text.index("Alexandria"), text.index("Alexandria") + 10),
             (text.index("Louisiana"), text.index("Louisiana") + 9)]
    alexandria, louisiana = geoparser.resolve_spans(text, spans)
    assert alexandria.country_iso == "US" and alexandria.admin1 == "Louisiana"
    assert louisiana.feature_code == "ADM1"
    found = {t.text for t in geoparser.detect(text)}
    assert {"Alexandria", "Louisiana", "Paris"} <= found


@pytest.mark.parametrize("text, trigger, expected, precision", [
    ("Government forces shelled the town of Kafr Nabl in Idlib province on Monday.", "shelled", "Idleb", 1),
    ("Clashes erupted in Idleb on Sunday, killing three fighters.", "Clashes", "Idleb", 1),
    ("Rebels attacked an army post near Hama, the monitor said.", "attacked", "Hama", 2),
    ("Fighting spread across Raqqa province overnight.", "Fighting", "Ar-Raqqa", 3),
])
def test_event_site_in_sentence(geoparser, nlp, text, trigger, expected, precision):
    from strife.nlp import parse

    parsed = parse(nlp, Article(text=text))
    start = text.index(trigger)
    ev = EventRecord(parsed.article.id, 0, start, start + len(trigger), trigger)
    geoparser.locate(CodedArticle(parsed, [ev]))
    assert ev.admin1 == expected and ev.country == "Syria"
    assert ev.geo_precision == precision


def test_a_capital_that_objects_is_not_the_site(nlp):
    from strife.geo.site import Located, _is_metonym
    from strife.model import Place

    doc = nlp("Washington and Baghdad objected to the deal. Aircraft bombed the road in Baghdad.")
    place = Place("Baghdad", 33.34, 44.4)
    first = doc.text.index("Baghdad")
    second = doc.text.rindex("Baghdad")
    assert _is_metonym(doc, Located(first, first + 7, "Baghdad", 0, place))
    assert not _is_metonym(doc, Located(second, second + 7, "Baghdad", 1, place))


def test_a_river_shared_by_countries_is_not_the_site(geoparser, nlp):
    """"East of the Euphrates" orients; the event's country comes from the article's places."""
    from strife.nlp import parse

    text = ("Fighting raged in Raqqa on Monday. East of the Euphrates, Kurdish-led "
            "forces said they had captured an oil field.")
    parsed = parse(nlp, Article(text=text))
    start = text.index("captured")
    ev = EventRecord(parsed.article.id, 1, start, start + len("captured"), "captured")
    geoparser.locate(CodedArticle(parsed, [ev]))
    assert ev.country == "Syria" and ev.location != "Euphrates"


def test_operation_names_are_not_places(geoparser):
    found = {t.text for t in geoparser.detect("Operation Olive Branch: Turkish troops crossed into Syria.")}
    assert "Olive Branch" not in found and "Syria" in found


def test_a_loose_spelling_match_abroad_is_not_taken(geoparser):
    """A transliteration-skeleton match in a country no other name of the text is in
    ("Rashidin" near Aleppo is not Rushden, England) is left unresolved."""
    text = "A bombing hit buses from the villages of Foua and Kefraya at Rashidin near Aleppo on Saturday."
    places = {t.text: p for t, p in geoparser.geoparse(text, guess_unknown=False)}
    assert places["Aleppo"].country_iso == "SY"
    assert places["Rashidin"] is None or places["Rashidin"].country_iso == "SY"


@pytest.mark.parametrize("text, place, not_place", [
    ("Shells fell on the besieged town of Douma said to be home to thousands.", "Douma", None),
    ("Turkish jets struck targets near Afrin at the start of an operation Ankara has named "
     "Olive Branch, the army said.", "Afrin", "Olive Branch"),
])
def test_words_before_a_name_say_what_it_is(geoparser, text, place, not_place):
    found = {t.text for t in geoparser.detect(text)}
    assert place in found and not_place not in found


def test_a_small_place_in_a_country_the_text_never_names_is_doubted(geoparser):
    """The gazetteer lacks Syria's al-Mansoura; Algeria's is no answer in a text about Syria."""
    text = ("Air strikes hit a school in the town of al-Mansoura, west of Raqqa, on Monday. The dead "
            "had fled fighting in Raqqa, Aleppo and Homs provinces of Syria.")
    places = {t.text: p for t, p in geoparser.geoparse(text)}
    assert places["al-Mansoura"].country_iso == "SY"
    assert places["Aleppo"].country_iso == "SY"
