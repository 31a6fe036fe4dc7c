"""Geo fixtures: one gazetteer and one geoparser per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def gazetteer():
    from strife.geo import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def geoparser(gazetteer, nlp):
    from strife.geo import Geoparser

    return Geoparser(gazetteer=gazetteer, nlp=nlp)
