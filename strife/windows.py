"""Long articles in sentence windows: bounded cost per article whatever its length.

The coder, the geoparser and the time resolver look at the whole document for each
candidate event (actors, places and dates of the context), so their cost grows with the
square of the document's length: 20k characters take a second, 200k half a minute.  An
article longer than :data:`DEFAULT_WINDOW_CHARS` is therefore cut at paragraph (else
sentence, else word) boundaries into windows of at most that size; each window is parsed
and coded as its own document *together with the article's head* (the dateline line and
the lead paragraph, which set the story's country and actors), and the results are merged
with every character offset shifted back into the article.  The cost is linear in the
article's length; the price is that a later window does not see the middle of the
article (only its head).  Articles up to the window size are processed whole, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from strife.model import Article, CodedArticle, EventRecord, Mention, ParsedArticle, Sentence

#: Largest piece of an article parsed and coded as one document (characters).  Measured on
#: this 2-core machine: 20k characters code in about one second, linearly below that size.
DEFAULT_WINDOW_CHARS = 20_000
#: The head repeated before every later window is at most this long (characters).
MAX_HEAD_CHARS = 2_000

_PARAGRAPH = re.compile(r"\n\s*")
_SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]*\s+")
_SPACE = re.compile(r"\s+")


class TooSlowToCode(RuntimeError):
    """An article exceeded the per-article time budget; it is reported and the batch goes on."""


@dataclass(frozen=True)
class Window:
    """``article.text[start:end]``, coded after ``article.text[:head]``."""

    start: int
    end: int
    head: int

    def to_article(self, off: int) -> int:
        """An offset into the window's document -> the same character in the article."""
        if off < self.head or self.start <= self.head:
            return off
        return off - self.head + self.start

    def owns(self, article_offset: int) -> bool:
        """True if the character belongs to this window (the head belongs to the first)."""
        return self.start <= article_offset < self.end or (self.start == 0 and article_offset < self.end)


def head_end(text: str, body_start: int) -> int:
    """End of the article's head: the dateline line plus the lead paragraph, if it is short."""
    m = _PARAGRAPH.search(text, body_start)
    end = m.end() if m else len(text)
    return end if end - body_start <= MAX_HEAD_CHARS else body_start


def _cut(text: str, lo: int, hi: int) -> int:
    """The best boundary in ``text[lo:hi]`` to end a window at (paragraph, sentence, word, hi)."""
    for pattern in (_PARAGRAPH, _SENTENCE_END, _SPACE):
        last = None
        for m in pattern.finditer(text, lo + (hi - lo) // 2, hi):
            last = m
        if last is not None:
            return last.end()
    return hi


def windows(text: str, body_start: int = 0, max_chars: int = DEFAULT_WINDOW_CHARS) -> list[Window]:
    """Windows covering ``text``; one window (the whole text) when it fits in ``max_chars``."""
    if len(text) <= max_chars:
        return [Window(0, len(text), 0)]
    head = head_end(text, body_start)
    if head > max_chars // 4:  # a head that crowds out the window is not repeated
        head = 0
    out, start = [], 0
    while start < len(text):
        room = max_chars - (head if start else 0)
        end = len(text) if len(text) - start <= room else _cut(text, start, start + room)
        out.append(Window(start, end, head if start else 0))
        start = end
    return out


def window_article(article: Article, w: Window) -> Article:
    """The article as seen by one window: its head followed by the window's text."""
    text = article.text[:w.end] if w.start == 0 else article.text[:w.head] + article.text[w.start:w.end]
    furniture = None
    if article.furniture is not None:  # spans of the article, clipped to the window's two parts
        furniture = []
        for s, e in article.furniture:
            for lo, hi, shift in ((0, w.head if w.start else w.end, 0), (w.start, w.end, w.head - w.start)):
                a, b = max(s, lo), min(e, hi)
                if a < b and (w.start or shift == 0):
                    furniture.append((a + shift, b + shift))
        furniture = sorted(set(furniture))
    return replace(article, text=text, id=article.id, furniture=furniture)


def _shift_event(ev: EventRecord, w: Window, article: Article) -> None:
    ev.trigger_start, ev.trigger_end = w.to_article(ev.trigger_start), w.to_article(ev.trigger_end)
    for e in ev.evidence:
        e.start, e.end = w.to_article(e.start), w.to_article(e.end)
        e.text = article.text[e.start:e.end] if e.end >= e.start else e.text
    for actor in (ev.actor1_detail, ev.actor2_detail):
        if actor is not None and actor.start is not None:
            actor.start, actor.end = w.to_article(actor.start), w.to_article(actor.end or actor.start)
    ev.event_id_cnty = ev.make_id()  # the id is made from the trigger's offsets


def merge(article: Article, parts: list[tuple[Window, CodedArticle]]) -> CodedArticle:
    """One CodedArticle for the whole article from the coded windows.

    Each window keeps only what lies in its own range (the head is the first window's), with
    offsets shifted into ``article.text``; sentences are renumbered over the whole article and
    every event's ``sentence_index`` follows its trigger.
    """
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    places: list[Mention] = []
    events: list[EventRecord] = []
    warnings: list[str] = []
    for w, coded in parts:
        for s in coded.parsed.sentences:
            start, end = w.to_article(s.start), w.to_article(s.end)
            if w.owns(start):
                sentences.append(Sentence(len(sentences), start, end, article.text[start:end]))
        for source, sink in ((coded.parsed.mentions, mentions), (coded.places, places)):
            for m in source:
                start = w.to_article(m.start)
                if w.owns(start):
                    sink.append(replace(m, start=start, end=w.to_article(m.end)))
        for ev in coded.events:
            if w.owns(w.to_article(ev.trigger_start)):
                _shift_event(ev, w, article)
                events.append(ev)
        warnings += [x for x in coded.warnings if x not in warnings]
    starts = [s.start for s in sentences]
    for m in mentions + places:
        m.sentence = _index_of(starts, m.start)
    for ev in events:
        ev.sentence_index = _index_of(starts, ev.trigger_start)
    parsed = ParsedArticle(article, doc=None, sentences=sentences, mentions=mentions)
    return CodedArticle(parsed, events=events, places=places, warnings=warnings)


def _index_of(starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return max(bisect_right(starts, offset) - 1, 0)
