"""The Python API in three lines: strife.extract and strife.Store, same records as the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from typer.testing import CliRunner

import strife
from strife.cli.main import app
from strife.store import Store as DbStore
from strife.store.corrections import add_correction
from strife.store.queries import get_event
from strife.store.synthetic import build_small


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("lib") / "s.duckdb"
    with DbStore(path) as store, store.transaction() as con:
        ids = build_small(con, 30)
        add_correction(con, get_event(con, ids[0]), "fatalities", "99", "tester", "recount")
        add_correction(con, get_event(con, ids[0]), "location", "Corrected Place", "tester")
    return path, ids[0]


def _cli_json(path, *args):
    result = CliRunner().invoke(app, ["--db", str(path), "events", "-f", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_import_is_cheap():
    code = "import strife, sys; print(sorted(m for m in ('spacy', 'duckdb', 'fastapi', 'pyarrow') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_store_events_are_the_cli_rows(db):
    path, _ = db
    with strife.Store(path) as store:
        rows = store.events(country="SYR")
        assert store.count(country="Syria") == len(rows) > 0
    cli = _cli_json(path, "--country", "Syria")
    assert [r["event_id_cnty"] for r in rows] == [r["event_id_cnty"] for r in cli]
    for mine, theirs in zip(rows, cli):
        assert {k: mine[k] for k in theirs if k != "evidence"} == {k: v for k, v in theirs.items() if k != "evidence"}


def test_store_unknown_value_raises(db):
    with strife.Store(db[0]) as store, pytest.raises(strife.UnknownValue, match="did you mean Syria"):
        store.events(country="Syrai")


def test_corrections_show_in_cli_events_show_exports_and_library(db, tmp_path):
    path, eid = db
    row = next(r for r in _cli_json(path) if r["event_id_cnty"] == eid)
    assert row["fatalities"] == 99 and row["location"] == "Corrected Place"
    out = tmp_path / "e.csv"
    assert CliRunner().invoke(app, ["--db", str(path), "events", "-f", "csv", "-o", str(out)]).exit_code == 0
    assert "Corrected Place" in out.read_text(encoding="utf-8")
    shown = CliRunner().invoke(app, ["--db", str(path), "show", eid])
    assert shown.exit_code == 0 and "Corrected Place" in shown.stdout
    with strife.Store(path) as store:
        event = store.event(eid)
        assert event["fatalities"] == 99 and event["coded"]["location"] != "Corrected Place"
        assert next(r for r in store.events() if r["event_id_cnty"] == eid)["fatalities"] == 99


@pytest.mark.slow
def test_extract_returns_the_pipeline_events(founding_path, pipeline, monkeypatch):
    from strife.library import extract
    from strife.model import Article

    monkeypatch.setattr("strife.library._pipeline", pipeline)  # the session's loaded pipeline
    text = founding_path.read_text(encoding="utf-8")
    events = strife.extract(text, published="2017-09-14")
    assert events and all(isinstance(e, strife.EventRecord) and e.evidence for e in events)
    assert not any(e.background for e in events)
    article = next(a for a in __import__("strife.sources", fromlist=["read_text"]).read_text(
        text, published=date(2017, 9, 14)) if isinstance(a, Article))
    coded = pipeline.process(article)
    assert [e.event_id_cnty for e in events] == [e.event_id_cnty for e in coded.events if not e.background]
    assert len(extract(text, published=date(2017, 9, 14), background=True)) == len(coded.events)
    assert date(2017, 9, 14) in {e.event_date for e in events}  # "on Thursday", anchored on published


def test_cli_json_and_geojson_carry_evidence(db, tmp_path):
    path, _ = db
    rows = _cli_json(path)
    assert rows and all(r["evidence"] for r in rows)
    gj = tmp_path / "e.geojson"
    assert CliRunner().invoke(app, ["--db", str(path), "events", "-f", "geojson", "-o", str(gj)]).exit_code == 0
    assert all(f["properties"]["evidence"] for f in json.loads(gj.read_text(encoding="utf-8"))["features"])
