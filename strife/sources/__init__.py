"""Article readers: files, directories and stdin in, :class:`~strife.model.Article` out.

Formats: plain text (.txt, ``Place - Outlet`` dateline, ``NAME.meta.json`` sidecar),
JSON Lines / JSON, HTML (trafilatura), RSS/Atom (feedparser), CSV/TSV.  Every problem is
a :class:`~strife.model.SourceError` naming the input and the reason; nothing raises.

    from strife.sources import read_paths
    for item in read_paths(["examples/"]):
        ...  # Article or SourceError
"""

from strife.sources.base import DEFAULT_MAX_BYTES, Input, ReadError, Reader
from strife.sources.dates import parse_date
from strife.sources.dateline import Dateline, find_dateline
from strife.sources.feed import read_feed
from strife.sources.html import read_html
from strife.sources.jsonrecords import read_json, read_jsonl
from strife.sources.registry import READERS, register_reader, sniff
from strife.sources.table import read_csv
from strife.sources.text import read_text
from strife.sources.walk import read_file, read_input, read_paths

__all__ = [
    "DEFAULT_MAX_BYTES", "Dateline", "Input", "READERS", "ReadError", "Reader",
    "find_dateline", "parse_date", "read_csv", "read_feed", "read_file", "read_html",
    "read_input", "read_json", "read_jsonl", "read_paths", "read_text", "register_reader", "sniff",
]
