"""CSV and TSV files (.csv/.tsv): one article per row, streamed.  The text column may be
called ``text``, ``notes`` (as in ACLED exports), ``body`` or ``content``; ``title, url,
published/date, source, lang, dateline`` are mapped when present."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from datetime import date

from strife.model import SourceError
from strife.sources.base import Input, Item, ReadError, too_large
from strife.sources.decode import guess_encoding
from strife.sources.records import FIELD_ALIASES, article_from_record

_SAMPLE = 1 << 16


def read_table_input(inp: Input) -> Iterator[Item]:
    """Reader for CSV/TSV: a bad row is one SourceError ``file:LINE``; the other rows still read."""
    with inp.open() as raw:
        sample = raw.read(_SAMPLE)
        encoding = _encoding(sample)
        raw.seek(0)
        stream = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
        overlong: list[int] = []
        lines = _capped_lines(stream, inp.max_bytes, overlong)
        try:
            first = next(lines, "")
        except UnicodeDecodeError as exc:
            raise ReadError(f"invalid {encoding} in the header line ({exc.reason})") from None
        if overlong:
            raise ReadError(too_large(None, inp.max_bytes) + " (header line)")
        if not first.strip():
            raise ReadError("empty file (no header line)")
        delimiter = "\t" if inp.suffix == ".tsv" else _delimiter(first)
        header = [h.strip().lstrip("\ufeff") for h in next(csv.reader([first], delimiter=delimiter))]
        lowered = {h.lower() for h in header}
        if not any(name in lowered for name in FIELD_ALIASES["text"]):
            expected = ", ".join(FIELD_ALIASES["text"][:4])
            raise ReadError(f"no text column (expected one of {expected}); columns: {', '.join(header)}")
        previous_limit = csv.field_size_limit()
        csv.field_size_limit(max(previous_limit, inp.max_bytes))
        rows = csv.reader(lines, delimiter=delimiter)
        line_no = 1
        try:
            while True:
                start = line_no + 1
                try:
                    row = next(rows)
                except StopIteration:
                    break
                except csv.Error as exc:
                    line_no = 1 + rows.line_num
                    yield SourceError(inp.where(start), f"bad CSV row ({exc})")
                    continue
                except UnicodeDecodeError as exc:
                    yield SourceError(inp.where(start), f"invalid {encoding} ({exc.reason}); "
                                                        "stopped reading this file")
                    return
                line_no = 1 + rows.line_num
                for number in overlong:
                    yield SourceError(inp.where(number), too_large(None, inp.max_bytes) + " (row not parsed)")
                overlong.clear()
                if not row or not any(cell.strip() for cell in row):
                    continue
                if len(row) > len(header):
                    yield SourceError(inp.where(start), f"{len(row)} cells but {len(header)} columns")
                    continue
                yield article_from_record(dict(zip(header, row)), inp.where(start), "csv", inp.max_bytes)
        finally:
            csv.field_size_limit(previous_limit)
            stream.detach()


def _encoding(sample: bytes) -> str:
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReadError("binary file (contains NUL bytes), not CSV")
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=len(sample) < _SAMPLE)
        return "utf-8-sig"
    except UnicodeDecodeError:
        guessed = guess_encoding(sample)
        if guessed is None:
            raise ReadError("not UTF-8 and no confident guess of its encoding") from None
        return guessed


def _capped_lines(stream, max_bytes: int, overlong: list[int]) -> Iterator[str]:
    """Lines of ``stream``; an overlong one is drained, noted in ``overlong`` and replaced by a blank."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(("\n", "\r")):
            while True:
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(("\n", "\r")):
                    break
            overlong.append(number)
            yield "\n"
        else:
            yield line


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_csv(data: str | bytes, origin: str = "<csv>", delimiter_hint: str = ".csv",
             published: date | None = None) -> Iterator[Item]:
    """Read CSV (or TSV with ``delimiter_hint=".tsv"``) from a string or bytes."""
    from strife.sources.walk import read_input

    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    yield from read_input(Input(origin=origin, data=raw, suffix=delimiter_hint),
                          published=published, reader=read_table_input)
