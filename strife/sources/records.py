"""Metadata records (JSON objects, CSV rows, sidecars) to Articles: field names and aliases."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from strife.model import Article, SourceError
from strife.sources.base import ReadError, guess_lang, normalise_newlines, too_large
from strife.sources.dateline import find_dateline
from strife.sources.dates import published_date

#: Accepted names for each Article field, most specific first (matched case-insensitively).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "notes", "article", "story"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "published": ("published", "date", "published_at", "publication_date", "pubdate", "pub_date"),
    "source": ("source", "outlet", "publisher", "sitename"),
    "lang": ("lang", "language"),
    "dateline": ("dateline",),
}
SIDECAR_SUFFIX = ".meta.json"


def pick(record: Mapping[str, Any], name: str) -> Any:
    """The record's value for Article field ``name`` under any accepted alias, or None."""
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    for alias in FIELD_ALIASES[name]:
        value = lowered.get(alias)
        if value not in (None, ""):
            return value
    return None


def scalar(value: Any) -> str | None:
    """A metadata value as a stripped string (numbers allowed), None for empty or structured."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = str(value).strip()
    if "\x00" in text:  # the NUL rule (binary data is never text), here for a metadata field
        return None
    return text or None


def article_from_record(record: Any, origin: str, published_from: str,
                        max_bytes: int) -> Article | SourceError:
    """An Article from one JSON object / CSV row, or a SourceError saying what is wrong."""
    if not isinstance(record, Mapping):
        return SourceError(origin, f"expected an object with a text field, got {type(record).__name__}")
    text = pick(record, "text")
    if text is None:
        names = ", ".join(FIELD_ALIASES["text"][:4])
        return SourceError(origin, f"no text (expected a non-empty field named one of: {names})")
    if not isinstance(text, str):
        return SourceError(origin, f"the text field holds a {type(text).__name__}, not a string")
    if "\x00" in text:  # the NUL rule of every reader (strife.sources.decode), per record
        return SourceError(origin, "binary data (contains NUL characters), not text")
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        return SourceError(origin, too_large(len(text.encode("utf-8", "surrogatepass")), max_bytes))
    text = normalise_newlines(text)
    if not text.strip():
        return SourceError(origin, "empty text")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return SourceError(origin, "text holds unpaired surrogate characters (broken encoding)")
    article = Article(text=text, title=scalar(pick(record, "title")), url=scalar(pick(record, "url")),
                      source=scalar(pick(record, "source")), origin=origin,
                      lang=guess_lang(text, scalar(pick(record, "lang"))))
    raw_date = pick(record, "published")
    article.published = published_date(raw_date if not isinstance(raw_date, (dict, list)) else None,
                                       origin)
    if article.published:
        article.published_from = published_from
    apply_dateline(article, scalar(pick(record, "dateline")))
    return article


def apply_dateline(article: Article, declared: str | None = None) -> None:
    """Fill dateline, body_start and (if still unknown) source/published from the text's dateline."""
    found = find_dateline(article.text)
    if found:
        article.body_start = found.body_start
        article.dateline = found.place
        if not article.source and found.outlet:
            article.source = found.outlet
        if article.published is None and found.published is not None:
            article.published, article.published_from = found.published, "dateline"
    if declared:
        article.dateline = declared


def sidecar_path(path: Path) -> Path:
    """``story.txt`` -> ``story.meta.json`` beside it."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def read_sidecar(path: Path | None) -> dict[str, Any]:
    """The sidecar's metadata for ``path`` ({} if none); ReadError if it exists but is broken."""
    if path is None:
        return {}
    meta = sidecar_path(path)
    if not meta.is_file():
        return {}
    try:
        data = json.loads(meta.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ReadError(f"unreadable sidecar: {exc}") from None
    if not isinstance(data, dict):
        raise ReadError("unreadable sidecar: expected a JSON object")
    return data


def apply_sidecar(article: Article, meta: Mapping[str, Any], origin: str) -> None:
    """Sidecar values override what the file itself said (title, url, source, published...)."""
    if not meta:
        return
    for name in ("title", "url", "source", "dateline"):
        value = scalar(pick(meta, name))
        if value:
            setattr(article, name, value)
    lang = scalar(pick(meta, "lang"))
    if lang:
        article.lang = lang.lower()
    raw = pick(meta, "published")
    if raw is not None:
        when = published_date(raw if not isinstance(raw, (dict, list)) else None, origin)
        if when:
            article.published, article.published_from = when, "sidecar"
