"""Fast pages of events for the API: the same filters, order and cursors as
``queries.query_events``, computed in two steps so large stores stay quick.

Step 1 finds the page on the few columns the filter and sort need (DuckDB reads
only those columns), returning row ids; step 2 reads every column of just those
rows (a semi-join on ``rowid``).  A single ``SELECT * ... ORDER BY ... LIMIT``
makes DuckDB carry all forty columns through the sort instead.  Evidence is looked
up with explicit ``IN (?, ?, ...)`` lists, which DuckDB runs as a cheap filter on one
column; a join or ``IN (SELECT unnest(?))`` builds a hash join over the whole table.
"""

from __future__ import annotations

from datetime import date

from strife.store.queries import SORTS, EventFilter, _row_to_dict, decode_cursor, encode_cursor
from strife.store.records import EVENT_FIELDS

_COLS = ", ".join(f'e."{c}"' for c in EVENT_FIELDS)

#: ORDER BY for each sort, the same order as ``queries.SORTS`` gives.  Date sorts name
#: the column itself (NULL dates where the 0001-01-01 stand-in would put them), so DuckDB's
#: top-N can skip row groups by their min/max date; ordering by the coalesce() expression
#: reads every row.
_ORDER = {
    "-date": "e.event_date DESC NULLS LAST, e.event_id_cnty DESC",
    "date": "e.event_date ASC NULLS FIRST, e.event_id_cnty ASC",
    "-fatalities": f"{SORTS['-fatalities'][0]} DESC, e.event_id_cnty DESC",
    "fatalities": f"{SORTS['fatalities'][0]} ASC, e.event_id_cnty ASC",
}


def page_events(con, flt: EventFilter, with_evidence: bool = True) -> tuple[list[dict], str | None]:
    """Events matching ``flt`` and the next cursor, exactly as ``query_events`` returns them."""
    where, params = flt.where()
    key_sql, direction = SORTS[flt.sort]
    if flt.cursor:
        key, last_id = decode_cursor(flt.cursor)
        if flt.sort.endswith("date"):
            key = date.fromisoformat(str(key))
        op = "<" if direction == "DESC" else ">"
        where += f" AND ({key_sql}, e.event_id_cnty) {op} (?, ?)"
        params = params + [key, last_id]
    top = con.execute(
        f"SELECT e.rowid, {key_sql} AS _key, e.event_id_cnty FROM events e WHERE {where} "
        f"ORDER BY {_ORDER[flt.sort]} LIMIT ?",
        params + [flt.limit + 1]).fetchall()
    more = len(top) > flt.limit
    top = top[: flt.limit]
    if not top:
        return [], None
    rows = con.execute(
        f"SELECT e.rowid, {_COLS} FROM events e WHERE e.rowid IN (SELECT unnest(?))",
        [[r[0] for r in top]]).fetchall()
    by_rowid = {r[0]: r[1:] for r in rows}
    events = [_row_to_dict(by_rowid[r[0]]) for r in top]
    if with_evidence:
        attach_evidence(con, events)
    next_cursor = encode_cursor(top[-1][1], top[-1][2]) if more else None
    return events, next_cursor


def _in_chunks(con, sql: str, values: list, size: int = 1000) -> list[tuple]:
    """Run ``sql`` (with one ``{marks}`` placeholder) over ``values`` in IN-list chunks."""
    rows: list[tuple] = []
    for i in range(0, len(values), size):
        chunk = values[i:i + size]
        rows += con.execute(sql.format(marks=", ".join("?" * len(chunk))), chunk).fetchall()
    return rows


def attach_evidence(con, events: list[dict]) -> None:
    """Add ``evidence`` to each event dict, as ``queries.attach_evidence`` does (same order)."""
    if not events:
        return
    reports = _in_chunks(con, "SELECT report_id, event_id FROM reports WHERE event_id IN ({marks})",
                         [e["event_id_cnty"] for e in events])
    event_of = dict(reports)
    rows = _in_chunks(
        con, 'SELECT report_id, field, article_id, start, "end", text, confidence, note FROM evidence '
             "WHERE report_id IN ({marks})", list(event_of))
    rows.sort(key=lambda r: (event_of[r[0]], r[2], r[3], r[1]))
    by_event: dict[str, list[dict]] = {}
    for rid, fld, aid, start, end, text, conf, note in rows:
        by_event.setdefault(event_of[rid], []).append(
            {"field": fld, "article_id": aid, "start": start, "end": end, "text": text,
             "confidence": conf, "note": note})
    for e in events:
        e["evidence"] = by_event.get(e["event_id_cnty"], [])
