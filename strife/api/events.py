"""Read-only endpoints: events (JSON, GeoJSON, CSV), one event with its evidence, stats, audit, actors."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response, StreamingResponse

from strife.api import models
from strife.api.params import (
    EVENT_ID_PATTERN, ActorParams, ActorProfileParams, DyadParams, EventParams, ExportParams, FilterParams,
    OverviewParams, ParamError, PlacesParams, TimelineParams,
)
from strife.store import aggregates, queries
from strife.store import watch as watch_state
from strife.store.audit import audit
from strife.store.db import Connection, snapshot
from strife.store.export import csv_chunks, geojson_chunks

router = APIRouter()


def cursor(request: Request) -> Iterator[Connection]:
    """A DuckDB cursor for one request, reading one snapshot of the store, closed afterwards.

    The write generation is noted before the snapshot begins (see ``CountCache``)."""
    db = request.app.state.db
    request.state.generation = db.counts.generation()
    cur = db.cursor()
    try:
        with snapshot(cur):
            yield cur
    finally:
        cur.close()


Con = Annotated[Connection, Depends(cursor)]


def unknown(exc: queries.UnknownValue) -> ParamError:
    """The 422 of a value that names nothing, with the closest valid values."""
    return ParamError([{"loc": ["query", exc.field], "type": "value_error", "msg": str(exc),
                        "input": exc.value, "suggestions": exc.suggestions}])


def checked(con: Connection, flt: queries.EventFilter) -> queries.EventFilter:
    """``flt`` with its named values checked: an unknown one is a 422 naming the closest."""
    try:
        flt.check(con)
    except queries.UnknownValue as exc:
        raise unknown(exc) from exc
    return flt


@router.get("/events", summary="Events matching the filters, one page at a time",
            response_class=Response, responses={200: {"model": models.EventsPage}})
def list_events(con: Con, request: Request, params: Annotated[EventParams, Query()]) -> Response:
    """Canonical events (corrections applied), newest first by default, with ``total`` (the
    number of matching events).  ``next`` is the URL of the next page and ``next_cursor``
    its cursor (pass it back as ``cursor`` with the same filters and sort); both are null
    on the last page.  ``/events.csv`` and ``/events.geojson`` give every match at once."""
    flt = checked(con, params.to_filter())
    events, next_cursor = queries.query_events(con, flt, with_evidence=params.evidence)
    if flt.cursor is None and next_cursor is None:
        total = len(events)  # a first page without a next one holds every match
    else:  # counted once per filter until the next write (after the page: the snapshot has begun)
        total = request.app.state.db.counts.count(con, flt, request.state.generation)
    out = {"events": events, "total": total, "next_cursor": next_cursor,
           "next": str(request.url.include_query_params(cursor=next_cursor)) if next_cursor else None}
    if params.count:
        out["count"] = total
    return _json(out, "application/json")


def _stream(request: Request, params: ExportParams, chunks: Callable[[Iterable[dict[str, Any]]], Iterator[str]],
            with_evidence: bool) -> Iterator[str]:
    """Every matching event through ``chunks``, read page by page on a cursor of its own
    (the request's cursor is closed once the response starts)."""
    cur = request.app.state.db.cursor()
    try:
        with snapshot(cur):  # every page from one state of the store
            flt = params.to_filter()
            flt.check(cur)
            yield from chunks(queries.iter_events(cur, flt, limit=params.limit, with_evidence=with_evidence))
    finally:
        cur.close()


@router.get("/events.geojson", summary="Every matching event with coordinates, as a GeoJSON FeatureCollection",
            response_class=StreamingResponse, responses={200: {"content": {"application/geo+json": {}}}})
def events_geojson(con: Con, request: Request, params: Annotated[ExportParams, Query()]) -> StreamingResponse:
    """All matching events (or the first ``limit``), streamed: no page cap."""
    checked(con, params.to_filter())
    return StreamingResponse(_stream(request, params, geojson_chunks, params.evidence),
                             media_type="application/geo+json")


@router.get("/events.csv", summary="Every matching event as CSV in ACLED column order",
            response_class=StreamingResponse, responses={200: {"content": {"text/csv": {}}}})
def events_csv(con: Con, request: Request, params: Annotated[ExportParams, Query()]) -> StreamingResponse:
    """All matching events (or the first ``limit``), streamed: no page cap."""
    checked(con, params.to_filter())
    headers = {"Content-Disposition": 'attachment; filename="strife-events.csv"'}
    return StreamingResponse(_stream(request, params, csv_chunks, False),
                             media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/events/{event_id}", summary="One event with its evidence spans, reports and corrections",
            responses={200: {"model": models.EventDetail}})
def show_event(con: Con, event_id: Annotated[str, Path(pattern=EVENT_ID_PATTERN)]) -> dict[str, Any]:
    event = queries.get_event(con, event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id}")
    return event


@router.get("/stats", summary="Counts and fatalities by day, week, type, admin1 and country",
            responses={200: {"model": models.Stats}})
def event_stats(con: Con, params: Annotated[FilterParams, Query()]) -> dict[str, Any]:
    flt = checked(con, params.to_filter())
    out = queries.stats(con, flt)
    out["by_country"] = queries.by_country(con, flt)
    out["first_date"], out["last_date"] = _date_range(out["by_day"])
    out["sources"] = watch_state.freshness(con)
    return out


@router.get("/alerts.atom", summary="Alerts fired by saved rules, newest first (Atom 1.0)",
            response_class=Response, responses={200: {"content": {"application/atom+xml": {}}}})
def alerts_atom(con: Con, request: Request) -> Response:
    from strife.watch.alerts import atom_feed

    return Response(atom_feed(con, str(request.base_url)), media_type="application/atom+xml")


@router.get("/stats/audit", summary="Data-quality report of the store (as `strife audit --json`)")
def store_audit(con: Con) -> dict[str, Any]:
    return audit(con)


def _date_range(by_day: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    days = [d["key"] for d in by_day if d["key"]]
    return (min(days), max(days)) if days else (None, None)


@router.get("/stats/timeline", summary="Events and fatalities per day, week or month", response_model=models.Timeline)
def stats_timeline(con: Con, params: Annotated[TimelineParams, Query()]) -> dict[str, Any]:
    """Bins of the filtered events; ``bin=auto`` picks day, week or month by the date range."""
    flt = checked(con, params.to_filter())
    return aggregates.timeline(con, flt, None if params.bin == "auto" else params.bin)


@router.get("/stats/places", summary="Events and fatalities per admin1 or location (for a proportional-symbol map)",
            response_model=models.Places)
def stats_places(con: Con, params: Annotated[PlacesParams, Query()]) -> dict[str, Any]:
    return aggregates.places(con, checked(con, params.to_filter()), params.limit, params.by)


@router.get("/stats/overview", summary="Places, timeline and dyads of one filter from one scan (the dashboard's view)",
            response_model=models.Overview)
def stats_overview(con: Con, params: Annotated[OverviewParams, Query()]) -> dict[str, Any]:
    """``/stats/places``, ``/stats/timeline`` and ``/stats/dyads`` in one answer; the
    timeline covers the whole range (``since``/``until`` are marked on it, not applied)."""
    flt = checked(con, params.to_filter())
    return aggregates.overview(con, flt, None if params.bin == "auto" else params.bin, dyads_limit=params.dyads)


@router.get("/stats/dyads", summary="Who fights whom among the filtered events", response_model=models.Dyads)
def stats_dyads(con: Con, params: Annotated[DyadParams, Query()]) -> dict[str, Any]:
    flt = checked(con, params.to_filter())
    return {"dyads": aggregates.dyads(con, flt, params.limit)}


@router.get("/stats/actor", summary="One actor: events over time, counterparts and places",
            response_model=models.ActorProfile)
def stats_actor(con: Con, params: Annotated[ActorProfileParams, Query()]) -> dict[str, Any]:
    flt = checked(con, params.to_filter())
    try:
        return aggregates.actor_profile(con, params.name, flt)
    except queries.UnknownValue as exc:
        raise unknown(exc) from exc


@router.get("/actors", summary="Actors with event counts, and dyads (who fights whom)",
            responses={200: {"model": models.Actors}})
def list_actors(con: Con, params: Annotated[ActorParams, Query()]) -> dict[str, Any]:
    return {"actors": queries.actors(con, params.limit),
            "dyads": queries.dyads(con, params.dyads) if params.dyads else []}


def _json(body: dict[str, Any], media_type: str) -> Response:
    """Serialise directly (the rows are plain JSON values already; skips FastAPI's encoder)."""
    return Response(json.dumps(body, ensure_ascii=False, default=_default), media_type=media_type)


def _default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)
