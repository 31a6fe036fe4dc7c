"""Read canonical events back out: filters, stable cursor paging, evidence, stats.

Every query is parameterised; filter values never reach SQL text.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from datetime import date
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field, PrivateAttr, field_validator, model_validator

from strife.store.corrections import overlay
from strife.store.db import Connection, one_row
from strife.store.records import EVENT_FIELDS
from strife.store.search import actor_condition, text_condition
from strife.store.vocabulary import UnknownValue, resolve_choice, resolve_country

__all__ = ["EventFilter", "UnknownValue", "query_events", "iter_events", "count_events", "get_event",
           "article_text", "events_of_articles", "stats", "by_country", "actors", "dyads", "filter_help"]

#: What ``text=`` matches (API and CLI help; strife.store.search has the details).
TEXT_HELP = ("search the notes and each evidence span, ignoring case: plain words match whole words "
             "in this order, whatever punctuation separates them ('deir ez zor' finds 'Deir ez-Zor', "
             "'Tikr' does not find 'Tikrit'); a query with punctuation must appear as typed, "
             "at word boundaries")

#: What ``country=`` accepts (API and CLI help).
COUNTRY_HELP = "country name, ISO 3166 alpha-2 or alpha-3 code, or ISO numeric code (Syria, SY, SYR, 760)"

#: What ``background=`` does (API and CLI help).
BACKGROUND_HELP = ("also show background events: history and war-wide summaries an article recalls "
                   "(hidden by default; see strife/time/background.py)")

#: Sortable columns: sort name -> (SQL key on alias ``e``, type of the key in a cursor).
#: NULLs sort as the key's smallest value, so a cursor can always compare keys.
SORT_KEYS: dict[str, tuple[str, type]] = {
    "date": ("coalesce(e.event_date, DATE '0001-01-01')", date),
    "fatalities": ("coalesce(e.fatalities, 0)", int),
    "sources": ("coalesce(e.source_count, 0)", int),
    "type": ("coalesce(e.event_type, '')", str),
    "sub_event_type": ("coalesce(e.sub_event_type, '')", str),
    "actor1": ("coalesce(e.actor1, '')", str),
    "actor2": ("coalesce(e.actor2, '')", str),
    "location": ("coalesce(e.location, '')", str),
    "admin1": ("coalesce(e.admin1, '')", str),
    "country": ("coalesce(e.country, '')", str),
}
#: The ``sort`` values: a key name, ascending, or ``-name``, descending.
Sort = Literal["-date", "date", "-fatalities", "fatalities", "-sources", "sources", "-type", "type",
               "-sub_event_type", "sub_event_type", "-actor1", "actor1", "-actor2", "actor2",
               "-location", "location", "-admin1", "admin1", "-country", "country"]
SORTS = {f"{sign}{name}": (key, "DESC" if sign else "ASC")
         for name, (key, _) in SORT_KEYS.items() for sign in ("-", "")}
assert set(SORTS) == set(get_args(Sort))


def sort_key_type(sort: str) -> type:
    """The Python type of a cursor's key for ``sort`` (date, int or str)."""
    return SORT_KEYS[sort.lstrip("-")][1]


ISO_NUMERIC = re.compile(r"[0-9]{1,3}")


