"""What `strife watch` keeps in the store: per-source state, seen items, alert rules and
the alert log (migration 10).  Every function takes a connection and runs in the caller's
transaction, if any."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, UTC
from typing import Any

from strife.store.db import Connection
from strife.store.queries import EventFilter, UnknownValue
from strife.store.records import EVENT_FIELDS


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# ----------------------------------------------------------------------------- sources
def source_state(con: Connection, source_id: str) -> dict[str, Any] | None:
    row = con.execute("SELECT kind, etag, last_modified, last_success, last_error, failures "
                      "FROM watch_sources WHERE source_id = ?", [source_id]).fetchone()
    if row is None:
        return None
    return dict(zip(("kind", "etag", "last_modified", "last_success", "last_error", "failures"), row))


def record_attempt(con: Connection, source_id: str, kind: str, error: str | None = None,
                   etag: str | None = None, last_modified: str | None = None) -> None:
    """A round's outcome for a source: success (with the validators to send next time) or error."""
    now = _now()
    con.execute("INSERT INTO watch_sources (source_id, kind) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [source_id, kind])
    if error is None:
        con.execute("UPDATE watch_sources SET last_attempt = ?, last_success = ?, failures = 0, "
                    "etag = coalesce(?, etag), last_modified = coalesce(?, last_modified) "
                    "WHERE source_id = ?", [now, now, etag, last_modified, source_id])
    else:
        con.execute("UPDATE watch_sources SET last_attempt = ?, last_error = ?, last_error_at = ?, "
                    "failures = failures + 1 WHERE source_id = ?", [now, error, now, source_id])


def seen_keys(con: Connection, source_id: str, keys: list[str]) -> set[str]:
    """Which of ``keys`` were already taken from this source."""
    if not keys:
        return set()
    rows = con.execute("SELECT item_key FROM watch_items WHERE source_id = ? AND item_key IN "
                       "(SELECT unnest(?))", [source_id, keys]).fetchall()
    return {k for (k,) in rows}


def record_items(con: Connection, source_id: str, items: list[tuple[str, str | None, int]]) -> None:
    """Mark items (key, article id, events) as taken; a key seen before is left as it was."""
    if items:
        con.executemany("INSERT INTO watch_items (source_id, item_key, article_id, events) VALUES (?,?,?,?) "
                        "ON CONFLICT DO NOTHING", [[source_id, k, a, n] for k, a, n in items])


def report_counts(con: Connection, article_ids: list[str]) -> dict[str, int]:
    """Article id -> how many event reports it gave."""
    if not article_ids:
        return {}
    return dict(con.execute("SELECT article_id, count(*) FROM reports WHERE article_id IN (SELECT unnest(?)) "
                            "GROUP BY article_id", [article_ids]).fetchall())


def freshness(con: Connection) -> list[dict[str, Any]]:
    """Per source: last success, last error, items and events taken in the last 24 hours."""
    since = _now() - timedelta(hours=24)
    rows = con.execute(
        "SELECT s.source_id, s.kind, s.last_success, s.last_error, s.last_error_at, s.failures, "
        "  count(i.article_id), coalesce(sum(i.events), 0) "
        "FROM watch_sources s LEFT JOIN watch_items i ON i.source_id = s.source_id AND i.seen_at >= ? "
        "GROUP BY ALL ORDER BY s.source_id", [since]).fetchall()
    keys = ("source", "kind", "last_success", "last_error", "last_error_at", "failures",
            "items_24h", "events_24h")
    return [{k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in zip(keys, row)} for row in rows]


# ----------------------------------------------------------------------------- rules
def save_rule(con: Connection, name: str, flt: EventFilter, jsonl: str | None = None,
              webhook: str | None = None) -> None:
    """Create or replace the rule ``name``."""
    con.execute("INSERT OR REPLACE INTO alert_rules (name, filter, jsonl, webhook) VALUES (?,?,?,?)",
                [name, flt.model_dump_json(exclude_defaults=True), jsonl, webhook])


def remove_rule(con: Connection, name: str) -> bool:
    found = con.execute("SELECT 1 FROM alert_rules WHERE name = ?", [name]).fetchone() is not None
    con.execute("DELETE FROM alert_rules WHERE name = ?", [name])
    return found


def rules(con: Connection) -> list[dict[str, Any]]:
    rows = con.execute("SELECT name, filter, jsonl, webhook FROM alert_rules ORDER BY name").fetchall()
    return [{"name": n, "filter": EventFilter.model_validate_json(f), "jsonl": j, "webhook": w}
            for n, f, j, w in rows]


def matching_events(con: Connection, flt: EventFilter, event_ids: list[str]) -> list[dict[str, Any]]:
    """Those of ``event_ids`` that ``flt`` matches, as column dicts.

    A rule naming an admin1 or country no stored event carries yet matches nothing yet (the
    watcher keeps running); interactive filters report such a value as an error instead.
    """
    if not event_ids:
        return []
    try:
        where, params = flt.where(con)
    except UnknownValue:
        return []
    cols = ", ".join(f'e."{c}"' for c in EVENT_FIELDS)
    rows = con.execute(f"SELECT {cols} FROM events e WHERE {where} AND e.event_id_cnty IN (SELECT unnest(?)) "
                       "ORDER BY e.event_id_cnty", [*params, event_ids]).fetchall()
    return [dict(zip(EVENT_FIELDS, row)) for row in rows]


# ----------------------------------------------------------------------------- alert log
def log_alert(con: Connection, rule: str, event_id: str, fingerprint: str, title: str, summary: str,
              delivered: bool) -> bool:
    """Record that ``rule`` fired for this state of the event; False if it had already."""
    before = con.execute("SELECT 1 FROM alert_log WHERE rule = ? AND event_id = ? AND fingerprint = ?",
                         [rule, event_id, fingerprint]).fetchone()
    if before:
        return False
    con.execute("INSERT INTO alert_log (rule, event_id, fingerprint, title, summary, delivered) "
                "VALUES (?,?,?,?,?,?)", [rule, event_id, fingerprint, title, summary, delivered])
    return True


def undelivered(con: Connection, rule: str) -> list[dict[str, Any]]:
    rows = con.execute("SELECT event_id, fingerprint, title, summary FROM alert_log "
                       "WHERE rule = ? AND NOT delivered ORDER BY fired_at, event_id", [rule]).fetchall()
    return [dict(zip(("event_id", "fingerprint", "title", "summary"), r)) for r in rows]


def mark_delivered(con: Connection, rule: str, event_id: str, fingerprint: str) -> None:
    con.execute("UPDATE alert_log SET delivered = true WHERE rule = ? AND event_id = ? AND fingerprint = ?",
                [rule, event_id, fingerprint])


def recent_alerts(con: Connection, limit: int = 100) -> list[dict[str, Any]]:
    """The newest alerts, newest first (the Atom feed's entries)."""
    rows = con.execute("SELECT rule, event_id, fingerprint, fired_at, title, summary FROM alert_log "
                       "ORDER BY fired_at DESC, rule, event_id LIMIT ?", [limit]).fetchall()
    return [dict(zip(("rule", "event_id", "fingerprint", "fired_at", "title", "summary"), r)) for r in rows]


def dump_filter(flt: EventFilter) -> str:
    """A rule's filter as shown to people: the fields that are set."""
    return json.dumps(flt.model_dump(exclude_defaults=True, mode="json"), ensure_ascii=False)
