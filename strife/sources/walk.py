"""Reading many inputs: files, directories (recursively) and stdin, each through its reader.

Nothing a reader raises escapes: every failure becomes a :class:`SourceError` naming the
input, and the other inputs are still read.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from strife.model import Article, SourceError
from strife.sources.base import (Input, Item, Reader, ReadError, default_max_bytes, display_path,
                                 file_kind, too_large)
from strife.sources.furniture import mark_furniture
from strife.sources.records import is_sidecar
from strife.sources.registry import known_suffix, reader_for

log = logging.getLogger("strife.sources")
STDIN = "-"
#: Stdin may hold at most this many articles' worth of bytes (the per-article limit times this).
STDIN_MAX_ARTICLES = 200
_CHUNK = 1 << 20


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
        else:  # read before the next target: stdin's spool file lives until then
            yield from read_input(target, published=published)


def read_file(path: str | Path, published: date | None = None, *,
              max_bytes: int | None = None) -> Iterator[Item]:
    """Articles from one file (format by extension, else sniffed)."""
    yield from read_paths([path], published, max_bytes=max_bytes)


def iter_inputs(paths: Iterable[str | Path], max_bytes: int) -> Iterator[Input | SourceError]:
    """One Input per file to read (directories expanded), or a SourceError for a bad path.

    Origins are :func:`display_path` names (lossless, valid UTF-8 whatever the file name's
    bytes).  Only regular files are read: a named pipe, device or socket is reported and
    skipped (reading one could block forever)."""
    for given in paths:
        if str(given) == STDIN:
            yield from _stdin(max_bytes)
            continue
        path = Path(given)
        if path.is_dir():
            for file in walk_dir(path):
                yield _file_input(file, max_bytes)
        elif path.exists():
            yield _file_input(path, max_bytes)
        else:
            yield SourceError(display_path(path), "no such file or directory")


def _file_input(path: Path, max_bytes: int) -> Input | SourceError:
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return SourceError(display_path(path), f"cannot read: {exc.strerror or exc}")
    if not stat.S_ISREG(mode):
        return SourceError(display_path(path), f"not a regular file ({file_kind(mode)}), skipped")
    return Input(origin=display_path(path), path=path, max_bytes=max_bytes, suffix=path.suffix.lower())


def _stdin(max_bytes: int) -> Iterator[Input | SourceError]:
    """Stdin spooled in bounded chunks to a temporary file, then read like a file.

    Memory stays flat whatever arrives; readers apply the per-article limit (a JSON Lines
    stream may hold many articles), and at most :data:`STDIN_MAX_ARTICLES` times that limit
    is accepted in all."""
    cap = max_bytes * STDIN_MAX_ARTICLES
    with tempfile.TemporaryDirectory(prefix="strife-stdin-") as tmp:
        spool = Path(tmp) / "stdin"
        total = 0
        try:
            with open(spool, "wb") as out:
                while chunk := sys.stdin.buffer.read(_CHUNK):
                    total += len(chunk)
                    if total > cap:
                        yield SourceError("<stdin>", too_large(None, cap).replace(
                            "per article", f"for stdin ({STDIN_MAX_ARTICLES} articles' worth)"))
                        return
                    out.write(chunk)
        except (OSError, ValueError) as exc:
            yield SourceError("<stdin>", f"cannot read stdin: {exc}")
            return
        yield Input(origin="<stdin>", path=spool, max_bytes=max_bytes)


def walk_dir(root: Path) -> Iterator[Path]:
    """Files under ``root``, sorted, without hidden entries, sidecars or unknown types."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            file = Path(dirpath) / name
            if name.startswith(".") or is_sidecar(file):
                continue
            if not known_suffix(file.suffix):
                log.info("%s: skipped (unknown file type)", display_path(file))
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
