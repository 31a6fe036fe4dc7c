"""The founding example end to end through the CLI: ingest, events, show, re-ingest."""

import json

import pytest
from typer.testing import CliRunner

from strife.cli.main import app

pytestmark = pytest.mark.slow

EXPECTED_SUBTYPES = {
    "Non-state actor overtakes territory", "Government regains territory", "Armed clash",
    "Air/drone strike", "Agreement",
}
TRAPS = ("did not strike the convoy", "should have been killed", "raises the specter of confrontation")


@pytest.fixture(scope="module")
def store(tmp_path_factory, founding_path, pipeline):
    db = tmp_path_factory.mktemp("cli") / "s.duckdb"
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "ingest", str(founding_path),
                                 "--export", str(db.parent / "exports")])
    assert result.exit_code == 0, result.output
    return db, result.output


def _events(db):
    result = CliRunner().invoke(app, ["--db", str(db), "events", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_events_found_and_traps_avoided(store, founding_path):
    db, _ = store
    text = founding_path.read_text(encoding="utf-8")
    trap_spans = [(text.index(t), text.index(t) + len(t)) for t in TRAPS]
    events = _events(db)
    assert len(events) >= 6
    assert {e["sub_event_type"] for e in events} >= EXPECTED_SUBTYPES
    for e in events:
        [trigger] = [v for v in e["evidence"] if v["field"] == "trigger"]
        assert not any(a <= trigger["start"] < b for a, b in trap_spans), trigger
        if "crucial air and ground support" in (e["notes"] or ""):
            assert e["confidence"] < 0.5 and e["time_precision"] == 3


def test_evidence_is_the_article_text(store, founding_path):
    db, _ = store
    text = founding_path.read_text(encoding="utf-8")
    events = _events(db)
    assert all(e["evidence"] for e in events)
    for e in events:
        for ev in e["evidence"]:
            assert text[ev["start"]:ev["end"]] == ev["text"]


def test_dateline_is_never_the_location(store):
    db, _ = store
    assert all(e["location"] != "Beirut" for e in _events(db))


def test_reingest_is_a_no_op_and_show_highlights_evidence(store, founding_path):
    db, _ = store
    before = len(_events(db))
    result = CliRunner().invoke(app, ["--db", str(db), "ingest", str(founding_path)])
    assert result.exit_code == 0 and "already stored 1" in result.output
    events = _events(db)
    assert len(events) == before
    shown = CliRunner().invoke(app, ["--db", str(db), "show", events[0]["event_id_cnty"]])
    assert shown.exit_code == 0
    assert events[0]["evidence"][0]["text"] in shown.output


def test_exports_written(store):
    db, output = store
    exports = db.parent / "exports"
    assert {p.name for p in exports.iterdir()} == {"events.csv", "events.json", "events.geojson"}
    assert "exports:" in output


def test_unknown_event_and_missing_store_are_clear_errors(tmp_path, store):
    db, _ = store
    result = CliRunner().invoke(app, ["--db", str(db), "show", "nope"])
    assert result.exit_code == 1
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "none.duckdb"), "events"])
    assert result.exit_code == 2


def _by_trigger(events):
    return {v["text"]: e for e in events for v in e["evidence"] if v["field"] == "trigger"}


def test_places_of_the_founding_events(store):
    from strife.linking.events import haversine_km

    db, _ = store
    events = _by_trigger(_events(db))
    crossing = events["crossed"]  # the lead says "eastern Syria"; a later sentence names the province
    assert (crossing["admin1"], crossing["geo_precision"]) == ("Deir-ez-Zor", 3)  # OCHA spelling, as ACLED
    for trigger in ("broke", "battling", "taken"):  # siege, fighting in the city, SDF near it
        e = events[trigger]
        assert haversine_km(e["latitude"], e["longitude"], 35.34, 40.14) < 10, e


def test_dates_of_the_founding_events(store):
    db, _ = store
    events = _by_trigger(_events(db))
    assert (events["crossed"]["event_date"], events["crossed"]["time_precision"]) == ("2017-09-13", 1)
    assert (events["returned"]["event_date"], events["returned"]["time_precision"]) == ("2017-09-14", 1)
    assert events["negotiated"]["event_date"].startswith("2017-08") and events["negotiated"]["time_precision"] == 3
    for trigger in ("broke", "ended"):  # "last week": the week before publication
        assert "2017-09-04" <= events[trigger]["event_date"] <= "2017-09-10"
        assert events[trigger]["time_precision"] == 2
