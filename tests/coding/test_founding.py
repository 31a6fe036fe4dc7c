"""Acceptance: the founding example coded without the full pipeline (nlp fixture + coder)."""

from __future__ import annotations

import datetime

import pytest

from strife.coding import get_coder
from strife.config import Settings
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
# (phrase of the trap, the word in it that must not become an event)
TRAPS = [("did not strike the convoy", "strike"), ("should have been killed", "killed"),
         ("specter of confrontation", "confrontation"), ("providing it with crucial air and ground support", "support")]


@pytest.fixture(scope="module")
def coded(nlp, founding_path):
    text = founding_path.read_text(encoding="utf-8")
    article = Article(text=text, published=datetime.date(2017, 9, 14), source="Arab Today",
                      body_start=text.index("\n") + 1)
    return get_coder(Settings()).code(parse(nlp, article))


def _acled(coded):
    return [e for e in coded.events if e.sub_event_type]


@pytest.mark.slow
@pytest.mark.parametrize("word,subs", EXPECTED)
def test_expected_event_found(coded, word, subs):
    hits = [e for e in _acled(coded) if e.trigger.startswith(word)]
    assert hits, f"no event for {word!r}: {[e.trigger for e in coded.events]}"
    assert hits[0].sub_event_type in subs


@pytest.mark.slow
def test_exactly_eight_events_and_no_traps(coded):
    events = _acled(coded)
    assert len(events) == 8, [(e.trigger, e.sub_event_type) for e in events]
    text = coded.article.text
    for phrase, word in TRAPS:
        at = text.index(phrase)
        start = at + phrase.index(word)
        assert not [e for e in events if e.trigger_start <= start < e.trigger_end], (phrase, word)
        assert not [e for e in coded.events if e.trigger_start <= start < e.trigger_end and e.sub_event_type]


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
