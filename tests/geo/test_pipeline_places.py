"""Issue 17's places through the full pipeline (nlp -> coding -> geo -> time): the coder's own
main event of each short report is placed where it happened (team-written sentences:
mechanism tests)."""

from datetime import date

import pytest

from strife.coding import primary_event
from strife.model import Article

pytestmark = pytest.mark.slow


def _main_event(pipeline, text: str):
    coded = pipeline.process(Article(text=text, published=date(2019, 3, 4)))
    ev = primary_event(coded)
    assert ev is not None, text
    return ev


@pytest.mark.parametrize("text, location, admin1, precision", [
    # villages UCDP locates that cities500 lacks or spells otherwise
    ("Government warplanes struck Kafr Nabl on Tuesday, killing four civilians.", "Kafranbel", "Idleb", 1),
    ("Turkish-backed factions shelled Jenderis on Monday, killing two civilians.", "Jindayris", "Aleppo", 1),
    ("Israeli shelling hit Ghadir al-Bostan on Monday, wounding a shepherd.", "Ghadir Elbostan", "Quneitra", 1),
    # a news agency is not Sanaa; a capital that speaks is the government, not the site
    ("Two soldiers were killed in an attack near Palmyra, SANA reported.", "Tadmur", "Homs", 2),
    ("Damascus said its forces repelled an attack by militants in Khan Shaykhun, killing 12 of them.",
     "Khan Shaykhun", "Idleb", 1),
])
def test_the_main_event_is_placed_where_it_happened(pipeline, text, location, admin1, precision):
    ev = _main_event(pipeline, text)
    assert (ev.country, ev.location, ev.admin1, ev.geo_precision) == ("Syria", location, admin1, precision)
    assert not ev.geo_fallback and ev.admin1_pcode


def test_the_countryside_of_a_city_is_its_province(pipeline):
    ev = _main_event(pipeline, "Regime forces shelled villages in the Deir ez-Zor countryside on Friday, "
                               "killing three civilians.")
    assert (ev.country, ev.admin1) == ("Syria", "Deir-ez-Zor") and ev.geo_precision in (2, 3)


@pytest.mark.parametrize("text, location, country", [
    ("Two mortar shells hit the Syrian capital on Monday, killing five civilians.", "Damascus", "Syria"),
    ("Gunmen attacked a police station in Afghanistan's capital on Tuesday, killing three officers.",
     "Kabul", "Afghanistan"),
    ("A car bomb exploded in the capital of Iraq on Friday, killing seven people.", "Baghdad", "Iraq"),
])
def test_a_description_of_a_capital_is_that_city(pipeline, text, location, country):
    """"the Syrian capital", "Afghanistan's capital", "the capital of Iraq" name the capital city:
    the event is there, at town precision, not at the country's point."""
    ev = _main_event(pipeline, text)
    assert (ev.location, ev.country, ev.geo_precision) == (location, country, 1)
    assert not ev.geo_fallback
