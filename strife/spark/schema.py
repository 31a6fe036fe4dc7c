"""The Parquet layout Spark writes: one row per article and one row per report.

Report columns are exactly the store's ``reports`` columns
(:data:`strife.store.records.REPORT_FIELDS`, plus ``report_id``) with the evidence
nested as a list of structs, so ``strife load-parquet`` is a plain copy.  Types come
from the :class:`strife.model.EventRecord` annotations, so a field added to the model
and to ``REPORT_FIELDS`` appears here without edits.
"""

from __future__ import annotations

import typing
from datetime import date

from strife.model import EventRecord
from strife.store.records import REPORT_FIELDS

#: Columns stored as BIGINT in the store (everything else int is INTEGER).
_BIGINT = {"geonameid"}

#: Input columns an article file may carry; only ``text`` is required.
ARTICLE_INPUT_FIELDS: tuple[str, ...] = ("id", "url", "title", "text", "published", "source", "lang")
#: Extra Article fields honoured when present (e.g. written from ``strife.sources`` output).
ARTICLE_OPTIONAL_FIELDS: tuple[str, ...] = ("dateline", "body_start", "origin", "published_from")

EVIDENCE_DDL = ("struct<field:string, article_id:string, start:int, end:int, text:string, "
                "confidence:double, note:string>")
SENTENCE_DDL = "struct<idx:int, start:int, end:int>"


def _spark_type(fld: str, hint) -> str:
    args = [a for a in typing.get_args(hint) if a is not type(None)] or [hint]
    base = args[0]
    if base is bool:
        return "boolean"
    if base is int:
        return "bigint" if fld in _BIGINT else "int"
    if base is float:
        return "double"
    if base is date:
        return "date"
    return "string"


def report_columns() -> list[tuple[str, str]]:
    """(name, Spark SQL type) of every report column, ``report_id`` first, ``evidence`` last."""
    hints = typing.get_type_hints(EventRecord)
    cols = [("report_id", "string")]
    cols += [(f, _spark_type(f, hints[f])) for f in REPORT_FIELDS]
    cols.append(("evidence", f"array<{EVIDENCE_DDL}>"))
    return cols


ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "string"), ("origin", "string"), ("url", "string"), ("title", "string"),
    ("source", "string"), ("published", "date"), ("published_from", "string"), ("lang", "string"),
    ("dateline", "string"), ("body_start", "int"), ("text", "string"),
    ("warnings", "array<string>"), ("sentences", f"array<{SENTENCE_DDL}>"),
    ("n_reports", "int"), ("report_ids", "array<string>"), ("error", "string"),
)


def _ddl(cols) -> str:
    return ", ".join(f"`{name}` {typ}" for name, typ in cols)


def report_ddl() -> str:
    """Spark DDL of one report row."""
    return _ddl(report_columns())


def extraction_ddl() -> str:
    """Spark DDL of what ``mapInPandas`` returns: one row per article, its reports nested."""
    report_struct = "struct<" + ", ".join(f"`{n}`:{t}" for n, t in report_columns()) + ">"
    return _ddl(list(ARTICLE_COLUMNS) + [("reports", f"array<{report_struct}>")])


def _arrow_type(typ: str):
    import pyarrow as pa

    simple = {"string": pa.string(), "int": pa.int32(), "bigint": pa.int64(),
              "double": pa.float64(), "date": pa.date32(), "boolean": pa.bool_()}
    if typ in simple:
        return simple[typ]
    if typ.startswith("array<") and typ.endswith(">"):
        return pa.list_(_arrow_type(typ[6:-1]))
    if typ.startswith("struct<") and typ.endswith(">"):
        fields = []
        for part in _split_top(typ[7:-1]):
            name, inner = part.split(":", 1)
            fields.append(pa.field(name.strip().strip("`"), _arrow_type(inner.strip())))
        return pa.struct(fields)
    raise ValueError(f"no Arrow type for {typ!r}")


def _split_top(body: str) -> list[str]:
    """Split ``a:int, b:struct<x:int, y:int>`` at top-level commas."""
    parts, depth, cur = [], 0, ""
    for ch in body:
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur)
    return parts


def articles_arrow_schema():
    """Arrow schema of ``OUTPUT/articles`` (what Spark writes, for writers without Spark)."""
    import pyarrow as pa

    return pa.schema([pa.field(n, _arrow_type(t)) for n, t in ARTICLE_COLUMNS])


def reports_arrow_schema():
    """Arrow schema of ``OUTPUT/reports``."""
    import pyarrow as pa

    return pa.schema([pa.field(n, _arrow_type(t)) for n, t in report_columns()])
