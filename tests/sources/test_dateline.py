from datetime import date

import pytest

from strife.sources.dateline import find_dateline


@pytest.mark.parametrize("text, place, outlet", [
    ("Beirut - Arab Today\nA convoy ...", "Beirut", "Arab Today"),
    ("Deir ez-Zor - Tigris News Agency\nFighting ...", "Deir ez-Zor", "Tigris News Agency"),
    ("Qamishli, Syria - Levant Wire\n\nSecurity ...", "Qamishli, Syria", "Levant Wire"),
    ("BEIRUT (Reuters) - Syrian forces ...", "Beirut", "Reuters"),
    ("RAQQA, Syria (Euphrates Daily) — US-backed ...", "Raqqa, Syria", "Euphrates Daily"),
    ("KABUL, May 31 (Levant Wire) - A truck ...", "Kabul", "Levant Wire"),
    ("SANAA — Houthi fighters ...", "Sanaa", None),
    ("DEIR EZ-ZOR, Syria (AP) - Troops ...", "Deir ez-Zor, Syria", "AP"),
])
def test_recognised(text, place, outlet):
    found = find_dateline(text)
    assert found is not None
    assert (found.place, found.outlet) == (place, outlet)
    assert not text[found.body_start].isspace()


def test_body_start_is_after_the_line():
    text = "Beirut - Arab Today\nA convoy of militants crossed."
    assert text[find_dateline(text).body_start:] == "A convoy of militants crossed."


def test_dated_dateline():
    found = find_dateline("Azaz - Orontes Post - 7 January 2017\nA fuel tanker ...")
    assert found.published == date(2017, 1, 7)
    found = find_dateline("Azaz - Orontes Post, 7 January 2017\nA fuel tanker ...")
    assert (found.outlet, found.published) == ("Orontes Post", date(2017, 1, 7))


@pytest.mark.parametrize("text", [
    "A convoy of Daesh militants - being evacuated - crossed\nMore.",
    "The war - a history of the conflict\nMore.",
    "Fighters said - on Thursday - they had won.\n",
    "Government forces advanced on Thursday.\n",
    "US-backed forces (SDF) - took the town",
    "NATO - the alliance said",
    "",
])
def test_ordinary_sentences_are_not_datelines(text):
    assert find_dateline(text) is None


def test_arabic_dateline():
    found = find_dateline("حلب - وكالة الشام للأنباء\nقال مصدر")
    assert found is not None and found.place == "حلب"
