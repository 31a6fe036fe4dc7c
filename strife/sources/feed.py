"""RSS and Atom feeds (.rss/.atom, and .xml that sniffs as a feed), parsed by feedparser
from the local bytes (nothing is fetched).  One Article per item: text from the item's
content or description with HTML stripped, its date, link and title, the feed's title as
source."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser

from strife.model import Article, SourceError
from strife.sources.base import Input, Item, ReadError, guess_lang, normalise_newlines, too_large
from strife.sources.dates import parse_date, published_date
from strife.sources.records import apply_dateline


def read_feed_input(inp: Input) -> Iterator[Item]:
    """Reader for one RSS/Atom document; zero items is an error ("feed has no items")."""
    import feedparser

    data = inp.read_bytes()
    if not data.strip():
        raise ReadError("empty file")
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("binary file (contains NUL bytes), not a feed")
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo") and not parsed.get("version"):
            problem = parsed.get("bozo_exception")
            raise ReadError(f"not an RSS/Atom feed ({problem})" if problem else "not an RSS/Atom feed")
        raise ReadError("feed has no items")
    feed_title = _clean(parsed.get("feed", {}).get("title"))
    for index, entry in enumerate(entries, start=1):
        yield _article(entry, inp.where(f"#{index}"), feed_title, inp.max_bytes)


def _article(entry, origin: str, feed_title: str | None, max_bytes: int) -> Item:
    html = ""
    for content in entry.get("content") or []:
        if content.get("value"):
            html = content["value"]
            break
    html = html or entry.get("summary") or entry.get("description") or ""
    if len(html.encode("utf-8", "surrogatepass")) > max_bytes:
        return SourceError(origin, too_large(len(html.encode("utf-8", "surrogatepass")), max_bytes))
    text = normalise_newlines(strip_html(html)).strip()
    title = _clean(entry.get("title"))
    if not text:
        return SourceError(origin, f"feed item {title!r} has no text (no content or description)"
                           if title else "feed item has no text (no content or description)")
    source = _clean((entry.get("source") or {}).get("title")) or feed_title
    article = Article(text=text, title=title, url=_clean(entry.get("link")), source=source,
                      origin=origin, lang=guess_lang(text, entry.get("language")))
    when = None
    raw = dict(entry)  # plain dict access: no feedparser key aliasing (and its warnings)
    for key in ("published", "updated", "created", "dc_date"):
        if raw.get(key):  # the raw string keeps the publisher's local calendar date
            when = parse_date(raw[key])
            if when:
                break
    if when is None:
        for key in ("published_parsed", "updated_parsed"):
            if raw.get(key):
                when = date(*raw[key][:3])
                break
    if when is None and raw.get("published"):
        published_date(raw["published"], origin)  # logs the unreadable value
    if when:
        article.published, article.published_from = when, "feed"
    apply_dateline(article)
    return article


def _clean(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(strip_html(value).split())
    return value or None


class _TextOnly(HTMLParser):
    """Collects text, turning block elements into line breaks."""

    BLOCKS = frozenset("p div br li h1 h2 h3 h4 h5 h6 tr blockquote section article".split())
    SKIP = frozenset({"script", "style"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def strip_html(html: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, one paragraph per line."""
    if "<" not in html and "&" not in html:
        return html
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def read_feed(data: str | bytes, origin: str = "<feed>",
              published: date | None = None) -> Iterator[Item]:
    """Read an RSS/Atom document from a string or bytes."""
    from strife.sources.walk import read_input

    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    yield from read_input(Input(origin=origin, data=raw, suffix=".rss"),
                          published=published, reader=read_feed_input)