class EventFilter(BaseModel):
    """Filters shared by ``strife events``, ``GET /events``, exports and ``strife.Store.events``.

    ``limit`` is the size of one page (:func:`query_events`); :func:`iter_events` pages
    through every match.  Named values (country, admin1, type) are checked against what
    Strife knows the first time the filter meets a store (:meth:`check`).
    """

    country: str | None = Field(None, max_length=100, description=COUNTRY_HELP)
    admin1: str | None = Field(None, max_length=200,
                               description="first-level region (ignoring case, accents, punctuation)")
    type: str | None = Field(None, max_length=200, description="ACLED event type or sub-event type")
    plover: str | None = Field(None, max_length=50, description="PLOVER event type")
    actor: str | None = Field(None, max_length=200,
                              description="case-insensitive substring of actor1/actor2/assoc actors")
    actor1: str | None = Field(None, max_length=200,
                               description="actor 1 exactly (ignoring case); with actor2: one dyad")
    actor2: str | None = Field(None, max_length=200,
                               description="actor 2 exactly (ignoring case); with actor1: one dyad")
    since: date | None = Field(None, description="first event date, YYYY-MM-DD")
    until: date | None = Field(None, description="last event date, YYYY-MM-DD")
    text: str | None = Field(None, max_length=500, description=TEXT_HELP)
    bbox: tuple[float, float, float, float] | None = Field(
        None, description="min_lon,min_lat,max_lon,max_lat")
    min_sources: int | None = Field(None, ge=1, le=10_000, description="at least this many independent outlets")
    min_fatalities: int | None = Field(None, ge=0, le=10_000_000, description="at least this many fatalities")
    background: bool = Field(False, description=BACKGROUND_HELP)
    sort: Sort = "-date"
    limit: int = Field(100, ge=1, le=10_000)
    cursor: str | None = Field(None, max_length=500)
    _resolved: dict[str, Any] | None = PrivateAttr(None)

    @field_validator("bbox")
    @classmethod
    def _check_bbox(cls, v: tuple[float, float, float, float] | None
                    ) -> tuple[float, float, float, float] | None:
        if v is None:
            return v
        min_lon, min_lat, max_lon, max_lat = v
        if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
            raise ValueError("bbox must be min_lon,min_lat,max_lon,max_lat within -180..180, -90..90")
        return v

    @field_validator("country")
    @classmethod
    def _check_country(cls, v: str | None) -> str | None:
        """A country name, or an ISO 3166 numeric code of 1-3 ASCII digits: a value of
        digits only ("²", "٣", a 100-digit number) that is not such a code is refused."""
        if v is not None and v.isnumeric() and not ISO_NUMERIC.fullmatch(v):
            raise ValueError("country must be a name or an ISO 3166 numeric code (1 to 3 digits)")
        return v

    @model_validator(mode="after")
    def _check_dates(self) -> EventFilter:
        if self.since and self.until and self.since > self.until:
            raise ValueError("since is after until")
        return self

    def check(self, con: Connection) -> None:
        """Resolve country, admin1 and type to the values the store holds, once.

        Raises :class:`UnknownValue` (with the closest valid values) for a value that names
        nothing: a typo must be an error, not a silent empty result.
        """
        if self._resolved is not None:
            return
        resolved: dict[str, Any] = {}
        if self.country:
            resolved["country"] = resolve_country(self.country, lambda: _distinct(con, "country"))
        if self.admin1:
            if con.execute("SELECT 1 FROM events WHERE lower(admin1) = lower(?) LIMIT 1",
                           [self.admin1]).fetchone():
                resolved["admin1"] = self.admin1
            else:
                resolved["admin1"] = resolve_choice("admin1", self.admin1, _distinct(con, "admin1"))
        if self.type:
            from strife.coding.taxonomy import EVENT_TYPES, SUB_EVENT_TYPES

            valid = list(EVENT_TYPES) + list(SUB_EVENT_TYPES)
            try:
                resolved["type"] = resolve_choice("type", self.type, valid)
            except UnknownValue:
                resolved["type"] = resolve_choice(
                    "type", self.type, valid + _distinct(con, "event_type") + _distinct(con, "sub_event_type"))
        self._resolved = resolved

    def where(self, con: Connection | None = None) -> tuple[str, list[Any]]:
        """SQL condition on alias ``e`` (events) and its parameters.

        With ``con`` the named values are checked first (:meth:`check`).  ``text`` and
        ``actor`` filters need ``con``: they look names and rare words up in the indexes of
        :mod:`strife.store.search`.
        """
        if con is None and (self.text or self.actor):
            raise ValueError("text and actor filters need a store connection")
        if con is not None:
            self.check(con)
        resolved = self._resolved or {}
        conds, params = ["TRUE"], []
        if not self.background:
            conds.append("NOT coalesce(e.background, false)")
        if "country" in resolved:
            iso, name = resolved["country"]
            conds.append("(e.iso = ? OR lower(e.country) = lower(?))")
            params += [iso, name]
        elif self.country:
            if ISO_NUMERIC.fullmatch(self.country):
                conds.append("e.iso = ?")
                params.append(int(self.country))
            else:
                conds.append("lower(e.country) = lower(?)")
                params.append(self.country)
        if self.admin1:
            conds.append("lower(e.admin1) = lower(?)")
            params.append(resolved.get("admin1", self.admin1))
        if self.type:
            conds.append("(lower(e.event_type) = lower(?) OR lower(e.sub_event_type) = lower(?))")
            params += [resolved.get("type", self.type)] * 2
        if self.plover:
            conds.append("upper(e.plover_type) = upper(?)")
            params.append(self.plover)
        if self.actor and con is not None:  # (checked above: text and actor need con)
            cond, args = actor_condition(con, self.actor)
            conds.append(cond)
            params += args
        for side in ("actor1", "actor2"):
            if getattr(self, side):
                conds.append(f"lower(e.{side}) = lower(?)")
                params.append(getattr(self, side))
        if self.since:
            conds.append("e.event_date >= ?")
            params.append(self.since)
        if self.until:
            conds.append("e.event_date <= ?")
            params.append(self.until)
        if self.bbox:
            conds.append("e.longitude BETWEEN ? AND ? AND e.latitude BETWEEN ? AND ?")
            params += [self.bbox[0], self.bbox[2], self.bbox[1], self.bbox[3]]
        if self.min_sources:
            conds.append("e.source_count >= ?")
            params.append(self.min_sources)
        if self.min_fatalities is not None:
            conds.append("coalesce(e.fatalities, 0) >= ?")
            params.append(self.min_fatalities)
        if self.text and con is not None:
            cond, args = text_condition(con, self.text)
            conds.append(cond)
            params += args
        return " AND ".join(conds), params


