"""GET endpoints: filters, cursor paging, evidence, exports, stats, actors, headers."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strife.model import ACLED_COLUMNS
from strife.store.export import EXTRA_COLUMNS
from strife.store.synthetic import ACTORS, KINDS, PLACES


def ids(events):
    return [e["event_id_cnty"] for e in events]


def test_list_is_newest_first_with_count(client, all_events):
    body = client.get("/events", params={"limit": 5, "count": True}).json()
    assert body["count"] == len(all_events)
    assert len(body["events"]) == 5 and body["next_cursor"]
    dates = [e["event_date"] for e in all_events]
    assert dates == sorted(dates, reverse=True)
    assert "count" not in client.get("/events", params={"limit": 1}).json()


@pytest.mark.parametrize("sort", ["-date", "date", "-fatalities", "fatalities"])
def test_cursor_pages_cover_everything_once(client, all_events, sort):
    seen, cursor = [], None
    for _ in range(100):
        params = {"limit": 7, "sort": sort, "evidence": False}
        if cursor:
            params["cursor"] = cursor
        body = client.get("/events", params=params).json()
        seen += body["events"]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert sorted(ids(seen)) == sorted(ids(all_events))
    assert len(set(ids(seen))) == len(seen)
    key = "event_date" if sort.endswith("date") else "fatalities"
    values = [e[key] for e in seen]
    assert values == sorted(values, reverse=sort.startswith("-"))


def matches(e: dict, f: dict) -> bool:
    if f.get("country") and e["country"].lower() != f["country"].lower():
        return False
    if f.get("admin1") and e["admin1"].lower() != f["admin1"].lower():
        return False
    if f.get("type") and f["type"].lower() not in (e["event_type"].lower(), e["sub_event_type"].lower()):
        return False
    if f.get("actor") and not any(f["actor"].lower() in (a or "").lower()
                                  for a in (e["actor1"], e["actor2"])):
        return False
    if f.get("since") and e["event_date"] < f["since"]:
        return False
    if f.get("until") and e["event_date"] > f["until"]:
        return False
    if f.get("bbox"):
        x0, y0, x1, y1 = (float(v) for v in f["bbox"].split(","))
        if not (x0 <= e["longitude"] <= x1 and y0 <= e["latitude"] <= y1):
            return False
    return True


def fetch_all(client, params: dict) -> dict:
    r = client.get("/events", params={**params, "limit": 10_000, "count": True, "evidence": False})
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.parametrize("flt", [
    {"country": "Syria"}, {"country": "iraq"}, {"country": "760"}, {"admin1": "Ninewa"},
    {"type": "Battles"}, {"type": "air/drone strike"}, {"actor": "islamic"},
    {"since": "2017-09-10", "until": "2017-09-20"}, {"bbox": "38,34,41,37"},
    {"country": "Syria", "type": "Explosions/Remote violence", "since": "2017-09-05"},
])
def test_filters_match_python(client, all_events, flt):
    body = fetch_all(client, flt)
    expected = [e for e in all_events if matches(e, {k: v for k, v in flt.items() if k != "country"
                                                     or not v.isdigit()})]
    if flt.get("country", "").isdigit():
        expected = [e for e in all_events if e["iso"] == int(flt["country"])]
    assert sorted(ids(body["events"])) == sorted(ids(expected))
    assert body["count"] == len(expected)


def test_text_plover_and_min_sources(client, all_events):
    assert fetch_all(client, {"text": "Tikrit"})["count"] == sum("Tikrit" in e["notes"] for e in all_events)
    # evidence text is searched too: the date evidence ("September 3, 2017") is not in the notes
    assert fetch_all(client, {"text": "September"})["count"] == len(all_events)
    assert fetch_all(client, {"plover": "assault"})["count"] == sum(
        e["plover_type"] == "ASSAULT" for e in all_events)
    assert fetch_all(client, {"min_sources": 2})["count"] == 0


places = st.sampled_from([None] + [p[2] for p in PLACES])
types = st.sampled_from([None] + [k[0] for k in KINDS] + [k[1] for k in KINDS])
days = st.one_of(st.none(), st.dates(date(2017, 8, 25), date(2017, 10, 5)).map(date.isoformat))
actors = st.sampled_from([None] + [a.split()[0] for a in ACTORS])
bboxes = st.one_of(st.none(), st.tuples(st.floats(30, 46), st.floats(10, 38), st.floats(0, 8),
                                        st.floats(0, 8)).map(
    lambda t: f"{t[0]:.3f},{t[1]:.3f},{t[0] + t[2]:.3f},{t[1] + t[3]:.3f}"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(country=places, type_=types, since=days, until=days, actor=actors, bbox=bboxes)
def test_any_filter_combination(client, all_events, country, type_, since, until, actor, bbox):
    flt = {k: v for k, v in {"country": country, "type": type_, "since": since, "until": until,
                             "actor": actor, "bbox": bbox}.items() if v is not None}
    r = client.get("/events", params={**flt, "limit": 10_000, "count": True, "evidence": False})
    if since and until and since > until:
        assert r.status_code == 422
        return
    assert r.status_code == 200, r.text
    expected = [e for e in all_events if matches(e, flt)]
    assert sorted(ids(r.json()["events"])) == sorted(ids(expected))
    assert r.json()["count"] == len(expected)


@pytest.mark.parametrize("params", [
    {"bogus": "1"}, {"limit": 0}, {"limit": 10_001}, {"bbox": "1,2,3"}, {"bbox": "10,10,5,5"},
    {"bbox": "0,0,200,10"}, {"bbox": "a,b,c,d"}, {"since": "2017-13-01"},
    {"since": "2017-09-20", "until": "2017-09-01"}, {"sort": "notes"}, {"min_sources": 0},
    {"cursor": "not a cursor!"}, {"cursor": "WyJ4Il0="}, {"country": "x" * 101},
    {"text": "y" * 501},
])
def test_bad_parameters_are_422(client, params):
    r = client.get("/events", params=params)
    assert r.status_code == 422, r.text
    assert r.json()["detail"]


def test_cursor_of_another_sort_is_rejected(client):
    cursor = client.get("/events", params={"limit": 2}).json()["next_cursor"]
    r = client.get("/events", params={"limit": 2, "cursor": cursor, "sort": "fatalities"})
    assert r.status_code == 422


def test_event_detail_has_evidence_reports_and_sentences(client, all_events):
    e = client.get(f"/events/{all_events[0]['event_id_cnty']}").json()
    assert e["reports"] and e["evidence"]
    rep = e["reports"][0]
    assert rep["url"].startswith("https://") and rep["sentence"]
    fields = {v["field"] for v in e["evidence"]}
    assert {"actor1", "actor2", "event_type", "location", "fatalities"} <= fields
    for v in e["evidence"]:
        a, b = v["start"] - rep["sentence_start"], v["end"] - rep["sentence_start"]
        if v["field"] != "event_date":
            assert rep["sentence"][a:b] == v["text"]
    assert e["actor1"] in rep["sentence"]


def test_event_detail_errors(client):
    assert client.get("/events/ev0000000000000000").status_code == 404
    assert client.get("/events/bad id;--").status_code == 422
    assert client.get("/events/" + "a" * 101).status_code == 422


def test_geojson_and_csv(client, all_events):
    gj = client.get("/events.geojson", params={"limit": 10_000}).json()
    assert gj["type"] == "FeatureCollection"
    assert len(gj["features"]) == sum(e["latitude"] is not None for e in all_events)
    f = gj["features"][0]
    assert f["geometry"]["type"] == "Point" and f["properties"]["evidence"]
    r = client.get("/events.csv", params={"country": "Syria", "limit": 10_000})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert tuple(rows[0]) == ACLED_COLUMNS + EXTRA_COLUMNS
    assert len(rows) - 1 == sum(e["country"] == "Syria" for e in all_events)
    capped = list(csv.reader(io.StringIO(client.get("/events.csv", params={"limit": 3}).text)))
    assert len(capped) == 4  # header + the 3 asked for
    everything = list(csv.reader(io.StringIO(client.get("/events.csv").text)))
    assert len(everything) - 1 == len(all_events)  # no limit: every matching row


def test_stats_and_actors(client, all_events):
    s = client.get("/stats").json()
    assert s["events"] == len(all_events)
    assert s["fatalities"] == sum(e["fatalities"] for e in all_events)
    assert sum(r["events"] for r in s["by_day"]) == len(all_events)
    assert sum(r["events"] for r in s["by_country"]) == len(all_events)
    assert s["first_date"] == min(e["event_date"] for e in all_events)
    syria = client.get("/stats", params={"country": "Syria"}).json()
    assert syria["events"] == sum(e["country"] == "Syria" for e in all_events)
    assert client.get("/stats", params={"limit": 5}).status_code == 422
    a = client.get("/actors", params={"limit": 3, "dyads": 500}).json()
    assert len(a["actors"]) == 3
    assert sum(d["events"] for d in a["dyads"]) == len(all_events)
    assert client.get("/actors", params={"limit": 0}).status_code == 422


def test_openapi_is_published_and_read_only(client):
    spec = client.get("/openapi.json").json()
    for path in ("/events", "/events/{event_id}", "/events.geojson", "/events.csv", "/stats", "/actors"):
        assert path in spec["paths"]
    methods = {m for p in spec["paths"].values() for m in p}
    assert methods == {"get"}
    assert client.post("/articles", json={}).status_code in (404, 405)
    assert client.post("/events/x/corrections", json={}).status_code in (404, 405)


def test_security_headers(client):
    for path in ("/", "/events", "/static/dashboard.js"):
        h = client.get(path).headers
        csp = h["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert h["x-content-type-options"] == "nosniff"
        assert h["x-frame-options"] == "DENY"


def test_concurrent_requests_each_get_their_own_cursor(client, all_events):
    from concurrent.futures import ThreadPoolExecutor

    queries = [{"country": "Syria"}, {"type": "Battles"}, {"bbox": "38,34,41,37"}, {"text": "Aden"}]
    expected = {i: fetch_all(client, q)["count"] for i, q in enumerate(queries)}

    def one(i: int) -> tuple[int, int]:
        q = queries[i % len(queries)]
        return i % len(queries), client.get("/events", params={**q, "count": True, "limit": 3}).json()["count"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, range(64)))
    assert all(count == expected[i] for i, count in results)


def test_audit_is_served_with_the_stats(client, all_events):
    body = client.get("/stats/audit").json()
    assert body["totals"]["events"] == len(all_events)
    lines = {line["key"]: line for line in body["lines"]}
    no_actor = [e["event_id_cnty"] for e in all_events if not e["actor1"]]
    assert lines["no_actor1"]["count"] == len(no_actor)
    assert set(lines["no_actor1"]["ids"]) <= set(no_actor) and len(lines["no_actor1"]["ids"]) <= 5
