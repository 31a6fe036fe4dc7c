"""Acceptance: the founding example coded without geo and time (nlp fixture + coder + the
article's mentions of one incident resolved into one report)."""

from __future__ import annotations

import datetime

import pytest

from strife.coding import get_coder
from strife.config import Settings
from strife.linking.document import resolve_document
from strife.model import Article
from strife.nlp import parse

EXPECTED = [  # (trigger word, sub-event type(s)) — the 8 events of the expected.md table
    ("crossed", {"Other"}),
    ("negotiated", {"Agreement"}),
    ("returned", {"Agreement"}),
    ("struck", {"Air/drone strike"}),
    ("ended", {"Other"}),
    ("broke", {"Government regains territory"}),
    ("battling", {"Armed clash"}),
    ("taken", {"Non-state actor overtakes territory"}),
]


def trap_phrases(founding_path) -> list[str]:
    """The quoted "Must NOT become events" phrases of the expected.md beside the example."""
    import re

    expected = founding_path.with_name(founding_path.stem + ".expected.md").read_text(encoding="utf-8")
    block = expected.split("Must NOT become events:", 1)[1].split("\n\n", 1)[0]
    quotes = re.findall(r'"([^"]+)"', block)
    return [part.strip() for q in quotes for part in q.split("...") if part.strip()]


@pytest.fixture(scope="module")
def coded(nlp, founding_path):
    text = founding_path.read_text(encoding="utf-8")
    article = Article(text=text, published=datetime.date(2017, 9, 14), source="Arab Today",
                      body_start=text.index("\n") + 1)
    return resolve_document(get_coder(Settings()).code(parse(nlp, article)))


def _acled(coded):
    return [e for e in coded.events if e.sub_event_type]


@pytest.mark.slow
@pytest.mark.parametrize("word,subs", EXPECTED)
def test_expected_event_found(coded, word, subs):
    hits = [e for e in _acled(coded) if e.trigger.startswith(word)]
    assert hits, f"no event for {word!r}: {[e.trigger for e in coded.events]}"
    assert hits[0].sub_event_type in subs


@pytest.mark.slow
def test_exactly_eight_events_and_no_traps(coded, founding_path):
    events = _acled(coded)
    assert len(events) == 8, [(e.trigger, e.sub_event_type) for e in events]
    text = coded.article.text
    traps = trap_phrases(founding_path)
    assert len(traps) >= 4
    for phrase in traps:
        start = text.index(phrase)
        end = start + len(phrase)
        assert not [e for e in events if start <= e.trigger_start < end], phrase


@pytest.mark.slow
def test_actors_and_attribution(coded):
    by_trigger = {e.trigger: e for e in _acled(coded)}
    assert by_trigger["crossed"].actor1.startswith("Islamic State")
    assert by_trigger["crossed"].reported_by == "Syrian Observatory for Human Rights"
    assert by_trigger["taken"].actor1 == "SDF: Syrian Democratic Forces"
    assert by_trigger["taken"].reported_by == "Bassem Aziz"
    assert by_trigger["negotiated"].actor1 == "Hezbollah"
    assert by_trigger["broke"].actor1 == "Military Forces of Syria (2000-)"
    assert by_trigger["battling"].actor2.startswith("Islamic State")
    assert by_trigger["struck"].actor1 == "Coalition: Operation Inherent Resolve"
    # "One surviving Hezbollah fighter was returned": the captive is actor2; his releaser, not
    # named, is the side that held him -- the armed group the article is about (gold: IS)
    assert by_trigger["returned"].actor1.startswith("Islamic State")
    assert by_trigger["returned"].actor2 == "Hezbollah"
    for e in coded.events:
        names = {e.actor1, e.actor2, e.assoc_actor_1}
        assert "Syrian Observatory for Human Rights" not in names
        assert "Bassem Aziz" not in names


@pytest.mark.slow
def test_evidence_spans_point_into_the_text(coded):
    text = coded.article.text
    for e in coded.events:
        assert e.evidence_for("trigger") is not None
        for ev in e.evidence:
            assert text[ev.start:ev.end] == ev.text
        assert 0.0 <= e.confidence <= 1.0
