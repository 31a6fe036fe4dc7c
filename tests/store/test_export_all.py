"""Every row reachable: a 25,000-event store exported through the CLI and the API gives
25,000 rows, typed Parquet, and JSON pages that carry a total and a next link."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from strife.api import ApiConfig, create_app
from strife.cli.main import app
from strife.store import EventFilter, Store
from strife.store.export import COLUMNS
from strife.store.queries import count_events, iter_events
from strife.store.synthetic import fill_bulk

N = 25_000


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "big.duckdb"
    with Store(path) as store, store.transaction() as con:
        fill_bulk(con, N)
    return path


def _cli(big, *args):
    return CliRunner().invoke(app, ["--db", str(big), "events", *args])


def test_cli_csv_file_has_every_row(big, tmp_path):
    out = tmp_path / "all.csv"
    result = _cli(big, "-f", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) - 1 == N
    assert len({r[0] for r in rows[1:]}) == N  # every event once
    assert f"{N} events written" in result.output


def test_cli_stdout_and_limit(big):
    result = _cli(big, "-f", "csv", "--country", "SYR")
    assert result.exit_code == 0
    with Store(big, read_only=True) as store:
        syria = count_events(store.con, EventFilter(country="Syria"))
    assert 0 < syria < N
    assert len(list(csv.reader(io.StringIO(result.stdout)))) - 1 == syria
    capped = _cli(big, "-f", "json", "--limit", "12345")
    assert len(json.loads(capped.stdout)) == 12345


def test_cli_geojson_and_parquet_have_every_row(big, tmp_path):
    gj = tmp_path / "all.geojson"
    assert _cli(big, "-f", "geojson", "-o", str(gj)).exit_code == 0
    assert len(json.loads(gj.read_text(encoding="utf-8"))["features"]) == N
    pq_path = tmp_path / "all.parquet"
    assert _cli(big, "-f", "parquet", "-o", str(pq_path)).exit_code == 0
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(pq_path)
    assert table.num_rows == N
    assert table.schema.field("event_date").type == pa.date32()
    assert table.schema.field("fatalities").type == pa.int64()
    assert table.schema.field("latitude").type == pa.float64()
    assert table.schema.field("background").type == pa.bool_()
    assert not [f.name for f in table.schema if pa.types.is_null(f.type)]


def test_table_view_says_how_many_it_shows(big):
    result = _cli(big)
    assert result.exit_code == 0
    assert f"showing 100 of {N} events" in result.stdout


def test_api_streams_every_row(big):
    with TestClient(create_app(ApiConfig(db=str(big)))) as client:
        r = client.get("/events.csv")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        assert len(list(csv.reader(io.StringIO(r.text)))) - 1 == N
        gj = client.get("/events.geojson", params={"evidence": False})
        assert gj.headers["content-type"].startswith("application/geo+json")
        assert len(gj.json()["features"]) == N
        assert len(list(csv.reader(io.StringIO(client.get("/events.csv", params={"limit": 30_000}).text)))) - 1 == N


def test_api_json_pages_carry_total_and_next(big):
    with TestClient(create_app(ApiConfig(db=str(big)))) as client:
        url, seen, total = "/events?limit=10000&evidence=false&country=Iraq", [], None
        while url:
            body = client.get(url).json()
            total = body["total"]
            seen += [e["event_id_cnty"] for e in body["events"]]
            url = body["next"]
            assert (url is None) == (body["next_cursor"] is None)
        assert len(seen) == len(set(seen)) == total > 0


def test_iter_events_holds_one_page_at_a_time(big):
    with Store(big, read_only=True) as store:
        it = iter_events(store.con, EventFilter(), page=500)
        first = [next(it) for _ in range(3)]
        assert len(first) == 3 and it.gi_frame is not None  # a generator, not a list
        assert sum(1 for _ in it) == N - 3