def filter_help(name: str) -> str:
    """The help text of one EventFilter field (CLI options and API parameters share it)."""
    return EventFilter.model_fields[name].description or ""


def _distinct(con: Connection, column: str) -> list[str]:
    """Distinct non-empty values of one events column (for suggestions)."""
    assert column in EVENT_FIELDS
    return [v for (v,) in con.execute(
        f'SELECT DISTINCT "{column}" FROM events WHERE "{column}" IS NOT NULL ORDER BY 1').fetchall()]


def encode_cursor(key: Any, event_id: str) -> str:
    raw = json.dumps([key.isoformat() if isinstance(key, date) else key, event_id])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def cursor_key(key: Any, sort: str) -> Any:
    """A cursor's decoded key as the type ``sort`` compares; ValueError if it is not one."""
    kind = sort_key_type(sort)
    if kind is date:
        return date.fromisoformat(str(key))
    if not isinstance(key, kind) or isinstance(key, bool):
        raise ValueError("invalid cursor")
    return key


def decode_cursor(cursor: str) -> tuple[Any, str]:
    try:
        key, event_id = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
        if not isinstance(event_id, str) or not isinstance(key, (str, int, float)):
            raise ValueError
        return key, event_id
    except Exception as exc:  # any malformed cursor is the caller's error
        raise ValueError("invalid cursor") from exc


#: ORDER BY for each sort: the same order as SORTS' keys.  Date sorts name the column
#: itself (NULL dates where the 0001-01-01 stand-in puts them) so DuckDB's top-N can
#: skip row groups by their min/max date; ordering by the coalesce() reads every row.
_ORDER = {name: f"{key} {direction}, e.event_id_cnty {direction}" for name, (key, direction) in SORTS.items()}
_ORDER.update({
    "-date": "e.event_date DESC NULLS LAST, e.event_id_cnty DESC",
    "date": "e.event_date ASC NULLS FIRST, e.event_id_cnty ASC",
})


