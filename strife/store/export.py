"""Write event dicts (from ``queries.iter_events``) as CSV, JSON, GeoJSON or Parquet, streaming.

Every writer takes an iterable and writes as it reads, so an export of a million events
holds one page in memory (the CLI and the API feed it :func:`queries.iter_events`).
"""

from __future__ import annotations

import csv
import io
import json
import typing
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from strife.model import ACLED_COLUMNS, EventRecord

if TYPE_CHECKING:
    import pyarrow as pa

#: Columns after ACLED's own in CSV/Parquet exports.
EXTRA_COLUMNS = ("plover_type", "plover_mode", "confidence", "source_count", "reported_by", "background")
#: Every column of a CSV/Parquet export, in order.
COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS
FORMATS = ("csv", "json", "geojson", "parquet")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PARQUET_BATCH = 5000


def json_event(e: dict[str, Any]) -> dict[str, Any]:
    """ACLED columns, the extras and the evidence list, as the JSON interface promises."""
    out = {c: e.get(c) for c in COLUMNS}
    out["evidence"] = [{k: v[k] for k in ("field", "article_id", "start", "end", "text")}
                       for v in e.get("evidence", [])]
    return out


def safe_cell(value: object) -> object:
    """Neutralise spreadsheet formulas: a text cell starting with = + - @ gets a leading '."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_chunks(events: Iterable[dict[str, Any]], rows_per_chunk: int = 500) -> Iterator[str]:
    """CSV text (header first, ACLED column order), a few hundred rows per chunk."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for i, e in enumerate(events, 1):
        writer.writerow(["" if e.get(c) is None else safe_cell(e.get(c)) for c in COLUMNS])
        if i % rows_per_chunk == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _feature(e: dict[str, Any]) -> dict[str, Any] | None:
    if e.get("latitude") is None or e.get("longitude") is None:
        return None
    return {"type": "Feature", "id": e["event_id_cnty"],
            "geometry": {"type": "Point", "coordinates": [e["longitude"], e["latitude"]]},
            "properties": json_event(e)}


def geojson_chunks(events: Iterable[dict[str, Any]], extra: dict[str, Any] | None = None) -> Iterator[str]:
    """A GeoJSON FeatureCollection of the events with coordinates, one feature per chunk."""
    yield '{"type": "FeatureCollection", "features": ['
    sep = "\n"
    for e in events:
        feature = _feature(e)
        if feature is not None:
            yield sep + _dumps(feature)
            sep = ",\n"
    tail = "".join(f", {json.dumps(k)}: {_dumps(v)}" for k, v in (extra or {}).items())
    yield "\n]" + tail + "}\n"


def json_chunks(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON array of :func:`json_event` objects, one event per chunk."""
    yield "["
    sep = "\n"
    for e in events:
        yield sep + _dumps(json_event(e))
        sep = ",\n"
    yield "\n]\n"


def to_geojson(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The FeatureCollection as one dict (for small, in-memory uses)."""
    return {"type": "FeatureCollection", "features": [f for f in map(_feature, events) if f is not None]}


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=_default)


def _default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def parquet_schema() -> pa.Schema:
    """Arrow types of the export columns, from EventRecord's annotations (dates as DATE)."""
    import pyarrow as pa

    arrow = {date: pa.date32(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(), str: pa.string()}
    hints = typing.get_type_hints(EventRecord)
    fields = []
    for c in COLUMNS:
        kinds = [t for t in typing.get_args(hints[c]) or (hints[c],) if t is not type(None)]
        fields.append(pa.field(c, arrow[kinds[0]]))
    return pa.schema(fields)


def _parquet_value(value: object, kind: pa.DataType) -> object:
    import pyarrow as pa

    if value is None:
        return None
    if kind == pa.date32() and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def write_parquet(events: Iterable[dict[str, Any]], dest: str | Path) -> int:
    """Parquet with typed columns, written in row groups as the events arrive."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    n = 0
    it = iter(events)
    with pq.ParquetWriter(str(dest), schema) as writer:
        while batch := list(islice(it, _PARQUET_BATCH)):
            columns = {f.name: [_parquet_value(e.get(f.name), f.type) for e in batch] for f in schema}
            writer.write_table(pa.Table.from_pydict(columns, schema=schema))
            n += len(batch)
    return n


class _Counter:
    """Passes events through and counts them."""

    def __init__(self, events: Iterable[dict[str, Any]]) -> None:
        self.events, self.n = events, 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for e in self.events:
            self.n += 1
            yield e


def write_events(events: Iterable[dict[str, Any]], fmt: str, dest: str | Path | IO[str]) -> int:
    """Write ``events`` in ``fmt`` to a path or an open text stream; return how many."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        return write_parquet(events, dest)  # type: ignore[arg-type]
    counted = _Counter(events)
    chunks = {"csv": csv_chunks, "json": json_chunks, "geojson": geojson_chunks}[fmt](counted)
    if isinstance(dest, (str, Path)):
        with open(dest, "w", encoding="utf-8", newline="") as fh:
            fh.writelines(chunks)
    else:
        dest.writelines(chunks)
    return counted.n
