"""Alerts: saved filters that fire once per new or changed canonical event they match.

After each round, every rule is checked against the canonical events the round created
or updated.  An alert fires when the rule matches and the store has no alert of that rule
for the same *state* of the event (its :func:`fingerprint`: type, date, place, actors,
fatalities, sources): re-linking an event without changing what a reader sees fires
nothing, a risen toll or a new source fires again.  Each alert is written to the store's
alert log (the Atom feed ``/alerts.atom`` of ``strife serve`` reads it), printed, appended
to the rule's JSON Lines file and POSTed to its webhook.  A webhook that fails is retried
on later rounds (the log keeps what was not delivered), never more than once per success.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import date, datetime, UTC
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from strife.sources.fetch import Fetcher, FetchError
from strife.store import watch as state
from strife.watch.config import AlertRule

log = logging.getLogger("strife.watch")
_STATE_FIELDS = ("event_type", "sub_event_type", "event_date", "location", "admin1", "country",
                 "actor1", "actor2", "fatalities", "source_count")


def fingerprint(event: dict[str, Any]) -> str:
    """What a reader of the alert sees of an event, hashed: a change re-fires the rule."""
    raw = json.dumps([str(event.get(f)) for f in _STATE_FIELDS])
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def describe(event: dict[str, Any]) -> tuple[str, str]:
    """(title, summary) of an alert."""
    place = ", ".join(str(x) for x in (event.get("location"), event.get("admin1"), event.get("country")) if x)
    kind = event.get("sub_event_type") or event.get("event_type") or "event"
    title = f"{kind} in {place or 'an unknown place'}"
    when = event.get("event_date")
    when = when.isoformat() if isinstance(when, date) else (when or "date unknown")
    actors = " vs ".join(a for a in (event.get("actor1"), event.get("actor2")) if a) or "actors unknown"
    summary = (f"{when}: {actors}; {event.get('fatalities') or 0} fatalities; "
               f"{event.get('source_count') or 1} source(s). {event.get('notes') or ''}").strip()
    return title, summary


def save_rules(con, rules: list[AlertRule]) -> None:
    """Store the rules of a sources file (replacing rules of the same name)."""
    for rule in rules:
        state.save_rule(con, rule.name, rule.filter, rule.jsonl, rule.webhook)


def fire(con, event_ids: list[str], fetcher: Fetcher | None = None,
         echo: Callable[[str], None] = print) -> list[dict[str, Any]]:
    """Check every stored rule against ``event_ids``; deliver and return the new alerts."""
    fired = []
    for rule in state.rules(con):
        for event in state.matching_events(con, rule["filter"], sorted(set(event_ids))):
            title, summary = describe(event)
            fp = fingerprint(event)
            if not state.log_alert(con, rule["name"], event["event_id_cnty"], fp, title, summary,
                                   delivered=not rule["webhook"]):
                continue
            alert = {"rule": rule["name"], "event_id": event["event_id_cnty"], "title": title,
                     "summary": summary, "event": _jsonable(event)}
            fired.append(alert)
            echo(f"alert {rule['name']}: {title} ({event['event_id_cnty']})")
            if rule["jsonl"]:
                with open(Path(rule["jsonl"]).expanduser(), "a", encoding="utf-8") as fh:
                    fh.write(json.dumps(alert, ensure_ascii=False) + "\n")
        if rule["webhook"]:
            _deliver(con, rule, fetcher or Fetcher())
    return fired


def _deliver(con, rule: dict[str, Any], fetcher: Fetcher) -> None:
    """POST every undelivered alert of the rule; stop at the first failure (retried next round)."""
    for pending in state.undelivered(con, rule["name"]):
        payload = {"rule": rule["name"], **pending}
        try:
            fetcher.post_json(rule["webhook"], payload)
        except FetchError as exc:
            log.warning("alert %s: webhook not delivered, will retry: %s", rule["name"], exc)
            return
        state.mark_delivered(con, rule["name"], pending["event_id"], pending["fingerprint"])


def atom_feed(con, base_url: str, limit: int = 100) -> str:
    """The alert log as an Atom 1.0 document, newest first."""
    entries = state.recent_alerts(con, limit)
    updated = _iso(entries[0]["fired_at"]) if entries else _iso(datetime.now(UTC))
    base = base_url.rstrip("/")
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom">',
             "<title>Strife alerts</title>",
             f"<id>{escape(base)}/alerts.atom</id>",
             f'<link rel="self" href="{escape(base)}/alerts.atom"/>',
             f"<updated>{updated}</updated>",
             "<author><name>Strife</name></author>"]
    for e in entries:
        link = f"{base}/events/{e['event_id']}"
        parts += ["<entry>",
                  f"<id>urn:strife:alert:{escape(e['rule'])}:{escape(e['event_id'])}:{e['fingerprint']}</id>",
                  f"<title>[{escape(e['rule'])}] {escape(e['title'])}</title>",
                  f'<link href="{escape(link)}"/>',
                  f"<updated>{_iso(e['fired_at'])}</updated>",
                  f"<summary>{escape(e['summary'] or '')}</summary>",
                  "</entry>"]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"


def _iso(when: datetime) -> str:
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.isoformat().replace("+00:00", "Z")


def _jsonable(event: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in event.items()}