def query_events(con: Connection, flt: EventFilter,
                 with_evidence: bool = True) -> tuple[list[dict[str, Any]], str | None]:
    """Canonical events matching ``flt``, corrections applied, and the cursor of the next
    page (None at the end).  This is the one event projection every reader shows.

    Two steps keep large stores quick: find the page's row ids on the few columns the
    filter and sort need, then read every column of just those rows (one
    ``SELECT * ... ORDER BY ... LIMIT`` would carry all columns through the sort).
    """
    where, params = flt.where(con)
    key_sql, direction = SORTS[flt.sort]
    if flt.cursor:
        key, last_id = decode_cursor(flt.cursor)
        key = cursor_key(key, flt.sort)
        op = "<" if direction == "DESC" else ">"
        where += f" AND ({key_sql}, e.event_id_cnty) {op} (?, ?)"
        params = params + [key, last_id]
    top = con.execute(
        f"SELECT e.rowid, {key_sql} AS _key, e.event_id_cnty FROM events e WHERE {where} "
        f"ORDER BY {_ORDER[flt.sort]} LIMIT ?", params + [flt.limit + 1]).fetchall()
    more = len(top) > flt.limit
    top = top[: flt.limit]
    if not top:
        return [], None
    cols = ", ".join(f'e."{c}"' for c in EVENT_FIELDS + (("evidence",) if with_evidence else ()))
    rows = con.execute(f"SELECT e.rowid, {cols} FROM events e WHERE e.rowid IN (SELECT unnest(?))",
                       [[r[0] for r in top]]).fetchall()
    by_id = {r[1]: r[1:] for r in rows}
    stale = [r[2] for r in top if r[2] not in by_id]
    if stale:  # a write between the two queries moved rows (callers read in one Store.snapshot)
        rows = con.execute(f"SELECT {cols} FROM events e WHERE e.event_id_cnty IN (SELECT unnest(?))",
                           [stale]).fetchall()
        by_id.update((r[0], r) for r in rows)
        top = [r for r in top if r[2] in by_id]  # deleted in between
    events = [_row_to_dict(by_id[r[2]]) for r in top]
    if with_evidence:
        for event, r in zip(events, top):
            event["evidence"] = by_id[r[2]][-1] or []
    next_cursor = encode_cursor(top[-1][1], top[-1][2]) if more and top else None
    overlay(con, events)
    return events, next_cursor


def iter_events(con: Connection, flt: EventFilter, limit: int | None = None, page: int = 2000,
                with_evidence: bool = False) -> Iterator[dict[str, Any]]:
    """Every event matching ``flt`` (at most ``limit``), page by page by cursor, so an
    export of any size holds one page in memory, never the whole result."""
    flt.check(con)
    cursor, seen = None, 0
    while limit is None or seen < limit:
        size = page if limit is None else min(page, limit - seen)
        events, cursor = query_events(con, flt.model_copy(update={"limit": size, "cursor": cursor}),
                                      with_evidence=with_evidence)
        yield from events
        seen += len(events)
        if not cursor:
            return


def count_events(con: Connection, flt: EventFilter) -> int:
    """The number of events matching ``flt`` (every match, not one page)."""
    where, params = flt.where(con)
    return _count(con, where, params)


def _count(con: Connection, where: str, params: list[Any]) -> int:
    return int(one_row(con, f"SELECT count(*) FROM events e WHERE {where}", params)[0])


class CountCache:
    """:func:`count_events` per filter, kept until the store is next written.

    Counting every match reads every row the filter selects (a common word or actor:
    a scan of the whole table), where a page stops after its first rows.  A client
    paging through one result, or polling one filter, asks for the same count again and
    again: it is kept, keyed on the filter's SQL and parameters.

    Validity is a sequence lock.  A writer brackets its writes with :meth:`begin_write`
    and :meth:`end_write` (the API server's write lock does), each of which bumps the
    generation and forgets every count.  A reader takes :meth:`generation` before its
    snapshot begins and passes it to :meth:`count` after its first query: a count is
    reused or kept only if no write was in progress or began in between, so it is the
    count of exactly the state the reader's snapshot sees.
    """

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._generation = 0  # odd while a write is in progress
        self._counts: OrderedDict[tuple[Any, ...], int] = OrderedDict()

    def generation(self) -> int:
        return self._generation

    def __len__(self) -> int:
        return len(self._counts)

    def begin_write(self) -> None:
        with self._lock:
            self._generation += 1
            self._counts.clear()

    def end_write(self) -> None:
        with self._lock:
            self._generation += 1
            self._counts.clear()

    def count(self, con: Connection, flt: EventFilter, generation: int) -> int:
        """``count_events(con, flt)``, reused when the reader's snapshot began at
        ``generation`` with no write in progress and none since."""
        where, params = flt.where(con)
        key = (where, *params)
        usable = generation % 2 == 0
        if usable:
            with self._lock:
                if self._generation == generation and key in self._counts:
                    self._counts.move_to_end(key)
                    return self._counts[key]
        n = _count(con, where, params)
        if usable:
            with self._lock:
                if self._generation == generation:
                    self._counts[key] = n
                    while len(self._counts) > self.size:
                        self._counts.popitem(last=False)
        return n


