"""HTML pages (.html/.htm): the main text via trafilatura, with the page's own metadata
(title, date, site name, canonical URL).  A page with no extractable text is an error."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from strife.model import Article
from strife.sources.base import Input, Item, ReadError, guess_lang, normalise_newlines
from strife.sources.dates import published_date
from strife.sources.decode import decode
from strife.sources.records import apply_dateline, apply_sidecar
from strife.sources.text import sidecar_meta

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


def read_html_input(inp: Input) -> Iterator[Item]:
    """Reader for one HTML page -> one Article (``published_from="html-meta"``)."""
    meta, error = sidecar_meta(inp)
    if error:
        yield error
    page = decode_html(inp.read_bytes())
    extracted = extract(page)
    if extracted is None:
        raise ReadError("HTML has no body text to extract (empty or boilerplate-only page)")
    text, info = extracted
    article = Article(text=text, title=info.get("title"), url=info.get("url"),
                      source=info.get("sitename") or info.get("hostname"), origin=inp.origin)
    when = published_date(info.get("date"), inp.origin)
    if when:
        article.published, article.published_from = when, "html-meta"
    apply_dateline(article)
    apply_sidecar(article, meta, inp.origin)
    article.lang = guess_lang(text, meta.get("lang") or info.get("language"))
    yield article


def decode_html(data: bytes) -> str:
    """UTF-8, else the charset the page declares, else a confident guess."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)[0]


def extract(page: str) -> tuple[str, dict] | None:
    """(main text, metadata dict) of a page, or None when it holds no text."""
    if b"\x00" in page.encode("utf-8", "surrogatepass"):
        raise ReadError("binary file (contains NUL bytes), not HTML")
    import trafilatura

    doc = trafilatura.bare_extraction(page, with_metadata=True, favor_recall=True,
                                      include_comments=False, deduplicate=False)
    info = {}
    text = ""
    if doc is not None:
        info = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        text = info.get("text") or ""
    if not text.strip():
        text = _paragraphs(page)
    text = normalise_newlines(text).strip()
    if not text:
        return None
    title = (info.get("title") or "").strip()
    first, _, rest = text.partition("\n")
    if title and first.strip() == title and rest.strip():
        text = rest.lstrip()  # trafilatura repeats the headline as the first line
    return text, {k: v for k, v in info.items() if isinstance(v, str) and v}


def _paragraphs(page: str) -> str:
    """Fallback for pages trafilatura finds too short: the text of their <p> elements."""
    try:
        import lxml.html

        root = lxml.html.document_fromstring(page)
    except Exception:  # noqa: BLE001 - lxml raises ParserError, XMLSyntaxError, ValueError...
        return ""
    paras = [" ".join(p.text_content().split()) for p in root.iter("p")]
    return "\n".join(p for p in paras if p)


def read_html(data: str | bytes, origin: str = "<html>", meta: dict | None = None,
              published: date | None = None) -> Iterator[Item]:
    """Read one HTML page from a string or bytes."""
    from strife.sources.walk import read_input

    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    yield from read_input(Input(origin=origin, data=raw, suffix=".html", meta=meta),
                          published=published, reader=read_html_input)
