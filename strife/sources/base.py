"""What every reader shares: the input handle, the size limit and the error a reader raises."""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from strife.model import Article, SourceError

#: Default limit on the bytes of one article (a whole single-article file, one JSON line,
#: one CSV row...).  ``STRIFE_MAX_ARTICLE_BYTES`` overrides it.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

Item = Article | SourceError


def default_max_bytes() -> int:
    """The per-article byte limit: ``STRIFE_MAX_ARTICLE_BYTES`` or 5 MB."""
    raw = os.environ.get("STRIFE_MAX_ARTICLE_BYTES", "")
    return int(raw) if raw.strip().isdigit() and int(raw) > 0 else DEFAULT_MAX_BYTES


class ReadError(Exception):
    """Raised by a reader for a whole input it cannot read; becomes a SourceError."""


@dataclass
class Input:
    """One thing to read: a file, stdin or an in-memory string, with its limit.

    ``origin`` names it in Article.origin and error messages; ``path`` is set for
    real files (readers use it to find sidecars).
    """

    origin: str
    path: Path | None = None
    data: bytes | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    suffix: str = ""
    meta: dict | None = None  # sidecar-style metadata given by the caller (else read the sidecar)

    def open(self) -> BinaryIO:
        """A fresh binary stream over the input; only a regular file is opened (a named pipe,
        device or socket could block or never end: ReadError, without waiting on it)."""
        if self.data is not None:
            return io.BytesIO(self.data)
        if self.path is None:
            raise ReadError("nothing to read")
        return open_regular(self.path)

    def size(self) -> int | None:
        if self.data is not None:
            return len(self.data)
        if self.path is not None:
            return self.path.stat().st_size
        return None

    def read_bytes(self) -> bytes:
        """The whole input, refusing (without reading it) anything over ``max_bytes``."""
        size = self.size()
        if size is not None and size > self.max_bytes:
            raise ReadError(too_large(size, self.max_bytes))
        if self.data is not None:
            return self.data
        with self.open() as fp:
            data = fp.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            raise ReadError(too_large(None, self.max_bytes))
        return data

    def where(self, part: int | str) -> str:
        """The origin of one record inside this input: ``file:LINE`` or ``file#ITEM``."""
        return f"{self.origin}:{part}" if isinstance(part, int) else f"{self.origin}{part}"


def open_regular(path: Path) -> BinaryIO:
    """``open(path, "rb")`` for a regular file, else ReadError naming what it is.

    The file is opened non-blocking and checked with fstat, so a path swapped for a FIFO
    after a directory listing cannot hang the reader."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ReadError(f"not a regular file ({file_kind(mode)}), skipped")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, name in ((stat.S_ISFIFO, "named pipe"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket"), (stat.S_ISDIR, "directory")):
        if test(mode):
            return name
    return "special file"


def display_path(path: str | os.PathLike) -> str:
    """A file name as stored and shown: lossless, always valid UTF-8.

    A name's bytes that are not UTF-8 (Python holds them as surrogate escapes) are written
    ``\\xNN``, and a literal backslash as two backslashes, so every name maps to one
    distinct string that any UTF-8 store, terminal or JSON accepts."""
    raw = os.fsencode(path)
    return raw.replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")


def too_large(size: int | None, limit: int) -> str:
    got = f"{size:,} bytes" if size is not None else "more than that"
    return (f"too large: {got}, over the limit of {limit:,} bytes per article "
            "(set STRIFE_MAX_ARTICLE_BYTES or max_bytes to raise it)")


Reader = Callable[[Input], Iterable[Item]]




def normalise_newlines(text: str) -> str:
    """CRLF/CR to LF and no BOM; every offset is into the text *after* this step."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-z]")


def guess_lang(text: str, declared: str | None) -> str:
    """The declared language, else "ar" for mostly-Arabic-script text, else "en"."""
    if declared and str(declared).strip():
        return str(declared).strip().lower()
    sample = text[:4000]
    arabic = len(_ARABIC.findall(sample))
    return "ar" if arabic > len(_LATIN.findall(sample)) else "en"