def _row_to_dict(row: tuple[Any, ...]) -> dict[str, Any]:
    d = dict(zip(EVENT_FIELDS, row[: len(EVENT_FIELDS)]))
    for k, v in d.items():
        if isinstance(v, date):
            d[k] = v.isoformat()
    return d


def _in_chunks(con: Connection, sql: str, values: list[Any], size: int = 1000) -> list[tuple[Any, ...]]:
    """Run ``sql`` (with one ``{marks}`` placeholder) over ``values`` in IN-list chunks.

    DuckDB runs an explicit ``IN (?, ?, ...)`` as a cheap filter on one column, where a
    join or ``IN (SELECT unnest(?))`` builds a hash join over the whole table.
    """
    rows: list[tuple[Any, ...]] = []
    for i in range(0, len(values), size):
        chunk = values[i:i + size]
        rows += con.execute(sql.format(marks=", ".join("?" * len(chunk))), chunk).fetchall()
    return rows


def attach_evidence(con: Connection, events: list[dict[str, Any]]) -> None:
    """Add ``evidence`` (every report's spans) to each event dict, in place."""
    if not events:
        return
    event_of = dict(_in_chunks(con, "SELECT report_id, event_id FROM reports WHERE event_id IN ({marks})",
                               [e["event_id_cnty"] for e in events]))
    rows = _in_chunks(
        con, 'SELECT report_id, field, article_id, start, "end", text, confidence, note FROM evidence '
             "WHERE report_id IN ({marks})", list(event_of))
    rows.sort(key=lambda r: (event_of[r[0]], r[2], r[3], r[1]))
    by_event: dict[str, list[dict[str, Any]]] = {}
    for rid, fld, aid, start, end, text, conf, note in rows:
        by_event.setdefault(event_of[rid], []).append(
            {"field": fld, "article_id": aid, "start": start, "end": end, "text": text,
             "confidence": conf, "note": note})
    for e in events:
        e["evidence"] = by_event.get(e["event_id_cnty"], [])


def get_event(con: Connection, event_id: str) -> dict[str, Any] | None:
    """One canonical event with evidence, its reports (with article and sentence) and corrections."""
    cols = ", ".join(f'"{c}"' for c in EVENT_FIELDS)
    row = con.execute(f"SELECT {cols} FROM events WHERE event_id_cnty = ?", [event_id]).fetchone()
    if row is None:
        return None
    event = _row_to_dict(row)
    overlay(con, [event])
    attach_evidence(con, [event])
    reports = con.execute(
        "SELECT r.report_id, r.article_id, r.sentence_index, r.trigger, r.trigger_start, r.trigger_end, "
        "a.title, a.url, a.source, a.published, s.start, s.text "
        "FROM reports r JOIN articles a ON a.id = r.article_id "
        "LEFT JOIN sentences s ON s.article_id = r.article_id AND s.idx = r.sentence_index "
        "WHERE r.event_id = ? ORDER BY a.published, r.report_id", [event_id]).fetchall()
    event["reports"] = [
        {"report_id": r[0], "article_id": r[1], "sentence_index": r[2], "trigger": r[3],
         "trigger_start": r[4], "trigger_end": r[5], "title": r[6], "url": r[7], "outlet": r[8],
         "published": r[9].isoformat() if r[9] else None, "sentence_start": r[10], "sentence": r[11]}
        for r in reports]
    event["corrections"] = [
        {"field": c[0], "old_value": c[1], "new_value": c[2], "author": c[3], "reason": c[4],
         "created_at": c[5].isoformat()}
        for c in con.execute(
            "SELECT field, old_value, new_value, author, reason, created_at FROM corrections "
            "WHERE event_id = ? ORDER BY created_at", [event_id]).fetchall()]
    return event


