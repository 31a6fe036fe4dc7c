"""Say what happened: unknown country/admin1/type values are errors naming the closest valid
values, in the store, the CLI (one line, exit 2) and the API (422); countries by name, ISO2,
ISO3 or ISO numeric; zero results said on stderr."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from strife.api import ApiConfig, create_app
from strife.cli.main import app
from strife.store import EventFilter, Store
from strife.store.queries import UnknownValue, count_events
from strife.store.vocabulary import closest, fold


def test_fold_and_closest():
    assert fold("Deir-ez-Zôr") == "deir ez zor"
    assert closest("Syrai", ["Syria", "Iraq", "Spain"])[0] == "Syria"
    assert closest("zzzzzz", ["Syria", "Iraq"]) == []


@pytest.mark.parametrize("value", ["Syria", "syria", "SY", "SYR", "syr", "760"])
def test_country_by_name_iso2_iso3_numeric(small_store, value):
    with Store(small_store, read_only=True) as store:
        n = count_events(store.con, EventFilter(country=value))
        assert n == count_events(store.con, EventFilter(country="Syria")) > 0


@pytest.mark.parametrize("field,value,suggestion", [
    ("country", "Syrai", "Syria"), ("type", "Airstrike", "Air/drone strike"),
    ("admin1", "Dayr az Zawr", "Deir-ez-Zor"),
])
def test_unknown_values_suggest_the_closest(small_store, field, value, suggestion):
    with Store(small_store, read_only=True) as store, pytest.raises(UnknownValue) as err:
        count_events(store.con, EventFilter(**{field: value}))
    assert suggestion in err.value.suggestions
    assert f"did you mean {suggestion}" in str(err.value)


def test_admin1_and_type_ignore_case_and_punctuation(small_store):
    with Store(small_store, read_only=True) as store:
        exact = count_events(store.con, EventFilter(admin1="Deir-ez-Zor"))
        assert exact > 0 and count_events(store.con, EventFilter(admin1="deir ez zor")) == exact
        battles = count_events(store.con, EventFilter(type="Battles"))
        assert battles > 0 and count_events(store.con, EventFilter(type="battles")) == battles


def test_cli_unknown_value_is_one_line_and_exit_2(small_store):
    result = CliRunner().invoke(app, ["--db", str(small_store), "events", "--country", "Syrai"])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "did you mean Syria?" in lines[0]


def test_cli_invalid_value_is_one_readable_line(small_store):
    result = CliRunner().invoke(app, ["--db", str(small_store), "events", "--since", "2017-13-01"])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: invalid filter: since")
    assert "http" not in result.output  # no pydantic help links


def test_cli_zero_results_say_so(small_store):
    result = CliRunner().invoke(app, ["--db", str(small_store), "events", "--country", "Iraq",
                                      "--since", "2030-01-01", "-f", "csv"])
    assert result.exit_code == 0
    assert "no events match these filters" in result.stderr
    assert result.stdout.count("\n") == 1  # the CSV header only


def test_api_unknown_value_is_422_with_suggestion(small_store):
    with TestClient(create_app(ApiConfig(db=str(small_store)))) as client:
        for path in ("/events", "/events.csv", "/events.geojson", "/stats"):
            r = client.get(path, params={"country": "Syrai"})
            assert r.status_code == 422, path
            detail = r.json()["detail"][0]
            assert detail["loc"] == ["query", "country"] and "Syria" in detail["suggestions"]
            assert "did you mean Syria?" in detail["msg"]
        assert client.get("/events", params={"country": "SYR", "count": True}).json()["count"] > 0


def test_alert_rule_for_a_region_not_yet_in_the_store_matches_nothing(small_store):
    from strife.store.watch import matching_events

    with Store(small_store, read_only=True) as store:
        ids = [r[0] for r in store.con.execute("SELECT event_id_cnty FROM events").fetchall()]
        assert matching_events(store.con, EventFilter(admin1="Kherson"), ids) == []
        some = store.con.execute("SELECT admin1 FROM events LIMIT 1").fetchone()[0]
        assert matching_events(store.con, EventFilter(admin1=some), ids)
