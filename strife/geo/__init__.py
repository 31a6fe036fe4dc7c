"""Geo stage: embedded gazetteer, toponym recognition/resolution and event location."""

from strife.geo.gazetteer import Gazetteer, load_gazetteer
from strife.geo.geoparser import Geoparser

__all__ = ["Gazetteer", "Geoparser", "load_gazetteer"]
