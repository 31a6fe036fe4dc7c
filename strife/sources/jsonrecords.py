"""JSON Lines (.jsonl, one article object per line, streamed) and JSON (.json: one object,
an array of objects, or ``{"articles": [...]}``).

Fields: ``id, url, title, text, published, source, lang`` (aliases in
``records.FIELD_ALIASES``).  The Article id is the content hash of ``text``, not the
record's ``id``, so the same story read from any file gets the same id.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from datetime import date

from strife.model import SourceError
from strife.sources.base import Input, Item, ReadError, too_large
from strife.sources.decode import decode
from strife.sources.records import article_from_record

#: Stop reading a file whose first this-many non-blank lines are all bad (binary or not JSON).
GIVE_UP_AFTER = 20
_CHUNK = 1 << 20


def read_jsonl_input(inp: Input) -> Iterator[Item]:
    """Reader for JSON Lines: each bad line is one SourceError ``file:LINE``; the rest still read."""
    good = bad = 0
    with inp.open() as fp:
        for number, raw in _lines(fp, inp.max_bytes):
            origin = inp.where(number)
            if raw is None:
                bad += 1
                yield SourceError(origin, too_large(None, inp.max_bytes) + " (line not parsed)")
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            item = _parse_line(raw, origin, inp.max_bytes)
            if isinstance(item, SourceError):
                bad += 1
                yield item
                if good == 0 and bad >= GIVE_UP_AFTER:
                    yield SourceError(inp.origin, f"gave up: the first {bad} lines are not JSON "
                                                  "objects (is this really a JSON Lines file?)")
                    return
            else:
                good += 1
                yield item
    if good == 0 and bad == 0:
        raise ReadError("empty file (no JSON lines)")


def _parse_line(raw: bytes, origin: str, max_bytes: int) -> Item:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return SourceError(origin, f"invalid UTF-8 at byte {exc.start} of the line")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(line.rstrip()) - 1 or not line.rstrip().endswith(("}", "]")):
            return SourceError(origin, f"invalid JSON, the line looks truncated ({exc})")
        return SourceError(origin, f"invalid JSON ({exc})")
    except RecursionError:
        return SourceError(origin, "invalid JSON (nested too deeply)")
    return article_from_record(record, origin, "json", max_bytes)


def _lines(fp, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line; ``None`` for a line over ``max_bytes``, skipped unread."""
    number = 0
    while True:
        line = fp.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # drain the rest of the overlong line in bounded chunks
                rest = fp.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
        else:
            yield number, line


def read_json_input(inp: Input) -> Iterator[Item]:
    """Reader for a JSON document: an object, an array of objects, or {"articles": [...]}.

    An array larger than the per-article limit is streamed record by record, each record
    judged against the limit on its own (a 50 MB array of small articles is fine)."""
    size = inp.size()
    if size is not None and size > inp.max_bytes and _starts_array(inp):
        yield from _stream_array(inp)
        return
    text, _ = decode(inp.read_bytes())
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # several objects, one per line: really JSON Lines
            yield from read_jsonl_input(inp)
            return
        raise ReadError(f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise ReadError("invalid JSON (nested too deeply)") from None
    if isinstance(doc, dict) and isinstance(doc.get("articles", doc.get("items")), list):
        doc = doc.get("articles", doc.get("items"))
    if isinstance(doc, dict):
        yield article_from_record(doc, inp.origin, "json", inp.max_bytes)
        return
    if not isinstance(doc, list):
        raise ReadError(f"expected a JSON object or array of objects, got {type(doc).__name__}")
    if not doc:
        raise ReadError("no articles (empty JSON array)")
    for index, record in enumerate(doc, start=1):
        yield article_from_record(record, inp.where(f"#{index}"), "json", inp.max_bytes)


def _starts_array(inp: Input) -> bool:
    with inp.open() as fp:
        return fp.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"[")


def _stream_array(inp: Input) -> Iterator[Item]:
    """Records of a top-level JSON array, decoded one at a time from a bounded buffer.

    A record over the per-article limit, or invalid JSON, ends the file's reading with an
    error naming the record (its end cannot be found without parsing it)."""
    decoder = json.JSONDecoder()
    text_of = codecs.getincrementaldecoder("utf-8-sig")()
    buf, pos, index, eof = "", 0, 0, False
    with inp.open() as fp:
        def more() -> bool:
            nonlocal buf, pos, eof
            if eof:
                return False
            chunk = fp.read(_CHUNK)
            eof = not chunk
            try:
                buf = buf[pos:] + text_of.decode(chunk, final=eof)
            except UnicodeDecodeError as exc:
                raise ReadError(f"invalid UTF-8 in record #{index + 1} ({exc.reason})") from None
            pos = 0
            return bool(chunk)

        def skip(chars: str) -> str:
            """The next character that is not one of ``chars`` (reading more as needed), or ''."""
            nonlocal pos
            while True:
                while pos < len(buf) and buf[pos] in chars:
                    pos += 1
                if pos < len(buf) or not more():
                    return buf[pos:pos + 1]

        if skip(" \t\r\n") != "[":
            raise ReadError("expected a JSON array")
        pos += 1
        while True:
            nxt = skip(" \t\r\n,")
            if nxt == "]":
                break
            if nxt == "":
                yield SourceError(inp.origin, f"invalid JSON: the array ends after record #{index} "
                                              "without ']' (truncated?)")
                return
            index += 1
            while True:
                try:
                    record, end = decoder.raw_decode(buf, pos)
                    if end < len(buf) or eof:  # a number at the buffer's end may go on
                        break
                    more()
                except json.JSONDecodeError as exc:
                    if len(buf) - pos > inp.max_bytes:
                        yield SourceError(inp.where(f"#{index}"), too_large(None, inp.max_bytes)
                                          + " (record not parsed; stopped reading this file)")
                        return
                    if not more():
                        yield SourceError(inp.where(f"#{index}"), f"invalid JSON ({exc.msg}); "
                                                                  "stopped reading this file")
                        return
                except RecursionError:
                    yield SourceError(inp.where(f"#{index}"), "invalid JSON (nested too deeply); "
                                                              "stopped reading this file")
                    return
            pos = end
            yield article_from_record(record, inp.where(f"#{index}"), "json", inp.max_bytes)
    if index == 0:
        raise ReadError("no articles (empty JSON array)")


def read_jsonl(data: str | bytes, origin: str = "<jsonl>",
               published: date | None = None) -> Iterator[Item]:
    """Read JSON Lines from a string or bytes."""
    from strife.sources.walk import read_input

    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    yield from read_input(Input(origin=origin, data=raw, suffix=".jsonl"),
                          published=published, reader=read_jsonl_input)


def read_json(data: str | bytes, origin: str = "<json>",
              published: date | None = None) -> Iterator[Item]:
    """Read a JSON document (object or array of article objects) from a string or bytes."""
    from strife.sources.walk import read_input

    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    yield from read_input(Input(origin=origin, data=raw, suffix=".json"),
                          published=published, reader=read_json_input)
