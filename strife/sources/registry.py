"""Which reader handles which file: by extension, else by sniffing the first bytes.

Add a format with :func:`register_reader`::

    from strife.sources import register_reader
    register_reader(".eml", my_email_reader)   # my_email_reader(inp: Input) -> Iterable[Article | SourceError]
"""

from __future__ import annotations

import json

from strife.sources.base import Input, Reader
from strife.sources.feed import read_feed_input
from strife.sources.html import read_html_input
from strife.sources.jsonrecords import read_json_input, read_jsonl_input
from strife.sources.table import read_table_input
from strife.sources.text import read_text_input

#: Extension (lower case, with the dot) -> reader.  ``.xml`` is sniffed: feed or HTML.
READERS: dict[str, Reader] = {
    ".txt": read_text_input,
    ".text": read_text_input,
    ".jsonl": read_jsonl_input,
    ".ndjson": read_jsonl_input,
    ".json": read_json_input,
    ".html": read_html_input,
    ".htm": read_html_input,
    ".xhtml": read_html_input,
    ".rss": read_feed_input,
    ".atom": read_feed_input,
    ".csv": read_table_input,
    ".tsv": read_table_input,
}
SNIFFED = frozenset({".xml"})
_HEAD = 4096


def register_reader(suffix: str, reader: Reader) -> None:
    """Read files ending in ``suffix`` (".eml" or "eml") with ``reader`` from now on."""
    suffix = suffix.lower()
    READERS[suffix if suffix.startswith(".") else "." + suffix] = reader


def known_suffix(suffix: str) -> bool:
    """True if files with this extension are read when met inside a directory."""
    return suffix.lower() in READERS or suffix.lower() in SNIFFED


def reader_for(inp: Input) -> Reader:
    """The registered reader for ``inp``'s extension, else one chosen by sniffing its content."""
    reader = READERS.get(inp.suffix.lower())
    if reader is not None:
        return reader
    with inp.open() as fp:
        head = fp.read(_HEAD)
    return sniff(head)


def sniff(head: bytes) -> Reader:
    """Guess the format from the first bytes: feed, HTML, JSON, JSON Lines, else plain text."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lowered = start[:_HEAD].lower()
    if start.startswith(b"<"):
        if any(tag in lowered for tag in (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")):
            return read_feed_input
        return read_html_input
    if start.startswith(b"["):
        return read_json_input
    if start.startswith(b"{"):
        first_line = start.split(b"\n", 1)[0]
        try:
            json.loads(first_line)
            return read_jsonl_input
        except ValueError:
            return read_json_input
    return read_text_input
