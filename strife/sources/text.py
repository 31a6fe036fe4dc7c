"""Plain-text articles (.txt): one article per file, an optional ``Place - Outlet`` first
line, an optional ``NAME.meta.json`` sidecar."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date

from strife.model import Article, SourceError
from strife.sources.base import Input, Item, ReadError, display_path, guess_lang, normalise_newlines
from strife.sources.decode import decode
from strife.sources.records import apply_dateline, apply_sidecar, read_sidecar, sidecar_path

log = logging.getLogger("strife.sources")


def sidecar_meta(inp: Input) -> tuple[dict, SourceError | None]:
    """The caller's metadata, else the sidecar's; a broken sidecar is reported, then ignored."""
    if inp.meta is not None:
        return inp.meta, None
    try:
        return read_sidecar(inp.path), None
    except ReadError as exc:
        return {}, SourceError(display_path(sidecar_path(inp.path)) if inp.path else inp.origin, str(exc))


def read_text_input(inp: Input) -> Iterator[Item]:
    """Reader for one plain-text input: the full text (dateline line included) as one Article."""
    meta, error = sidecar_meta(inp)
    if error:
        yield error
    text, encoding = decode(inp.read_bytes())
    if encoding not in ("utf-8", "utf-8-sig"):
        log.warning("%s: not UTF-8; decoded as %s", inp.origin, encoding)
    yield text_article(normalise_newlines(text), inp.origin, meta)


def text_article(text: str, origin: str, meta: dict | None = None) -> Article:
    """An Article from decoded text: dateline recognised, then sidecar metadata applied."""
    article = Article(text=text, origin=origin)
    apply_dateline(article)
    apply_sidecar(article, meta or {}, origin)
    article.lang = guess_lang(text, (meta or {}).get("lang"))
    return article


def read_text(data: str | bytes, origin: str = "<text>", meta: dict | None = None,
              published: date | None = None) -> Iterator[Item]:
    """Read one plain-text article from a string or bytes; ``meta`` holds sidecar-style fields."""
    from strife.sources.walk import read_input

    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    yield from read_input(Input(origin=origin, data=raw, suffix=".txt", meta=meta),
                          published=published, reader=read_text_input)
