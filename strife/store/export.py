"""Write event dicts (from ``queries.query_events``) as CSV, JSON, GeoJSON or Parquet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import IO

from strife.model import ACLED_COLUMNS

#: Columns after ACLED's own in CSV/Parquet exports.
EXTRA_COLUMNS = ("plover_type", "plover_mode", "confidence", "source_count", "reported_by", "background")
FORMATS = ("csv", "json", "geojson", "parquet")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def json_event(e: dict) -> dict:
    """ACLED columns, the extras and the evidence list, as the JSON interface promises."""
    out = {c: e.get(c) for c in ACLED_COLUMNS}
    out.update({c: e.get(c) for c in EXTRA_COLUMNS})
    out["evidence"] = [{k: v[k] for k in ("field", "article_id", "start", "end", "text")}
                       for v in e.get("evidence", [])]
    return out


def safe_cell(value):
    """Neutralise spreadsheet formulas: a text cell starting with = + - @ gets a leading '."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(events: list[dict], out: IO[str]) -> None:
    cols = ACLED_COLUMNS + EXTRA_COLUMNS
    writer = csv.writer(out)
    writer.writerow(cols)
    for e in events:
        writer.writerow(["" if e.get(c) is None else safe_cell(e.get(c)) for c in cols])


def to_geojson(events: list[dict]) -> dict:
    features = []
    for e in events:
        if e.get("latitude") is None or e.get("longitude") is None:
            continue
        props = json_event(e)
        features.append({"type": "Feature", "id": e["event_id_cnty"],
                         "geometry": {"type": "Point", "coordinates": [e["longitude"], e["latitude"]]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}


def write_events(events: list[dict], fmt: str, dest: str | Path | IO[str]) -> None:
    """Write ``events`` in ``fmt`` to a path or an open text stream."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        cols = ACLED_COLUMNS + EXTRA_COLUMNS
        table = pa.Table.from_pylist([{c: e.get(c) for c in cols} for e in events])
        pq.write_table(table, str(dest))
        return
    buf = io.StringIO()
    if fmt == "csv":
        to_csv(events, buf)
    elif fmt == "json":
        json.dump([json_event(e) for e in events], buf, ensure_ascii=False, indent=1, default=str)
        buf.write("\n")
    else:
        json.dump(to_geojson(events), buf, ensure_ascii=False, default=str)
        buf.write("\n")
    if isinstance(dest, (str, Path)):
        Path(dest).write_text(buf.getvalue(), encoding="utf-8")
    else:
        dest.write(buf.getvalue())
