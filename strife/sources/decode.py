"""Bytes to text: UTF-8 first, a confident legacy-encoding guess second, binary refused."""

from __future__ import annotations

import codecs
import re

from strife.sources.base import ReadError


#: Encodings news text plausibly comes in.  A guess outside this set (mac_latin2, cp775...)
#: is more likely noise than a real code page, so it is not trusted.
PLAUSIBLE_ENCODINGS = frozenset({
    "cp1256", "iso8859_6",  # Arabic
    "cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2",  # Western / Central European
    "cp1251", "koi8_r", "cp1253", "cp1254", "iso8859_9", "cp1255", "iso8859_8",
    "gb2312", "gbk", "gb18030", "big5", "shift_jis", "euc_jp", "euc_kr", "cp949",
})
LATIN_PAGES = frozenset({"cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2"})
MAX_CHAOS = 0.1  # charset-normalizer's mess ratio; above it the guess is not confident

# A multi-byte UTF-8 sequence: its presence means the file was meant to be UTF-8.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and say which encoding was used; ReadError if it is not text.

    Order: empty -> error; UTF-8/UTF-16 BOM; NUL bytes -> binary; strict UTF-8; if the
    bytes hold valid UTF-8 sequences but also invalid ones -> error (corrupt UTF-8, a guess
    would garble it); otherwise charset-normalizer, trusted only for a plausible code
    page with a low mess ratio.
    """
    if not data.strip():
        raise ReadError("empty file" if not data else "empty file (only whitespace)")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(data.decode(enc)), enc
            except UnicodeDecodeError as exc:
                raise ReadError(f"invalid {enc} after its byte-order mark at byte {exc.start}") from None
    if b"\x00" in data:
        raise ReadError("binary file (contains NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _UTF8_MULTIBYTE.search(data):
        raise ReadError(f"invalid UTF-8 at byte {first_bad} "
                        f"(bytes {data[first_bad:first_bad + 4]!r}); the rest looks like UTF-8")
    enc = guess_encoding(data)
    if enc is None:
        raise ReadError(f"not UTF-8 (invalid byte at {first_bad}) and no confident guess of its encoding")
    text = _checked(data.decode(enc))
    return text, enc


def guess_encoding(data: bytes) -> str | None:
    """The most plausible legacy code page for ``data``, or None if no guess is confident."""
    from charset_normalizer import from_bytes

    plausible = [m for m in from_bytes(data[:200_000])
                 if m.encoding in PLAUSIBLE_ENCODINGS and m.chaos <= MAX_CHAOS]
    if not plausible:
        return None
    best = min(m.chaos for m in plausible)
    ties = [m.encoding for m in plausible if m.chaos <= best + 0.02]
    # Single-byte Latin pages are hard to tell apart from a few accented letters; Windows-1252
    # (a superset of Latin-1) is by far the commonest for English and Western European news.
    if ties[0] in LATIN_PAGES and "cp1252" in ties:
        return "cp1252"
    return ties[0]


def _checked(text: str) -> str:
    """Refuse decoded text that is mostly control characters (a binary file in disguise)."""
    sample = text[:20_000]
    if sample and len(_CONTROL.findall(sample)) > 0.05 * len(sample):
        raise ReadError("binary file (mostly control characters), not text")
    if not text.strip("\ufeff \t\r\n"):
        raise ReadError("empty file (only whitespace)")
    return text
