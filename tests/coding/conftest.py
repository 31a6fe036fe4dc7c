"""The coder's test fixtures: one rule-based coder per session, and a one-line way to code a text."""

from __future__ import annotations

import datetime

import pytest

from strife.coding import get_coder
from strife.config import Settings
from strife.model import Article
from strife.nlp import parse


@pytest.fixture(scope="session")
def coder():
    return get_coder(Settings())


@pytest.fixture
def code(nlp, coder):
    """``code(text, published=2020-05-01)``: the coder's events that have a sub-event type."""
    def run(text: str, published: datetime.date = datetime.date(2020, 5, 1)):
        coded = coder.code(parse(nlp, Article(text=text, published=published)))
        return [e for e in coded.events if e.sub_event_type]

    return run
