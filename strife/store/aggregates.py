"""Aggregates the dashboard draws: events per admin1, per time bin, per dyad, per actor.

Each one follows the same :class:`~strife.store.queries.EventFilter` as the event list, and
is computed in SQL so a page never pulls every event to count them (a 1M-event store
answers each in well under a second).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from strife.store.queries import EventFilter
from strife.store.vocabulary import UnknownValue, closest

Bin = Literal["day", "week", "month"]

#: At most this many bars: the bin is the finest of day, week, month that stays under it.
MAX_BINS = 120

_TRUNC = {"day": "e.event_date", "week": "date_trunc('week', e.event_date)::DATE",
          "month": "date_trunc('month', e.event_date)::DATE"}


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


def bin_end(start: date, size: Bin) -> date:
    """The last day of the bin that begins on ``start``."""
    if size == "day":
        return start
    if size == "week":
        return start + timedelta(days=6)
    nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _where(con, flt: EventFilter, extra: str = "", extra_params: list | None = None) -> tuple[str, list]:
    where, params = flt.where(con)
    if extra:
        where, params = f"{where} AND {extra}", params + list(extra_params or [])
    return where, params


def timeline(con, flt: EventFilter, size: Bin | None = None, extra: str = "",
             extra_params: list | None = None) -> dict:
    """Events and fatalities per day, week (from Monday) or month of the filtered events.

    ``size`` None chooses the bin by the range (:func:`choose_bin`); the range is
    ``since``..``until`` where given, else the first and last event date.  Empty bins
    are left out; ``undated`` counts the events without a date.
    """
    where, params = _where(con, flt, extra, extra_params)
    first, last, undated = con.execute(
        f"SELECT min(e.event_date), max(e.event_date), count(*) FILTER (WHERE e.event_date IS NULL) "
        f"FROM events e WHERE {where}", params).fetchone()
    first = flt.since or first
    last = flt.until or last
    size = size or choose_bin(first, last)
    rows = con.execute(
        f"SELECT {_TRUNC[size]} AS k, count(*), coalesce(sum(e.fatalities), 0) FROM events e "
        f"WHERE {where} AND e.event_date IS NOT NULL GROUP BY k ORDER BY k", params).fetchall()
    return {"bin": size, "first": first.isoformat() if first else None,
            "last": last.isoformat() if last else None, "undated": undated,
            "bins": [{"start": k.isoformat(), "end": bin_end(k, size).isoformat(), "events": n,
                      "fatalities": f} for k, n, f in rows]}


def places(con, flt: EventFilter, limit: int = 5000) -> dict:
    """Events, fatalities and the most frequent event type per admin1 of the located
    filtered events, placed at the mean point of those events (a proportional-symbol map).

    Events without an admin1 are grouped by country and 1-degree cell instead, so one
    symbol never averages places far apart.  ``unlocated`` counts events without
    coordinates (they are on no map).
    """
    where, params = flt.where(con)
    rows = con.execute(
        f"SELECT e.country, e.admin1, avg(e.latitude), avg(e.longitude), count(*), "
        f"coalesce(sum(e.fatalities), 0), mode(e.event_type) "
        f"FROM events e WHERE {where} AND e.latitude IS NOT NULL AND e.longitude IS NOT NULL "
        f"GROUP BY e.country, e.admin1, "
        f"CASE WHEN e.admin1 IS NULL THEN round(e.latitude) END, "
        f"CASE WHEN e.admin1 IS NULL THEN round(e.longitude) END "
        f"ORDER BY count(*) DESC, e.country, e.admin1 LIMIT ?", params + [limit]).fetchall()
    unlocated = con.execute(
        f"SELECT count(*) FROM events e WHERE {where} AND (e.latitude IS NULL OR e.longitude IS NULL)",
        params).fetchone()[0]
    return {"places": [{"country": c, "admin1": a, "latitude": round(lat, 5), "longitude": round(lon, 5),
                        "events": n, "fatalities": f, "top_type": t}
                       for c, a, lat, lon, n, f, t in rows],
            "unlocated": unlocated}


def dyads(con, flt: EventFilter, limit: int = 100) -> list[dict]:
    """Who fights whom among the filtered events: (actor1, actor2) pairs, most events first."""
    where, params = flt.where(con)
    rows = con.execute(
        f"SELECT e.actor1, e.actor2, count(*) AS n, coalesce(sum(e.fatalities), 0) FROM events e "
        f"WHERE {where} AND e.actor1 IS NOT NULL AND e.actor2 IS NOT NULL "
        f"GROUP BY e.actor1, e.actor2 ORDER BY n DESC, e.actor1, e.actor2 LIMIT ?", params + [limit]).fetchall()
    return [{"actor1": a, "actor2": b, "events": n, "fatalities": f} for a, b, n, f in rows]


def actor_profile(con, name: str, flt: EventFilter, limit: int = 20) -> dict:
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
    events, fatalities = con.execute(
        f"SELECT count(*), coalesce(sum(e.fatalities), 0) FROM events e WHERE {where}", params).fetchone()
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
