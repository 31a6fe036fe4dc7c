"""Toponym recognition: spaCy GPE/LOC/FAC entities plus a gazetteer-driven matcher.

The statistical model misses rare or oddly spelled names ("Boukamal"); the matcher
looks up runs of proper nouns in the gazetteer (exact key, then transliteration
skeleton).  Names of actors that look like places ("Daesh", "IS", "Hezbollah") and
spans the coding stage labelled ACTOR are never toponyms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from strife.geo import sources
from strife.geo.normalize import name_key, skeleton

PLACE_LABELS = {"GPE", "LOC", "FAC"}
BLOCKING_LABELS = {"ACTOR", "PERSON", "ORG", "NORP", "DATE", "TIME", "MONEY", "PERCENT",
                   "QUANTITY", "CARDINAL", "ORDINAL", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT",
                   "LANGUAGE"}
#: Head nouns that say which kind of unit a name refers to ("Deir Ezzor province").
ADMIN_HEADS = {"province": "A", "governorate": "A", "state": "A", "county": "A", "district": "A",
               "region": "A", "prefecture": "A", "oblast": "A", "department": "A", "parish": "A",
               "subdistrict": "A", "territory": "A", "countryside": "A",
               "city": "P", "town": "P", "village": "P", "township": "P", "municipality": "P",
               "river": "H", "lake": "H", "sea": "H", "mountains": "T", "mountain": "T",
               "valley": "T", "desert": "T"}
_CONNECTORS = {"al", "el", "ad", "ar", "as", "az", "ash", "at", "an", "ez", "es", "de", "del",
               "la", "le", "du", "of", "upon", "on", "bin", "ibn", "bani", "abu", "um", "umm"}
_LEADING = re.compile(r"^(?:the|The)\s+")
_TRAILING = re.compile(r"(?:['’]s|['’])$")
MAX_NGRAM = 4


@dataclass
class Toponym:
    """A place name found in text; ``head`` is a following unit noun, ``demonym`` marks adjectives."""

    start: int
    end: int
    text: str
    source: str  # "ner", "gazetteer" or "demonym"
    head: str | None = None
    sentence: int | None = None
    demonym: bool = False


@lru_cache(maxsize=1)
def not_place_keys() -> frozenset[str]:
    return frozenset(name_key(n) for n in sources.not_places())


@lru_cache(maxsize=1)
def demonym_keys() -> frozenset[str]:
    return frozenset(name_key(d) for d, _ in sources.demonyms())


def _trim(doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive from a character span."""
    text = doc.text[start:end]
    m = _LEADING.match(text)
    if m:
        start += m.end()
    text = doc.text[start:end]
    m = _TRAILING.search(text)
    if m:
        end -= len(m.group(0))
    return start, end


def _head_after(doc, end_token: int) -> str | None:
    if end_token < len(doc):
        word = doc[end_token].lower_
        if word in ADMIN_HEADS:
            return word
    return None


def _is_actor(text: str) -> bool:
    key = name_key(text)
    return key in not_place_keys()


def detect(doc, gazetteer, demonyms: bool = True, body_start: int = 0) -> list[Toponym]:
    """Toponyms in a spaCy Doc, sorted by position."""
    sent_of = {}
    for i, sent in enumerate(doc.sents):
        for tok in sent:
            sent_of[tok.i] = i
    found: list[Toponym] = []
    taken = [False] * len(doc)

    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            if _is_actor(ent.text) or not ent.text[:1].isupper() and not ent.text.lower().startswith("the "):
                continue
            start, end = _trim(doc, ent.start_char, ent.end_char)
            head = ent[-1].lower_ if ent[-1].lower_ in ADMIN_HEADS and len(ent) > 1 else _head_after(doc, ent.end)
            if head and ent[-1].lower_ == head and len(ent) > 1:
                end = ent[-2].idx + len(ent[-2].text)
                start, end = _trim(doc, start, end)
            if end <= start:
                continue
            if ent.label_ == "FAC" and not gazetteer.known_keys({name_key(doc.text[start:end])}):
                continue
            found.append(Toponym(start, end, doc.text[start:end], "ner", head, sent_of.get(ent.start)))
            for t in range(ent.start, ent.end):
                taken[t] = True
        elif ent.label_ in BLOCKING_LABELS:
            if demonyms and ent.label_ == "NORP" and len(ent) == 1 and name_key(ent.text) in demonym_keys():
                found.append(Toponym(ent.start_char, ent.end_char, ent.text, "demonym", None,
                                     sent_of.get(ent.start), demonym=True))
            for t in range(ent.start, ent.end):
                taken[t] = True

    found.extend(_gazetteer_matches(doc, gazetteer, taken, sent_of))
    found.sort(key=lambda t: t.start)
    return found


def _proper(tok) -> bool:
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.is_stop and tok.is_alpha


def _gazetteer_matches(doc, gazetteer, taken: list[bool], sent_of: dict) -> list[Toponym]:
    """Longest runs of proper nouns (with name connectors) that the gazetteer knows."""
    spans: list[tuple[int, int, str]] = []
    for i in range(len(doc)):
        if taken[i] or not _proper(doc[i]):
            continue
        for j in range(min(len(doc), i + MAX_NGRAM), i, -1):
            toks = doc[i:j]
            if any(taken[t.i] for t in toks) or not _proper(toks[-1]):
                continue
            if not all(_proper(t) or t.lower_ in _CONNECTORS or t.text in "-'’" for t in toks):
                continue
            spans.append((i, j, doc.text[toks.start_char:toks.end_char]))
    if not spans:
        return []
    keys = {name_key(s[2]) for s in spans}
    known = gazetteer.known_keys({k for k in keys if len(k) >= 4})
    skels = {skeleton(s[2]) for s in spans if name_key(s[2]) not in known}
    known_sk = gazetteer.known_skeletons({s for s in skels if len(s) >= 4})
    out: list[Toponym] = []
    used = [False] * len(doc)
    for i, j, text in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if any(used[i:j]) or _is_actor(text):
            continue
        key = name_key(text)
        if key not in known and skeleton(text) not in known_sk:
            continue
        for t in range(i, j):
            used[t] = True
        span = doc[i:j]
        out.append(Toponym(span.start_char, span.end_char, text, "gazetteer", _head_after(doc, j),
                           sent_of.get(i)))
    return out
