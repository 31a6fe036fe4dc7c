"""Dictionary loading: built-ins, user files, errors with file:line, duplicate warnings."""

from __future__ import annotations

import warnings

import pytest

from strife.dictionaries import DictionaryError, DuplicateAliasWarning, load_dictionaries
from strife.dictionaries.loader import INTER_CODES


def test_builtin_dictionaries_load():
    d = load_dictionaries()
    assert d.aliases["IS"] == "Islamic State"
    assert d.aliases["daesh"] == "Islamic State"
    assert d.actors["Islamic State"].name_for("SY") == "Islamic State (Syria)"
    assert d.actors["SDF: Syrian Democratic Forces"].inter == 2
    assert "Military Forces of Syria (2000-)" in d.actors
    assert "Police Forces of Iraq (2022-)" in d.actors  # the current period (periods.yaml)
    assert all(a.inter in INTER_CODES for a in d.actors.values() if not a.source)
    assert d.classes["fight"]["sub_event"] == "Armed clash"


def test_every_region_has_actors():
    d = load_dictionaries()
    countries = {a.country for a in d.actors.values() if a.origin != "generated"}
    for iso in ("SY", "IQ", "YE", "LY", "AF", "ML", "BF", "SO", "UA", "RU", "MM", "SD", "IL", "PS", "LB"):
        assert iso in countries, iso


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - name: X\n    inter: 2\n    aliases: [a, b\n")
    with pytest.raises(DictionaryError) as err:
        load_dictionaries([bad])
    assert str(bad) in str(err.value)
    assert ":5:" in str(err.value) or ":4:" in str(err.value)


def test_unknown_inter_code_names_file_and_line(tmp_path):
    bad = tmp_path / "inter.yaml"
    bad.write_text("actors:\n  - name: Good\n    inter: 2\n  - name: Bad Group\n    inter: 9\n")
    with pytest.raises(DictionaryError) as err:
        load_dictionaries([bad])
    assert f"{bad}:4:" in str(err.value)
    assert "inter code 9" in str(err.value)


def test_duplicate_alias_warns_and_last_wins(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text("actors:\n  - name: My Daesh Faction\n    inter: 2\n    country: SY\n    aliases: [Daesh]\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        d = load_dictionaries([tmp_path])
    assert d.aliases["daesh"] == "My Daesh Faction"
    assert any(issubclass(w.category, DuplicateAliasWarning) and "loaded last wins" in str(w.message)
               for w in caught)


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(DictionaryError):
        load_dictionaries([tmp_path / "nope"])


def test_unknown_trigger_class_key_names_file_and_line(tmp_path):
    bad = tmp_path / "triggers.yaml"
    bad.write_text("classes:\n  snipe:\n    sub_event: Attack\n    verbs: [snipe]\n    violant: true\n")
    with pytest.raises(DictionaryError) as err:
        load_dictionaries([bad])
    assert f"{bad}:3:" in str(err.value) and "'violant'" in str(err.value)


def test_trigger_class_trait_of_the_wrong_type_is_an_error(tmp_path):
    bad = tmp_path / "triggers.yaml"
    bad.write_text("classes:\n  snipe:\n    sub_event: Attack\n    violent: [yes]\n")
    with pytest.raises(DictionaryError) as err:
        load_dictionaries([bad])
    assert f"{bad}:3:" in str(err.value) and "'violent'" in str(err.value)


def test_a_trigger_word_yaml_reads_as_a_boolean_is_an_error(tmp_path):
    """YAML reads a bare ``on`` as true: "fired on" would silently never match."""
    bad = tmp_path / "triggers.yaml"
    bad.write_text("classes:\n  snipe:\n    sub_event: Attack\n    verb_objects:\n      fire: [at, on]\n")
    with pytest.raises(DictionaryError) as err:
        load_dictionaries([bad])
    assert f"{bad}:3:" in str(err.value) and "not strings" in str(err.value)
    bad.write_text("classes:\n  strike:\n    sub_event: Peaceful protest\n    phrases: [[on, strike]]\n")
    with pytest.raises(DictionaryError):
        load_dictionaries([bad])


def test_trigger_class_traits_default_to_false_and_record_their_origin():
    d = load_dictionaries()
    assert d.classes["agree"]["violent"] is False and d.classes["agree"]["scope"] == ["crime"]
    assert d.classes["protest"]["absorbing"] == "protesters"
    assert d.classes["fight"]["origin"].split(":")[0].endswith("triggers.yaml")
    assert d.sub_event_plover["Arrests"] == ("COERCE", "seize")
