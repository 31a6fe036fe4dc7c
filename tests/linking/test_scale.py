"""ACLED source_scale from the outlets table (strife.linking.scale)."""

from __future__ import annotations

import pytest

from strife.dictionaries.loader import DictionaryError
from strife.linking.merge import merge_cluster
from strife.linking.scale import (Outlet, combined_scale, event_scale, find_outlet, load_outlets,
                                  outlet_scale)
from strife.model import EventRecord

REGIONS = {"SY": "Middle East", "LB": "Middle East", "FR": "Europe"}
SYRIA = 760  # ISO 3166 numeric


def test_scale_follows_the_outlets_base_relative_to_the_event():
    national = Outlet("SANA", "SY", None, "national")
    assert outlet_scale(national, "SY", "Middle East", REGIONS) == "National"
    assert outlet_scale(Outlet("Al-Manar", "LB", None, "national"), "SY", "Middle East", REGIONS) == "Regional"
    assert outlet_scale(Outlet("Le Monde", "FR", None, "national"), "SY", "Middle East", REGIONS) == "International"
    assert outlet_scale(Outlet("Reuters", "GB", None, "international"), "GB", "Europe", REGIONS) == "International"
    assert outlet_scale(Outlet("Local", "SY", None, "subnational"), "SY", "Middle East", REGIONS) == "Subnational"
    assert outlet_scale(Outlet("Arab Today", None, "Middle East", "national"), "SY", "Middle East",
                        REGIONS) == "Regional"
    assert outlet_scale(Outlet("Telegram", None, None, "new media"), "SY", "Middle East", REGIONS) == "New media"


def test_several_outlets_join_in_acled_order():
    assert combined_scale(["International", "National", "National"]) == "National-International"
    assert combined_scale([]) is None


def test_outlets_are_found_by_name_or_url_host():
    assert find_outlet("sana").name == "SANA"
    assert find_outlet(None, "https://www.reuters.com/world/x").name == "Reuters"
    assert find_outlet("Orontes Post") is None  # unknown outlets are not guessed


def test_an_event_gets_the_scale_of_its_known_outlets_only():
    assert event_scale(SYRIA, "Middle East", ["SANA", "Reuters", "Orontes Post"]) == "National-International"
    assert event_scale(SYRIA, "Middle East", ["Orontes Post"]) is None


def test_the_canonical_event_carries_the_scale_of_all_its_outlets():
    reports = [EventRecord(f"a{i}", 0, 0, 4, "shell", iso=SYRIA, region="Middle East", country="Syria",
                           source=outlet) for i, outlet in enumerate(("SANA", "Al Jazeera"))]
    merged = merge_cluster("ev1", reports, outlet_of={"a0": "SANA", "a1": "Al Jazeera"})
    assert merged.source_scale == "National-International"


def test_unknown_keys_in_the_outlets_file_name_the_line(tmp_path):
    bad = tmp_path / "outlets.yaml"
    bad.write_text("outlets:\n  - {name: A, reach: national}\n  - {name: B, reech: national}\n")
    with pytest.raises(DictionaryError, match=r"outlets.yaml:3: unknown key\(s\) reech"):
        load_outlets(bad)
    bad.write_text("outlets:\n  - {name: A, reach: global}\n")
    with pytest.raises(DictionaryError, match=r"outlets\.yaml:2: reach 'global'"):
        load_outlets(bad)
