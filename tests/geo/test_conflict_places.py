"""Precise places from conflict-event files (team-made CSVs in the UCDP GED and ACLED layouts)."""

from pathlib import Path

import pytest

from strife.geo.conflict_places import EventFileError, merge_places, read_event_places, split_kind

DATA = Path(__file__).parent.parent / "data" / "geo"


def test_ucdp_type_words_and_double_names():
    assert split_kind("Kafr Nabl town") == ("Kafr Nabl", "town")
    assert split_kind("Al Omar oil field") == ("Al Omar", "oil field")
    assert split_kind("Town") == ("Town", "")


def test_ucdp_ged_rows_keep_precise_places_only():
    errors = []
    places = merge_places(read_event_places(DATA / "ucdp_ged_sample.csv", errors))
    by_name = {p.name: p for p in places}
    assert set(by_name) == {"Qwz Tahtani", "Koulogon Peulh"}  # the governorate-level row is skipped
    qwz = by_name["Qwz Tahtani"]
    assert (qwz.kind, qwz.country, qwz.admin1, qwz.events) == ("village", "Syria", "Deir ez Zor Governorate", 2)
    assert by_name["Koulogon Peulh"].precision == 2
    assert [line for line, _ in errors] == [6]  # the row with a broken latitude


def test_acled_rows_keep_precise_places_only():
    places = list(read_event_places(DATA / "acled_sample.csv"))
    assert [(p.name, p.admin1, p.admin2, p.precision) for p in places] == [("Qwz Foqani", "Idleb", "Ariha", 1)]


def test_other_files_are_refused(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(EventFileError):
        list(read_event_places(bad))


def test_import_events_adds_places_with_admin_codes(gazetteer, tmp_path):
    from strife.geo.gazetteer import Gazetteer
    from strife.geo.importer import import_event_places

    user = tmp_path / "user.sqlite"
    report = import_event_places(DATA / "ucdp_ged_sample.csv", user, gazetteer)
    assert report.rows == 2
    report = import_event_places(DATA / "acled_sample.csv", user, gazetteer)
    assert report.rows == 1
    gaz = Gazetteer(gazetteer.path, user)
    (qwz,) = gaz.candidates("Qwz Tahtani")
    assert qwz.place.country_iso == "SY" and qwz.place.admin1 == "Deir-ez-Zor"
    assert qwz.place.admin1_pcode == "SY09" and qwz.place.admin2_pcode
    assert qwz.place.feature_class == "P"
    (foq,) = gaz.candidates("Qwz Foqani")
    assert foq.place.admin1 == "Idleb" and (foq.place.latitude, foq.place.longitude) == (35.8, 36.6)
    (kou,) = gaz.candidates("Koulogon Peulh")
    assert kou.place.country_iso == "ML" and kou.place.admin1


def test_cli_import_events(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from strife.cli.gazetteer import app

    import shutil

    from strife.geo.gazetteer import default_index_path, ensure_index

    src = ensure_index()  # the session's index, copied: no rebuild in the test
    shutil.copyfile(src, tmp_path / src.name)
    monkeypatch.setenv("STRIFE_CACHE", str(tmp_path))
    assert default_index_path(tmp_path).exists()
    result = CliRunner().invoke(app, ["import-events", str(DATA / "acled_sample.csv")])
    assert result.exit_code == 0, result.output
    assert "imported 1 places" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    result = CliRunner().invoke(app, ["import-events", str(bad)])
    assert result.exit_code == 1 and "not a UCDP GED or ACLED file" in result.output
