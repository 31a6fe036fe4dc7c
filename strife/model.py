"""Typed records that flow between Strife's stages.

Data flows one way::

    sources -> Article
    nlp     -> ParsedArticle   (Article + spaCy Doc + sentences + mentions)
    coding  -> CodedArticle    (ParsedArticle + EventRecords with actors, types, fatalities)
    geo     -> CodedArticle    (events gain location fields)
    time    -> CodedArticle    (events gain event_date / time_precision)
    linking -> list[EventRecord] with canonical ids and source counts
    store   -> DuckDB rows

Every field that came from text carries an :class:`Evidence` span into
``Article.text`` so that a reader can check it.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

#: ACLED export columns in ACLED's own order (CSV exports follow it).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)


def content_id(text: str, prefix: str = "") -> str:
    """A stable id from content: the first 16 hex digits of its SHA-256."""
    return prefix + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def is_unidentified(actor_name: str | None) -> bool:
    """An actor named by ACLED's convention for an unknown one ("Unidentified Armed Group
    (Syria)"): a default, not a reading, so it contradicts no other actor."""
    return actor_name is not None and actor_name.lower().startswith("unidentified")


@dataclass
class Article:
    """One news report as read from a source, before any analysis.

    ``text`` is the full text as read (for plain-text files the dateline line
    included); every evidence span indexes into it.  ``body_start`` is where
    the story proper starts (after a dateline line, if any).  ``furniture`` holds the
    ``(start, end)`` spans of page furniture (bylines, captions, "Related" links, share
    counters...; None until looked for): they stay in ``text`` but are never parsed.
    """

    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None  # the outlet, ACLED's "source"
    published: date | None = None
    lang: str = "en"
    dateline: str | None = None  # the place in the dateline ("Beirut")
    body_start: int = 0
    origin: str | None = None  # file path or URI it was read from
    published_from: str | None = None  # where `published` came from (sidecar, json, flag, ...)
    id: str = ""
    furniture: list[tuple[int, int]] | None = None  # see strife.sources.furniture

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text, "a")


@dataclass
class SourceError:
    """A file or record that could not be read, and why."""

    origin: str
    reason: str


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass
class Mention:
    """A labelled span of the article text (an actor, a place, a date, a number...)."""

    start: int
    end: int
    text: str
    label: str  # ACTOR, GPE, LOC, FAC, DATE, ...
    value: str | None = None  # normalised value (canonical actor name, geonameid, ISO date)
    sentence: int | None = None


@dataclass
class Evidence:
    """Where a field's value came from: a character span of one article."""

    field: str
    article_id: str
    start: int
    end: int
    text: str
    confidence: float = 1.0
    note: str | None = None


@dataclass
class Actor:
    """A coded actor: ACLED-style canonical name and inter code."""

    name: str
    inter: int | None = None  # ACLED inter code 1..8
    country: str | None = None  # ISO 3166-1 alpha-2 or alpha-3 as in the dictionary
    plover_type: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None
    generic: str | None = None  # generic agent kind whose country the text did not state


@dataclass
class Place:
    """A resolved gazetteer entry."""

    name: str
    latitude: float
    longitude: float
    geonameid: int | None = None
    country_iso: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    admin1_pcode: str | None = None  # OCHA P-codes, where the gazetteer knows them
    admin2_pcode: str | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    population: int = 0
    score: float = 0.0


@dataclass
class EventRecord:
    """One coded event: ACLED columns, PLOVER fields and evidence."""

    article_id: str
    sentence_index: int
    trigger_start: int
    trigger_end: int
    trigger: str
    # ACLED columns
    event_id_cnty: str = ""
    event_date: date | None = None
    year: int | None = None
    time_precision: int = 3
    disorder_type: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: str | None = None
    iso: int | None = None  # ACLED uses the ISO 3166 numeric code
    region: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    source: str | None = None
    source_scale: str | None = None
    notes: str | None = None
    fatalities: int = 0
    tags: str | None = None
    timestamp: int | None = None
    # PLOVER
    plover_type: str | None = None
    plover_mode: str | None = None
    plover_context: str | None = None
    # Strife extras
    fatalities_reported: bool = False  # a toll was stated ("0 killed" differs from "no toll given")
    background: bool = False  # history or a war-wide summary, not news of the reporting window
    geo_fallback: bool = False  # the point is an admin/country centroid standing in for an unknown place
    admin1_pcode: str | None = None  # OCHA P-code of admin1, where one exists
    admin2_pcode: str | None = None
    review: str | None = None  # why a person should check this event (e.g. a toll over the ceiling)
    sentence_key: str | None = None  # folded hash of the trigger sentence (linking spots boilerplate)
    trigger_class: str | None = None  # the trigger class that named the event (triggers.yaml); not exported
    date_end: date | None = None
    geonameid: int | None = None
    reported_by: str | None = None  # attribution ("Syrian Observatory for Human Rights")
    confidence: float = 0.5
    source_count: int = 1  # independent outlets reporting it (set by linking)
    report_count: int = 1  # reports (articles) merged into it
    canonical_id: str | None = None
    actor1_detail: Actor | None = None
    actor2_detail: Actor | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.event_id_cnty:
            self.event_id_cnty = self.make_id()

    def make_id(self) -> str:
        """Stable id: article id + trigger offsets (one event per trigger)."""
        return content_id(f"{self.article_id}:{self.trigger_start}:{self.trigger_end}", "ev")

    def add_evidence(self, fld: str, article: Article, start: int, end: int,
                     confidence: float = 1.0, note: str | None = None) -> None:
        """Record that ``fld`` came from ``article.text[start:end]`` (replacing older evidence)."""
        self.evidence = [e for e in self.evidence if e.field != fld]
        self.evidence.append(Evidence(fld, article.id, start, end, article.text[start:end], confidence, note))

    def evidence_for(self, fld: str) -> Evidence | None:
        return next((e for e in self.evidence if e.field == fld), None)

    def acled_row(self) -> dict[str, Any]:
        """The ACLED columns, in ACLED order, as JSON-friendly values."""
        row = {}
        for col in ACLED_COLUMNS:
            v = getattr(self, col)
            row[col] = v.isoformat() if isinstance(v, (date, datetime)) else v
        return row

    def to_dict(self) -> dict[str, Any]:
        """Everything, JSON-friendly (dates as ISO strings)."""
        d = asdict(self)
        for k, v in d.items():
            if isinstance(v, (date, datetime)):
                d[k] = v.isoformat()
        return d


@dataclass
class ParsedArticle:
    """Output of ``strife.nlp``: the article, its spaCy Doc, sentences and mentions."""

    article: Article
    doc: Any  # spacy.tokens.Doc; typed loosely so the model does not import spaCy
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    unparsed: list[tuple[int, int]] = field(default_factory=list)  # spans the parser skipped (strife.candidates)


@dataclass
class CodedArticle:
    """Output of ``strife.coding`` (and, enriched, of ``strife.geo`` and ``strife.time``)."""

    parsed: ParsedArticle
    events: list[EventRecord] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)  # resolved toponyms (value = geonameid)
    warnings: list[str] = field(default_factory=list)

    @property
    def article(self) -> Article:
        return self.parsed.article
