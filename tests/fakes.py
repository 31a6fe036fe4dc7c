"""Small stand-ins for the NLP pipeline so store/linking tests run without spaCy."""

from __future__ import annotations

import re
from datetime import date

from strife.model import Article, CodedArticle, EventRecord, ParsedArticle, Sentence

PLACES = {"Raqqa": (35.95, 39.01, "Syria"), "Mosul": (36.34, 43.13, "Iraq"),
          "Tabqa": (35.84, 38.55, "Syria"), "Aleppo": (36.20, 37.16, "Syria")}
_LINE = re.compile(r"(?P<type>strike|clash) in (?P<place>\w+) on (?P<date>\d{4}-\d\d-\d\d)"
                   r"(?: killing (?P<killed>\d+))?(?: by (?P<actor>[\w ]+?))?\.")


class FakePipeline:
    """Codes sentences like 'strike in Raqqa on 2017-06-01 killing 4 by X.' exactly."""

    def __init__(self, fail_on: str | None = None):
        self.fail_on = fail_on

    def process(self, article: Article) -> CodedArticle:
        if self.fail_on and self.fail_on in article.text:
            raise RuntimeError("boom")
        parsed = ParsedArticle(article, doc=None)
        events = []
        for i, m in enumerate(_LINE.finditer(article.text)):
            parsed.sentences.append(Sentence(i, m.start(), m.end(), m.group(0)))
            lat, lon, country = PLACES[m.group("place")]
            kind = m.group("type")
            ev = EventRecord(
                article_id=article.id, sentence_index=i, trigger_start=m.start("type"),
                trigger_end=m.end("type"), trigger=kind,
                event_type="Explosions/Remote violence" if kind == "strike" else "Battles",
                sub_event_type="Air/drone strike" if kind == "strike" else "Armed clash",
                event_date=date.fromisoformat(m.group("date")), time_precision=1,
                location=m.group("place"), latitude=lat, longitude=lon, country=country,
                geo_precision=1, fatalities=int(m.group("killed") or 0),
                actor1=m.group("actor"), confidence=0.8, notes=m.group(0), source=article.source)
            ev.add_evidence("event_type", article, m.start("type"), m.end("type"))
            ev.add_evidence("location", article, m.start("place"), m.end("place"))
            events.append(ev)
        return CodedArticle(parsed, events)

    def process_many(self, articles, n_process=1, batch_size=16):
        for a in articles:
            yield self.process(a)

    def close(self) -> None:
        """Pipeline.close ends worker processes; the fake starts none."""


def article(text: str, source: str = "Wire", published: str = "2017-06-02", **kw) -> Article:
    return Article(text=text, source=source, published=date.fromisoformat(published), **kw)