def events_of_articles(con: Connection, article_ids: list[str]) -> list[dict[str, Any]]:
    """The canonical events (corrections applied) that reports of these articles belong to,
    oldest first."""
    if not article_ids:
        return []
    cols = ", ".join(f'e."{c}"' for c in EVENT_FIELDS)
    rows = con.execute(
        f"SELECT DISTINCT {cols} FROM events e JOIN reports r ON r.event_id = e.event_id_cnty "
        "WHERE r.article_id IN (SELECT unnest(?)) ORDER BY e.event_date NULLS LAST, e.event_id_cnty",
        [article_ids]).fetchall()
    events = [_row_to_dict(r) for r in rows]
    overlay(con, events)
    return events


def article_text(con: Connection, article_id: str) -> str | None:
    """The stored text of one article (evidence offsets index it)."""
    row = con.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
    return row[0] if row else None


def stats(con: Connection, flt: EventFilter | None = None) -> dict[str, Any]:
    """Counts and fatalities by day, ISO week, event type and admin1 for the filtered events."""
    flt = flt or EventFilter()
    where, params = flt.where(con)

    def grouped(expr: str) -> list[dict[str, Any]]:
        rows = con.execute(
            f"SELECT {expr} AS k, count(*), coalesce(sum(fatalities), 0) FROM events e "
            f"WHERE {where} GROUP BY k ORDER BY k NULLS LAST", params).fetchall()
        return [{"key": k.isoformat() if isinstance(k, date) else k, "events": n, "fatalities": f}
                for k, n, f in rows]

    total, fatalities = one_row(
        con, f"SELECT count(*), coalesce(sum(fatalities), 0) FROM events e WHERE {where}", params)
    return {
        "events": total,
        "fatalities": fatalities,
        "by_day": grouped("e.event_date"),
        "by_week": grouped("date_trunc('week', e.event_date)"),
        "by_type": grouped("e.event_type"),
        "by_admin1": grouped("e.admin1"),
    }


def by_country(con: Connection, flt: EventFilter) -> list[dict[str, Any]]:
    """Events and fatalities per country for the filtered events, most events first."""
    where, params = flt.where(con)
    rows = con.execute(
        f"SELECT e.country, count(*), coalesce(sum(e.fatalities), 0) FROM events e WHERE {where} "
        "GROUP BY e.country ORDER BY count(*) DESC, e.country NULLS LAST", params).fetchall()
    return [{"key": k, "events": n, "fatalities": f} for k, n, f in rows]


def actors(con: Connection, limit: int = 500) -> list[dict[str, Any]]:
    """Actors with their event counts, most active first."""
    rows = con.execute(
        "SELECT actor, count(*) AS n FROM ("
        "  SELECT actor1 AS actor FROM events UNION ALL SELECT actor2 FROM events"
        ") WHERE actor IS NOT NULL GROUP BY actor ORDER BY n DESC, actor LIMIT ?", [limit]).fetchall()
    return [{"actor": a, "events": n} for a, n in rows]


def dyads(con: Connection, limit: int = 200) -> list[dict[str, Any]]:
    """Who fights whom: counts of (actor1, actor2) pairs."""
    rows = con.execute(
        "SELECT actor1, actor2, count(*) AS n FROM events WHERE actor1 IS NOT NULL AND actor2 IS NOT NULL "
        "GROUP BY actor1, actor2 ORDER BY n DESC, actor1, actor2 LIMIT ?", [limit]).fetchall()
    return [{"actor1": a, "actor2": b, "events": n} for a, b, n in rows]
