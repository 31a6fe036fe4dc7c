"""Background events are stored but hidden unless asked for (one filter: EventFilter)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from strife.api import ApiConfig, create_app
from strife.linking.events import LinkRule, pair_score
from strife.model import Article, CodedArticle, EventRecord, ParsedArticle
from strife.store import EventFilter, Store
from strife.store.queries import count_events
from strife.store.records import insert_article, upsert_events


def _event(i: int, background: bool) -> tuple[Article, EventRecord]:
    text = f"Report {i}: rebels took the town."
    a = Article(text=text, published=date(2017, 9, 14))
    ev = EventRecord(article_id=a.id, sentence_index=0, trigger_start=text.index("took"),
                     trigger_end=text.index("took") + 4, trigger="took", event_date=date(2013, 5, 1),
                     time_precision=3, event_type="Battles", sub_event_type="Armed clash",
                     disorder_type="Political violence", country="Syria", latitude=35.0, longitude=40.0,
                     geo_precision=1, background=background)
    ev.canonical_id = ev.event_id_cnty
    return a, ev


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("bg") / "s.duckdb"
    with Store(path) as store, store.transaction():
        for i, bg in enumerate([False, True, True]):
            a, ev = _event(i, bg)
            insert_article(store.con, CodedArticle(ParsedArticle(a, None), [ev]))
            upsert_events(store.con, [ev])
    return path


def test_the_filter_hides_background_unless_asked(db):
    with Store(db) as store:
        assert count_events(store.con, EventFilter()) == 1
        assert count_events(store.con, EventFilter(background=True)) == 3


def test_the_api_and_cli_follow_the_filter(db):
    with TestClient(create_app(ApiConfig(db=str(db)))) as client:
        assert len(client.get("/events").json()["events"]) == 1
        assert len(client.get("/events", params={"background": "true"}).json()["events"]) == 3
    from strife.cli.main import app

    shown = CliRunner().invoke(app, ["--db", str(db), "events", "--format", "json"])
    everything = CliRunner().invoke(app, ["--db", str(db), "events", "--format", "json", "--background"])
    assert len(json.loads(shown.output)) == 1 and len(json.loads(everything.output)) == 3


def test_linking_never_merges_history_into_news():
    (_, news), (_, history) = _event(0, False), _event(1, True)
    assert pair_score(news, history, LinkRule()) is None
    _, other_history = _event(2, True)
    assert pair_score(history, other_history, LinkRule()) is not None


@pytest.mark.slow
def test_ingest_says_how_many_were_set_aside(tmp_path, pipeline):
    """The bundled Raqqa page recalls the June assault and months of fighting."""
    from pathlib import Path

    from strife.cli.main import app

    page = Path(__file__).resolve().parents[2] / "examples" / "raqqa-sdf-last-positions.html"
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(app, ["--db", str(db), "ingest", str(page), "--export", str(tmp_path / "x")])
    assert result.exit_code == 0, result.output
    assert "set aside as background" in result.output
    exported = json.loads((tmp_path / "x" / "events.json").read_text(encoding="utf-8"))
    assert exported and not any(e["background"] for e in exported)
    kept = CliRunner().invoke(app, ["--db", str(db), "events", "--format", "json", "--background"])
    assert any(e["background"] for e in json.loads(kept.output))
