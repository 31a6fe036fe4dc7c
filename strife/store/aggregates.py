"""Aggregates the dashboard draws: events per admin1, per time bin, per dyad, per actor.

Each one follows the same :class:`~strife.store.queries.EventFilter` as the event list, and
is computed in SQL so a page never pulls every event to count them (a 1M-event store
answers each in well under a second).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal

from strife.store.db import Connection, one_row
from strife.store.queries import EventFilter
from strife.store.vocabulary import UnknownValue, closest

Bin = Literal["day", "week", "month"]
Level = Literal["admin1", "location"]

#: At most this many bars: the bin is the finest of day, week, month that stays under it.
MAX_BINS = 120


def choose_bin(first: date | None, last: date | None) -> Bin:
    """Day bins for a range of up to MAX_BINS days, weeks up to MAX_BINS weeks, else months:
    enough bars to see a trend, few enough that each one stays visible."""
    if first is None or last is None:
        return "day"
    days = (last - first).days + 1
    if days <= MAX_BINS:
        return "day"
    if days <= MAX_BINS * 7:
        return "week"
    return "month"


def bin_start(day: date, size: Bin) -> date:
    """The first day of the bin holding ``day``: itself, its week's Monday, its month's 1st."""
    if size == "day":
        return day
    if size == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def bin_end(start: date, size: Bin) -> date:
    """The last day of the bin that begins on ``start``."""
    if size == "day":
        return start
    if size == "week":
        return start + timedelta(days=6)
    nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _where(con: Connection, flt: EventFilter, extra: str = "",
           extra_params: list[Any] | None = None) -> tuple[str, list[Any]]:
    where, params = flt.where(con)
    if extra:
        where, params = f"{where} AND {extra}", params + list(extra_params or [])
    return where, params


#: The groupings one scan of the filtered events can give (DuckDB GROUPING SETS): places
#: (admin1, or location; unlocated events are one more group per country), days, dyads.
_SETS = {
    "admin1": "(located, country, admin1, cell_lat, cell_lon)",
    "location": "(located, country, admin1, location)",
    "days": "(event_date)",
    "dyads": "(actor1, actor2)",
}


def _grouped(con: Connection, where: str, params: list[Any], sets: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    """Counts, fatalities, mean point and most frequent type of the events matching
    ``where``, for each grouping in ``sets`` (keys of ``_SETS``), from one scan: a filter
    that must read every row (a common word) is paid once for the map, chart and dyads."""
    grouped = {c.strip() for k in sets for c in _SETS[k].strip("()").split(",")}
    flags = ", ".join(f"grouping({c})" if c in grouped else "1"
                      for c in ("located", "location", "event_date", "actor1"))
    keys = ", ".join(c if c in grouped else "NULL" for c in
                     ("located", "country", "admin1", "location", "event_date", "actor1", "actor2"))
    rows = con.execute(
        f"SELECT {flags}, {keys}, count(*), coalesce(sum(fatalities), 0), avg(latitude), avg(longitude), "
        "mode(event_type) "
        f"FROM (SELECT e.latitude IS NOT NULL AND e.longitude IS NOT NULL AS located, e.country, e.admin1, "
        f"e.location, e.event_date, e.actor1, e.actor2, e.fatalities, e.latitude, e.longitude, e.event_type, "
        f"CASE WHEN e.admin1 IS NULL THEN round(e.latitude) END AS cell_lat, "
        f"CASE WHEN e.admin1 IS NULL THEN round(e.longitude) END AS cell_lon "
        f"FROM events e WHERE {where}) "
        f"GROUP BY GROUPING SETS ({', '.join(_SETS[k] for k in sets)})", params).fetchall()
    out: dict[str, list[tuple[Any, ...]]] = {k: [] for k in sets}
    for g_located, g_location, g_day, g_actor, *rest in rows:
        if not g_located:
            out["location" if "location" in sets and not g_location else "admin1"].append(tuple(rest))
        elif not g_day:
            out["days"].append(tuple(rest))
        elif not g_actor:
            out["dyads"].append(tuple(rest))
    return out


def _timeline(days: list[tuple[Any, ...]], flt: EventFilter, size: Bin | None) -> dict[str, Any]:
    """Roll events per day up into day, week or month bins (chosen by the range when None)."""
    undated = sum(r[7] for r in days if r[4] is None)
    dated = sorted((r for r in days if r[4] is not None), key=lambda r: r[4])
    first = flt.since or (dated[0][4] if dated else None)
    last = flt.until or (dated[-1][4] if dated else None)
    size = size or choose_bin(first, last)
    bins: dict[date, list[int]] = {}
    for r in dated:
        b = bins.setdefault(bin_start(r[4], size), [0, 0])
        b[0] += r[7]
        b[1] += r[8]
    return {"bin": size, "first": first.isoformat() if first else None,
            "last": last.isoformat() if last else None, "undated": undated,
            "bins": [{"start": k.isoformat(), "end": bin_end(k, size).isoformat(), "events": n,
                      "fatalities": f} for k, (n, f) in bins.items()]}


def _places(groups: list[tuple[Any, ...]], limit: int) -> dict[str, Any]:
    unlocated = sum(r[7] for r in groups if not r[0])
    located = sorted((r for r in groups if r[0]), key=lambda r: (-r[7], r[1] or "", r[2] or "", r[3] or ""))
    return {"places": [{"country": r[1], "admin1": r[2], "location": r[3], "latitude": round(r[9], 5),
                        "longitude": round(r[10], 5), "events": r[7], "fatalities": r[8], "top_type": r[11]}
                       for r in located[:limit]],
            "unlocated": unlocated}


def _dyads(groups: list[tuple[Any, ...]], limit: int) -> list[dict[str, Any]]:
    pairs = sorted((r for r in groups if r[5] is not None and r[6] is not None), key=lambda r: (-r[7], r[5], r[6]))
    return [{"actor1": r[5], "actor2": r[6], "events": r[7], "fatalities": r[8]} for r in pairs[:limit]]


def timeline(con: Connection, flt: EventFilter, size: Bin | None = None, extra: str = "",
             extra_params: list[Any] | None = None) -> dict[str, Any]:
    """Events and fatalities per day, week (from Monday) or month of the filtered events.

    ``size`` None chooses the bin by the range (:func:`choose_bin`); the range is
    ``since``..``until`` where given, else the first and last event date.  Empty bins
    are left out; ``undated`` counts the events without a date.
    """
    where, params = _where(con, flt, extra, extra_params)
    return _timeline(_grouped(con, where, params, ["days"])["days"], flt, size)


def places(con: Connection, flt: EventFilter, limit: int = 5000, by: Level = "admin1") -> dict[str, Any]:
    """Events, fatalities and the most frequent event type per admin1 (or per named
    location) of the located filtered events, placed at the mean point of those events
    (a proportional-symbol map; location names label the map when zoomed in).

    By admin1, events without an admin1 are grouped by country and 1-degree cell, so one
    symbol never averages places far apart; by location, events without a location name
    are left out.  ``unlocated`` counts events without coordinates (they are on no map).
    """
    where, params = flt.where(con)
    if by == "location":
        where += " AND e.location IS NOT NULL"
    return _places(_grouped(con, where, params, [by])[by], limit)


def dyads(con: Connection, flt: EventFilter, limit: int = 100) -> list[dict[str, Any]]:
    """Who fights whom among the filtered events: (actor1, actor2) pairs, most events first."""
    where, params = flt.where(con)
    return _dyads(_grouped(con, where, params, ["dyads"])["dyads"], limit)


def overview(con: Connection, flt: EventFilter, size: Bin | None = None, places_limit: int = 5000,
             dyads_limit: int = 100) -> dict[str, Any]:
    """:func:`places` by admin1, :func:`timeline` and :func:`dyads` of one filter from one
    scan of the events (what the dashboard draws for a filter).  The timeline ignores
    ``since``/``until``: it shows the whole range, the chosen dates are marked on it."""
    where, params = flt.where(con)
    whole = flt.model_copy(update={"since": None, "until": None})
    if flt.since is None and flt.until is None:
        groups = _grouped(con, where, params, ["admin1", "dyads", "days"])
    else:  # the chart's range differs from the filter's: one more scan
        groups = _grouped(con, where, params, ["admin1", "dyads"])
        groups["days"] = _grouped(con, *whole.where(con), ["days"])["days"]
    return {"places": _places(groups["admin1"], places_limit),
            "timeline": _timeline(groups["days"], whole, size),
            "dyads": _dyads(groups["dyads"], dyads_limit)}


def actor_profile(con: Connection, name: str, flt: EventFilter, limit: int = 20) -> dict[str, Any]:
    """One actor (exact name, ignoring case, on either side) among the filtered events:
    totals, events over time, counterparts and places.

    Raises :class:`UnknownValue` (with the closest names) when no stored event names it.
    """
    stored = con.execute("SELECT actor1 FROM events WHERE lower(actor1) = lower(?) UNION ALL "
                         "SELECT actor2 FROM events WHERE lower(actor2) = lower(?) LIMIT 1",
                         [name, name]).fetchone()
    if stored is None:
        names = [a for (a,) in con.execute(
            "SELECT DISTINCT actor FROM (SELECT actor1 AS actor FROM events UNION ALL "
            "SELECT actor2 FROM events) WHERE actor IS NOT NULL").fetchall()]
        raise UnknownValue("actor", name, closest(name, names))
    side = "(lower(e.actor1) = lower(?) OR lower(e.actor2) = lower(?))"
    where, params = _where(con, flt, side, [name, name])
    events, fatalities = one_row(
        con, f"SELECT count(*), coalesce(sum(e.fatalities), 0) FROM events e WHERE {where}", params)
    other = "CASE WHEN lower(e.actor1) = lower(?) THEN e.actor2 ELSE e.actor1 END"
    role = "CASE WHEN lower(e.actor1) = lower(?) THEN 'actor1' ELSE 'actor2' END"
    counterparts = con.execute(
        f"SELECT {other} AS o, {role} AS r, count(*) AS n, coalesce(sum(e.fatalities), 0) FROM events e "
        f"WHERE {where} GROUP BY o, r ORDER BY n DESC, o NULLS LAST LIMIT ?",
        [name, name] + params + [limit]).fetchall()
    where_places = con.execute(
        f"SELECT e.country, e.admin1, count(*) AS n, coalesce(sum(e.fatalities), 0) FROM events e "
        f"WHERE {where} GROUP BY e.country, e.admin1 ORDER BY n DESC, e.country, e.admin1 LIMIT ?",
        params + [limit]).fetchall()
    return {"actor": stored[0], "events": events, "fatalities": fatalities,
            "timeline": timeline(con, flt, extra=side, extra_params=[name, name]),
            "counterparts": [{"actor": o, "role": r, "events": n, "fatalities": f}
                             for o, r, n, f in counterparts],
            "places": [{"country": c, "admin1": a, "events": n, "fatalities": f}
                       for c, a, n, f in where_places]}
