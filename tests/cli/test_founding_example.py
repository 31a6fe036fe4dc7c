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
    assert EXPECTED_SUBTYPES <= {e["sub_event_type"] for e in events}
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
