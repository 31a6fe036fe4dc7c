"""Write endpoints: bearer token, corrections as an audit trail, ingest through the pipeline."""

from __future__ import annotations

import pytest


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def first_id(client) -> str:
    return client.get("/events", params={"limit": 1}).json()["events"][0]["event_id_cnty"]


@pytest.mark.parametrize("header", [None, "Bearer wrong-token-0123456789", "Basic dGVzdA==", "Bearer", ""])
def test_writes_need_the_token(write_client, header):
    eid = first_id(write_client)
    headers = {"Authorization": header} if header is not None else {}
    r = write_client.post(f"/events/{eid}/corrections", headers=headers,
                          json={"field": "fatalities", "value": "3", "author": "x"})
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert write_client.post("/articles", headers=headers, json={"articles": []}).status_code == 401


def test_correction_overlays_and_keeps_the_original(write_client, token):
    eid = first_id(write_client)
    coded = write_client.get(f"/events/{eid}").json()
    r = write_client.post(f"/events/{eid}/corrections", headers=auth(token),
                          json={"field": "fatalities", "value": "99", "author": "analyst1",
                                "reason": "hospital report"})
    assert r.status_code == 201, r.text
    assert r.json()["correction"]["old_value"] == str(coded["fatalities"])
    r2 = write_client.post(f"/events/{eid}/corrections", headers=auth(token),
                           json={"field": "fatalities", "value": "100", "author": "analyst2"})
    assert r2.json()["correction"]["old_value"] == "99"
    shown = write_client.get(f"/events/{eid}").json()
    assert shown["fatalities"] == 100
    assert shown["coded"] == {"fatalities": coded["fatalities"]}
    trail = shown["corrections"]
    assert [(c["author"], c["old_value"], c["new_value"]) for c in trail] == [
        ("analyst1", str(coded["fatalities"]), "99"), ("analyst2", "99", "100")]
    assert all(c["created_at"] for c in trail)
    listed = write_client.get("/events", params={"limit": 1000}).json()["events"]
    assert next(e for e in listed if e["event_id_cnty"] == eid)["fatalities"] == 100
    # the coded row itself is untouched
    con = write_client.app.state.db.cursor()
    try:
        raw = con.execute("SELECT fatalities FROM events WHERE event_id_cnty = ?", [eid]).fetchone()[0]
    finally:
        con.close()
    assert raw == coded["fatalities"]


@pytest.mark.parametrize("body,status", [
    ({"field": "event_id_cnty", "value": "x", "author": "a"}, 422),
    ({"field": "fatalities", "value": "many", "author": "a"}, 422),
    ({"field": "latitude", "value": "123", "author": "a"}, 422),
    ({"field": "event_date", "value": "2017-02-30", "author": "a"}, 422),
    ({"field": "fatalities", "value": "1"}, 422),
    ({"field": "fatalities", "value": "1", "author": "a", "extra": 1}, 422),
    ({"field": "actor1", "value": "Someone'); DROP TABLE events; --", "author": "a"}, 201),
])
def test_correction_validation(write_client, token, body, status):
    eid = first_id(write_client)
    r = write_client.post(f"/events/{eid}/corrections", headers=auth(token), json=body)
    assert r.status_code == status, r.text
    assert write_client.get("/stats").json()["events"] == 12


def test_correction_of_unknown_event(write_client, token):
    r = write_client.post("/events/ev0000000000000000/corrections", headers=auth(token),
                          json={"field": "fatalities", "value": "1", "author": "a"})
    assert r.status_code == 404


def test_ingest_article(write_client, token):
    fakes = pytest.importorskip("fakes", reason="tests/fakes.py (FakePipeline) not on the path")
    write_client.app.state.pipeline = fakes.FakePipeline()
    body = {"articles": [{"text": "strike in Raqqa on 2017-06-01 killing 4 by Islamic State.",
                          "title": "<script>alert(1)</script>", "url": "https://example.org/a",
                          "source": "Wire C", "published": "2017-06-02"}]}
    r = write_client.post("/articles", headers=auth(token), json=body)
    assert r.status_code == 201, r.text
    assert r.json()["stored"] == 1 and r.json()["reports"] == 1
    found = write_client.get("/events", params={"since": "2017-06-01", "until": "2017-06-01"}).json()
    assert len(found["events"]) == 1 and found["events"][0]["fatalities"] == 4
    again = write_client.post("/articles", headers=auth(token), json=body).json()
    assert again["already_stored"] == 1 and again["stored"] == 0
    bad = write_client.post("/articles", headers=auth(token),
                            json={"articles": [{"text": "x", "url": "javascript:alert(1)"}]})
    assert bad.status_code == 422
