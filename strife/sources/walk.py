"""Reading many inputs: files, directories (recursively) and stdin, each through its reader.

Nothing a reader raises escapes: every failure becomes a :class:`SourceError` naming the
input, and the other inputs are still read.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from strife.model import Article, SourceError
from strife.sources.base import Input, Item, Reader, ReadError, default_max_bytes
from strife.sources.furniture import mark_furniture
from strife.sources.records import is_sidecar
from strife.sources.registry import known_suffix, reader_for

log = logging.getLogger("strife.sources")
STDIN = "-"


def read_paths(paths: Iterable[str | Path], published: date | None = None, *,
               max_bytes: int | None = None) -> Iterator[Item]:
    """Articles (and SourceErrors) from files, directories and ``-`` (stdin), in order.

    Directories are walked recursively in sorted order, skipping hidden entries, sidecars
    (``*.meta.json``) and files of unknown type.  ``published`` is used only for articles
    that carry no date of their own (``published_from="flag"``).  ``max_bytes`` limits one
    article (default 5 MB, env ``STRIFE_MAX_ARTICLE_BYTES``).
    """
    limit = max_bytes or default_max_bytes()
    if isinstance(paths, (str, Path)):  # one path, not an iterable of characters
        paths = [paths]
    for target in iter_inputs(paths, limit):
        if isinstance(target, SourceError):
            yield target
        else:
            yield from read_input(target, published=published)


def read_file(path: str | Path, published: date | None = None, *,
              max_bytes: int | None = None) -> Iterator[Item]:
    """Articles from one file (format by extension, else sniffed)."""
    yield from read_paths([path], published, max_bytes=max_bytes)


def iter_inputs(paths: Iterable[str | Path], max_bytes: int) -> Iterator[Input | SourceError]:
    """One Input per file to read (directories expanded), or a SourceError for a bad path."""
    for given in paths:
        if str(given) == STDIN:
            try:
                data = sys.stdin.buffer.read()
            except (OSError, ValueError) as exc:
                yield SourceError("<stdin>", f"cannot read stdin: {exc}")
                continue
            yield Input(origin="<stdin>", data=data, max_bytes=max_bytes)
            continue
        path = Path(given)
        if path.is_dir():
            for file in walk_dir(path):
                yield Input(origin=str(file), path=file, max_bytes=max_bytes, suffix=file.suffix.lower())
        elif path.is_file():
            yield Input(origin=str(path), path=path, max_bytes=max_bytes, suffix=path.suffix.lower())
        elif path.exists():
            yield SourceError(str(path), "not a regular file or directory")
        else:
            yield SourceError(str(path), "no such file or directory")


def walk_dir(root: Path) -> Iterator[Path]:
    """Readable files under ``root``, sorted, without hidden entries, sidecars or unknown types."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            file = Path(dirpath) / name
            if name.startswith(".") or is_sidecar(file):
                continue
            if not known_suffix(file.suffix):
                log.info("%s: skipped (unknown file type)", file)
                continue
            yield file


def read_input(inp: Input, published: date | None = None, reader: Reader | None = None) -> Iterator[Item]:
    """Run one input through its reader, turning any failure into a SourceError."""
    try:
        chosen = reader or reader_for(inp)
        for item in chosen(inp):
            if isinstance(item, Article):
                mark_furniture(item)
                if item.published is None and published is not None:
                    item.published, item.published_from = published, "flag"
            yield item
    except ReadError as exc:
        yield SourceError(inp.origin, str(exc))
    except OSError as exc:
        yield SourceError(inp.origin, f"cannot read: {exc.strerror or exc}")
    except (RecursionError, MemoryError) as exc:
        yield SourceError(inp.origin, f"cannot read: too complex or too large ({type(exc).__name__})")
    except Exception as exc:  # a parser bug must not stop the batch; say what happened
        log.debug("reader failed on %s", inp.origin, exc_info=True)
        yield SourceError(inp.origin, f"cannot read: unexpected {type(exc).__name__}: {exc}")
