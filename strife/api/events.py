"""Read-only endpoints: events (JSON, GeoJSON, CSV), one event with its evidence, stats, audit, actors."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response

from strife.api.params import EVENT_ID_PATTERN, ActorParams, EventParams, FilterParams
from strife.store import queries
from strife.store import watch as watch_state
from strife.store.audit import audit
from strife.store.db import snapshot
from strife.store.corrections import overlay
from strife.store.export import to_csv, to_geojson

router = APIRouter()


def cursor(request: Request):
    """A DuckDB cursor for one request, reading one snapshot of the store, closed afterwards."""
    cur = request.app.state.db.cursor()
    try:
        with snapshot(cur):
            yield cur
    finally:
        cur.close()


Con = Annotated[object, Depends(cursor)]


def _page(con, params: EventParams, with_evidence: bool) -> tuple[list[dict], str | None]:
    flt = params.to_filter()
    events, next_cursor = queries.query_events(con, flt, with_evidence=with_evidence)
    overlay(con, events)
    return events, next_cursor


@router.get("/events", summary="Events matching the filters, one page at a time")
def list_events(con: Con, params: Annotated[EventParams, Query()]) -> Response:
    """Canonical events, newest first by default.  Pass ``next_cursor`` back as ``cursor``
    (with the same filters and sort) for the next page; it is null on the last page."""
    events, next_cursor = _page(con, params, params.evidence)
    out = {"events": events, "next_cursor": next_cursor}
    if params.count:
        out["count"] = queries.count_events(con, params.to_filter())
    return _json(out, "application/json")


@router.get("/events.geojson", summary="Events with coordinates as a GeoJSON FeatureCollection")
def events_geojson(con: Con, params: Annotated[EventParams, Query()]) -> Response:
    events, next_cursor = _page(con, params, params.evidence)
    body = to_geojson(events)
    body["next_cursor"] = next_cursor
    return _json(body, "application/geo+json")


@router.get("/events.csv", summary="Events as CSV in ACLED column order")
def events_csv(con: Con, params: Annotated[EventParams, Query()]) -> Response:
    events, next_cursor = _page(con, params, with_evidence=False)
    buf = io.StringIO()
    to_csv(events, buf)
    headers = {"Content-Disposition": 'attachment; filename="strife-events.csv"'}
    if next_cursor:
        headers["X-Next-Cursor"] = next_cursor
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/events/{event_id}", summary="One event with its evidence spans, reports and corrections")
def show_event(con: Con, event_id: Annotated[str, Path(pattern=EVENT_ID_PATTERN)]) -> dict:
    event = queries.get_event(con, event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id}")
    overlay(con, [event])
    return event


@router.get("/stats", summary="Counts and fatalities by day, week, type, admin1 and country")
def event_stats(con: Con, params: Annotated[FilterParams, Query()]) -> dict:
    flt = params.to_filter()
    out = queries.stats(con, flt)
    where, args = flt.where(con)
    rows = con.execute(
        f"SELECT e.country, count(*), coalesce(sum(e.fatalities), 0) FROM events e WHERE {where} "
        "GROUP BY e.country ORDER BY count(*) DESC, e.country NULLS LAST", args).fetchall()
    out["by_country"] = [{"key": k, "events": n, "fatalities": f} for k, n, f in rows]
    out["first_date"], out["last_date"] = _date_range(out["by_day"])
    out["sources"] = watch_state.freshness(con)
    return out


@router.get("/alerts.atom", summary="Alerts fired by saved rules, newest first (Atom 1.0)",
            response_class=Response, responses={200: {"content": {"application/atom+xml": {}}}})
def alerts_atom(con: Con, request: Request) -> Response:
    from strife.watch.alerts import atom_feed

    return Response(atom_feed(con, str(request.base_url)), media_type="application/atom+xml")


@router.get("/stats/audit", summary="Data-quality report of the store (as `strife audit --json`)")
def store_audit(con: Con) -> dict:
    return audit(con)


def _date_range(by_day: list[dict]) -> tuple[str | None, str | None]:
    days = [d["key"] for d in by_day if d["key"]]
    return (min(days), max(days)) if days else (None, None)


@router.get("/actors", summary="Actors with event counts, and dyads (who fights whom)")
def list_actors(con: Con, params: Annotated[ActorParams, Query()]) -> dict:
    return {"actors": queries.actors(con, params.limit),
            "dyads": queries.dyads(con, params.dyads) if params.dyads else []}


def _json(body: dict, media_type: str) -> Response:
    """Serialise directly (the rows are plain JSON values already; skips FastAPI's encoder)."""
    return Response(json.dumps(body, ensure_ascii=False, default=_default), media_type=media_type)


def _default(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)
