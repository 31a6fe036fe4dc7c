"""Issue #6's test: the founding example and a team-written rewrite of it from another outlet
(`lk24` in tests/data/linking) are two sources of the same eight events."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strife.cli.main import app

pytestmark = pytest.mark.slow

LINKING = Path(__file__).resolve().parents[1] / "data" / "linking"


@pytest.fixture(scope="module")
def rewrite(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rewrite") / "lk24.jsonl"
    with open(LINKING / "reports.jsonl", encoding="utf-8") as fh:
        [line] = [ln for ln in fh if json.loads(ln)["id"] == "lk24"]
    path.write_text(line, encoding="utf-8")
    return path


def _canonical(db):
    result = CliRunner().invoke(app, ["--db", str(db), "events", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _ingest(db, *paths):
    result = CliRunner().invoke(app, ["--db", str(db), "ingest", *map(str, paths)])
    assert result.exit_code == 0, result.output


def test_founding_example_and_rewrite_are_one_set_of_events(tmp_path, founding_path, rewrite, pipeline):
    alone = tmp_path / "alone.duckdb"
    _ingest(alone, founding_path)
    both = tmp_path / "both.duckdb"
    _ingest(both, founding_path, rewrite)
    events = _canonical(both)
    assert len(events) == len(_canonical(alone)) == 8
    assert [e["source_count"] for e in events] == [2] * 8
    for e in events:  # every canonical event keeps the evidence of both articles
        assert len({v["article_id"] for v in e["evidence"]}) == 2, e["sub_event_type"]


def test_incremental_and_rebuilt_links_agree(tmp_path, founding_path, rewrite, pipeline):
    db = tmp_path / "inc.duckdb"
    _ingest(db, founding_path)
    _ingest(db, rewrite)  # a second batch links against what is stored
    incremental = sorted((e["event_id_cnty"], e["source_count"]) for e in _canonical(db))
    result = CliRunner().invoke(app, ["--db", str(db), "link", "--rebuild"])
    assert result.exit_code == 0, result.output
    rebuilt = sorted((e["event_id_cnty"], e["source_count"]) for e in _canonical(db))
    assert incremental == rebuilt and len(rebuilt) == 8
