"""Manual corrections of coded events: an audit trail overlaid on read, never an overwrite.

A correction row keeps who changed which field, when, why, the value it replaced and the
new value.  The ``events`` row keeps the coded value; readers see the latest correction
of each field on top of it (:func:`overlay`).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from strife.store.db import Connection

#: Fields an analyst may correct, with the Python type their new value must parse to.
CORRECTABLE: dict[str, type] = {
    "event_date": date, "time_precision": int, "disorder_type": str, "event_type": str,
    "sub_event_type": str, "actor1": str, "assoc_actor_1": str, "inter1": int, "actor2": str,
    "assoc_actor_2": str, "inter2": int, "interaction": int, "civilian_targeting": str,
    "country": str, "admin1": str, "admin2": str, "admin3": str, "location": str,
    "latitude": float, "longitude": float, "geo_precision": int, "notes": str, "fatalities": int,
    "tags": str, "plover_type": str, "plover_mode": str, "plover_context": str, "reported_by": str,
}

_RANGES = {"latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0), "fatalities": (0, 1_000_000),
           "time_precision": (1, 3), "geo_precision": (1, 3), "inter1": (0, 8), "inter2": (0, 8)}


def parse_value(fld: str, raw: str | None) -> Any:
    """The typed value of a correction, or ValueError if it does not fit the field."""
    if fld not in CORRECTABLE:
        raise ValueError(f"field {fld!r} cannot be corrected; choose one of {', '.join(CORRECTABLE)}")
    if raw is None or raw == "":
        return None
    kind = CORRECTABLE[fld]
    try:
        value = date.fromisoformat(raw) if kind is date else kind(raw)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{fld} must be a {kind.__name__}") from exc
    bounds = _RANGES.get(fld)
    if bounds is not None and isinstance(value, (int, float)) and not bounds[0] <= value <= bounds[1]:
        raise ValueError(f"{fld} must be within {bounds[0]}..{bounds[1]}")
    return value


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def add_correction(con: Connection, event: dict[str, Any], fld: str, raw: str | None, author: str,
                   reason: str | None = None) -> dict[str, Any]:
    """Record a correction of ``event`` (as currently visible) and return the audit row.

    ``event`` must already carry earlier corrections (see :func:`overlay`) so the
    stored old value is the one the analyst saw.
    """
    value = parse_value(fld, raw)
    row = {"id": uuid.uuid4().hex, "event_id": event["event_id_cnty"], "field": fld,
           "old_value": _as_text(event.get(fld)), "new_value": _as_text(value),
           "author": author, "reason": reason}
    con.execute(
        "INSERT INTO corrections (id, event_id, field, old_value, new_value, author, reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [row["id"], row["event_id"], fld, row["old_value"], row["new_value"], author, reason])
    return row


def overlay(con: Connection, events: list[dict[str, Any]]) -> None:
    """Show each event's latest corrections in place; originals go to ``coded`` (in place).

    Events already overlaid (they carry ``coded``) are left alone, so a second call cannot
    record corrected values as the originals.
    """
    events = [e for e in events if "coded" not in e]
    if not events:
        return
    ids = [e["event_id_cnty"] for e in events]
    rows = con.execute(
        "SELECT event_id, field, new_value FROM corrections WHERE event_id IN (SELECT unnest(?)) "
        "ORDER BY created_at, id", [ids]).fetchall()
    latest: dict[str, dict[str, str | None]] = {}
    for eid, fld, new in rows:
        latest.setdefault(eid, {})[fld] = new
    for e in events:
        fixes = latest.get(e["event_id_cnty"])
        if not fixes:
            continue
        coded = {}
        for fld, new in fixes.items():
            if fld not in CORRECTABLE:
                continue
            value = parse_value(fld, new)
            coded[fld] = e.get(fld)
            e[fld] = value.isoformat() if isinstance(value, date) else value
        e["coded"] = coded
