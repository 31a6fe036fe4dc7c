"""Page furniture: found at the source, blanked before parsing, offsets kept."""

from __future__ import annotations

import datetime

import pytest

from strife.dictionaries.loader import DictionaryError
from strife.model import Article, content_id
from strife.sources import read_jsonl, read_text
from strife.sources.furniture import blank, find_furniture, load_rules

# Layout lines of scraped pages (team-written: a unit test of the mechanism).
FURNITURE = [
    "By Suleiman Al-Khalidi",
    "Reporting by Tom Perry; Editing by Alison Williams",
    "Published: 14.03.2016 | 12:05",
    "Mon 12 Mar 2018 14.05 GMT",
    "Get short URL 0 12",
    "Share 1195",
    "Facebook Twitter Email",
    "Related: Syrian army captures Palmyra from Islamic State",
    "READ MORE: Russia says it hit 50 targets",
    "See also",
    "Photo: AFP",
    "© AFP 2018/ George Ourfalian",
    "Image captured from a video posted online shows smoke rising over Douma.",
    "Tags: Syria, Idlib, Russia",
    "We use cookies to improve your experience. By continuing to use this site you agree.",
    "Subscribe to our newsletter",
    "Follow us on Twitter",
]
STORY = [
    "By Monday, 30 people had been killed in the city.",
    "The group said in its newsletter that 12 fighters were killed.",
    "Pictures posted on social media showed bodies in the street.",
    "Updated toll: 45 killed in the attack on the market.",
    "Related to this, the rebels denied any role in the attack.",
    "Air strikes hit Idlib, killing 12 people.",
]


def _found(text: str) -> list[str]:
    return [text[s:e] for s, e in find_furniture(text)]


@pytest.mark.parametrize("line", FURNITURE)
def test_a_furniture_line_is_found(line):
    text = f"Air strikes hit Idlib on Monday.\n{line}\nRebels shelled Aleppo."
    assert _found(text) == [line]


@pytest.mark.parametrize("line", STORY)
def test_a_story_line_is_not_furniture(line):
    assert _found(f"{line}\nRebels shelled Aleppo on Monday.") == []


def test_a_photo_credit_closes_its_caption():
    """CASE 2021 snippet 599 (tune split): a caption and its credit run into the story."""
    caption = ("military officer inspects the high-powered firearms army troops seized following a clash "
               "on Saturday, August 17, 2019 against the 'Norjamal Tomarompong' group, whose members are said "
               "to be engaged in kidnapping, extortion and other criminal activities in Lanao del Norte. "
               "(Photo courtesy of the Army 1st ID)")
    story = " ZAMBOANGA CITY -- Government forces recovered high-powered firearms following a clash"
    assert _found(caption + story) == [caption]


def test_an_in_this_image_sentence_is_a_caption():
    """CASE 2021 snippet 837 (tune split): an AP caption sentence between two story sentences."""
    lead = ("Tunisian media are reporting that a suicide bomber on a motorcycle has set off a blast near the "
            "U.S.. Embassy in the Tunisian capital, Tunis. ")
    caption = ("In this image taken from video, security personnel stand outside the US embassy in Tunis, "
               "Tunisia, Friday March 6, 2020, following a reported blast.")
    rest = " Tunisia's interior ministry says two suicide bombers have blown themselves up near the U.S.. Embassy"
    assert _found(lead + caption + rest) == [caption]


def test_blank_keeps_length_and_newlines():
    text = "Lead.\nRelated: Army takes town\nBody."
    spans = find_furniture(text)
    blanked = blank(text, spans)
    assert len(blanked) == len(text) and blanked.count("\n") == 2
    assert "Related" not in blanked and blanked.startswith("Lead.\n") and blanked.endswith("\nBody.")


def test_every_reader_records_furniture_and_keeps_the_text():
    text = "Beirut - Levant Wire\nRelated: Army takes Palmyra\nAir strikes hit Idlib on Monday.\nShare 1195"
    [article] = list(read_text(text, published=datetime.date(2017, 9, 14)))
    assert article.text == text and article.id == content_id(text, "a")
    assert [text[s:e] for s, e in article.furniture] == ["Related: Army takes Palmyra", "Share 1195"]
    line = '{"text": "Air strikes hit Idlib.\\nGet short URL 0 26", "published": "2017-09-14"}'
    [record] = list(read_jsonl(line))
    assert [record.text[s:e] for s, e in record.furniture] == ["Get short URL 0 26"]


def test_the_dateline_is_not_looked_at():
    text = "Azaz - Orontes Post - 7 January 2017\nA tanker exploded in Azaz on Saturday."
    [article] = list(read_text(text))
    assert article.furniture == []


def test_an_unknown_key_names_file_and_line(tmp_path):
    bad = tmp_path / "furniture.yaml"
    bad.write_text("rules:\n  - kind: related\n    pattern: 'related:.*'\n    colour: red\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"furniture.yaml:2: unknown key"):
        load_rules(bad)


@pytest.mark.slow
def test_furniture_is_never_coded_and_evidence_indexes_the_text(nlp):
    from strife.coding import get_coder
    from strife.config import Settings
    from strife.nlp import parse

    text = ("Related: Syrian army captures Palmyra from Islamic State\n"
            "Rebels shelled a market in Aleppo on Monday, killing five people.\n"
            "Photo: Government troops seized the town of Tadef (AFP)")
    article = Article(text=text, published=datetime.date(2017, 3, 7))
    parsed = parse(nlp, article)
    assert parsed.doc.text != text and len(parsed.doc.text) == len(text)
    events = get_coder(Settings()).code(parsed).events
    assert [e.sub_event_type for e in events] == ["Shelling/artillery/missile attack"]
    for e in events:
        for ev in e.evidence:
            assert text[ev.start:ev.end] == ev.text
