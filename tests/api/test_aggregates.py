"""The aggregate endpoints the dashboard draws from follow the same filters as /events."""

from __future__ import annotations

from collections import Counter

import pytest


def every(client, **params) -> list[dict]:
    body = client.get("/events", params={"limit": 10_000, "evidence": False, **params}).json()
    assert body["next_cursor"] is None
    return body["events"]


@pytest.mark.parametrize("params", [{}, {"country": "Iraq"}, {"type": "Battles", "actor": "houthi"}])
def test_places_timeline_and_dyads_match_the_event_list(client, params):
    events = every(client, **params)
    places = client.get("/stats/places", params=params).json()
    assert sum(p["events"] for p in places["places"]) + places["unlocated"] == len(events)
    assert {p["admin1"]: p["events"] for p in places["places"]} == dict(Counter(e["admin1"] for e in events))
    tl = client.get("/stats/timeline", params=params).json()
    assert tl["bin"] == "day"
    assert {b["start"]: b["events"] for b in tl["bins"]} == dict(Counter(e["event_date"] for e in events))
    assert client.get("/stats/timeline", params={**params, "bin": "month"}).json()["bin"] == "month"
    dyads = client.get("/stats/dyads", params=params).json()["dyads"]
    assert Counter({(d["actor1"], d["actor2"]): d["events"] for d in dyads}) == \
        Counter((e["actor1"], e["actor2"]) for e in events)


def test_places_by_location_in_a_box(client):
    bbox = "38.0,34.0,41.0,37.0"
    events = [e for e in every(client, bbox=bbox) if e["location"]]
    body = client.get("/stats/places", params={"by": "location", "bbox": bbox}).json()
    assert Counter({p["location"]: p["events"] for p in body["places"]}) == Counter(e["location"] for e in events)
    top = client.get("/stats/places", params={"by": "location", "bbox": bbox, "limit": 1}).json()["places"]
    assert [p["location"] for p in top] == [Counter(e["location"] for e in events).most_common(1)[0][0]]


def test_dyad_filter_is_exact(client):
    top = client.get("/stats/dyads", params={"limit": 1}).json()["dyads"][0]
    body = client.get("/events", params={"actor1": top["actor1"], "actor2": top["actor2"], "count": True}).json()
    assert body["count"] == top["events"]
    assert client.get("/events", params={"actor1": top["actor1"][:5], "count": True}).json()["count"] == 0


def test_actor_page(client):
    name = client.get("/stats/dyads", params={"limit": 1}).json()["dyads"][0]["actor1"]
    body = client.get("/stats/actor", params={"name": name}).json()
    mine = [e for e in every(client) if name in (e["actor1"], e["actor2"])]
    assert body["events"] == len(mine)
    assert sum(c["events"] for c in body["counterparts"]) == len(mine)
    assert sum(b["events"] for b in body["timeline"]["bins"]) == len(mine)
    bad = client.get("/stats/actor", params={"name": name[:-1]})
    assert bad.status_code == 422
    assert name in bad.json()["detail"][0]["msg"]


@pytest.mark.parametrize("path", ["/stats/places", "/stats/timeline", "/stats/dyads"])
def test_unknown_values_are_422_with_a_suggestion(client, path):
    r = client.get(path, params={"country": "Syrai"})
    assert r.status_code == 422
    assert "Syria" in r.json()["detail"][0]["msg"]


@pytest.mark.parametrize("sort", ["type", "-admin1", "actor2", "-sources", "country"])
def test_table_sorts_page_by_cursor(client, sort):
    want = every(client, sort=sort)
    seen, cursor = [], None
    while True:
        params = {"limit": 9, "sort": sort, "evidence": False, **({"cursor": cursor} if cursor else {})}
        body = client.get("/events", params=params).json()
        seen += body["events"]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert [e["event_id_cnty"] for e in seen] == [e["event_id_cnty"] for e in want]
    assert len({e["event_id_cnty"] for e in seen}) == len(seen)
    # a cursor of a text sort is refused by a number sort
    first = client.get("/events", params={"limit": 2, "sort": sort}).json()["next_cursor"]
    other = "fatalities" if sort.lstrip("-") in ("type", "admin1", "actor2", "country") else "type"
    assert client.get("/events", params={"sort": other, "cursor": first}).status_code == 422


def test_openapi_declares_models_and_media_types(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert "text/csv" in paths["/events.csv"]["get"]["responses"]["200"]["content"]
    assert "application/geo+json" in paths["/events.geojson"]["get"]["responses"]["200"]["content"]
    for path in ("/events", "/stats/places", "/stats/timeline", "/stats/dyads", "/stats/actor", "/stats/overview"):
        content = paths[path]["get"]["responses"]["200"]["content"]
        assert "$ref" in content["application/json"]["schema"], path
    assert "event_date" in spec["components"]["schemas"]["Event"]["properties"]


@pytest.mark.parametrize("params", [{}, {"country": "Syria", "since": "2017-09-05", "until": "2017-09-20"},
                                    {"text": "Mosul"}])
def test_overview_is_the_three_aggregates_in_one(client, params):
    body = client.get("/stats/overview", params={**params, "dyads": 1000}).json()
    assert body["places"] == client.get("/stats/places", params=params).json()
    whole = {k: v for k, v in params.items() if k not in ("since", "until")}
    assert body["timeline"] == client.get("/stats/timeline", params=whole).json()
    assert body["dyads"] == client.get("/stats/dyads", params={**params, "limit": 1000}).json()["dyads"]


def test_responses_fit_their_declared_models(client, all_events):
    from strife.api import models

    eid = all_events[0]["event_id_cnty"]
    detail = models.EventDetail.model_validate(client.get(f"/events/{eid}").json())
    assert detail.reports and detail.evidence
    models.Stats.model_validate(client.get("/stats").json())
    models.Actors.model_validate(client.get("/actors").json())
    models.EventsPage.model_validate(client.get("/events", params={"limit": 5}).json())
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/events/{event_id}", "/stats", "/actors"):
        assert "$ref" in paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"], path
