"""Response models of the read API, for the OpenAPI schema (what each endpoint returns).

An event is described field by field from the store's column list, so the schema cannot
drift from what ``GET /events`` sends.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from strife.store.records import EVENT_FIELDS

#: One canonical event: every stored column (corrections applied), plus ``evidence`` when asked.
_EVENT_FIELDS: dict[str, Any] = {name: (Any, Field(None, description=f"ACLED/Strife column {name}"))
                                 for name in EVENT_FIELDS}
Event = create_model("Event", __config__=ConfigDict(extra="allow"), **_EVENT_FIELDS)


class EventsPage(BaseModel):
    events: list[Event]
    total: int = Field(description="events matching the filters (all pages)")
    next_cursor: str | None = Field(description="pass back as cursor for the next page; null on the last")
    next: str | None = Field(description="URL of the next page; null on the last")
    count: int | None = Field(None, description="same as total (only with count=true)")


class Bin(BaseModel):
    start: str
    end: str
    events: int
    fatalities: int


class Timeline(BaseModel):
    bin: str = Field(description="day, week (from Monday) or month")
    first: str | None
    last: str | None
    undated: int = Field(description="matching events without a date (in no bin)")
    bins: list[Bin] = Field(description="non-empty bins in date order")


class Place(BaseModel):
    country: str | None
    admin1: str | None
    location: str | None = Field(description="the location's name (by=location), else null")
    latitude: float = Field(description="mean latitude of the place's located events")
    longitude: float
    events: int
    fatalities: int
    top_type: str | None = Field(description="the most frequent event type")


class Places(BaseModel):
    places: list[Place]
    unlocated: int = Field(description="matching events without coordinates")


class Dyad(BaseModel):
    actor1: str
    actor2: str
    events: int
    fatalities: int


class Dyads(BaseModel):
    dyads: list[Dyad]


class Counterpart(BaseModel):
    actor: str | None
    role: str = Field(description="the profiled actor's side in these events: actor1 or actor2")
    events: int
    fatalities: int


class ActorPlace(BaseModel):
    country: str | None
    admin1: str | None
    events: int
    fatalities: int


class ActorProfile(BaseModel):
    actor: str
    events: int
    fatalities: int
    timeline: Timeline
    counterparts: list[Counterpart]
    places: list[ActorPlace]


class Overview(BaseModel):
    places: Places
    timeline: Timeline = Field(description="over the whole range: since/until are not applied to it")
    dyads: list[Dyad]


class Group(BaseModel):
    key: str | None = Field(description="the day, week start, type, admin1 or country")
    events: int
    fatalities: int


class SourceFreshness(BaseModel, extra="allow"):
    source: str
    last_success: str | None = None
    last_error: str | None = None
    items_24h: int
    events_24h: int


class Stats(BaseModel):
    events: int
    fatalities: int
    by_day: list[Group]
    by_week: list[Group]
    by_type: list[Group]
    by_admin1: list[Group]
    by_country: list[Group]
    first_date: str | None
    last_date: str | None
    sources: list[SourceFreshness] = Field(description="sources followed by `strife watch`")


class Report(BaseModel, extra="allow"):
    report_id: str
    article_id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    sentence: str | None


class Correction(BaseModel):
    field: str
    old_value: Any
    new_value: Any
    author: str
    reason: str | None
    created_at: str


class EventDetail(Event):
    evidence: list[dict[str, Any]] = Field(description="every report's evidence spans")
    reports: list[Report]
    corrections: list[Correction]


class ActorCount(BaseModel):
    actor: str
    events: int


class StoreDyad(BaseModel):
    actor1: str
    actor2: str
    events: int


class Actors(BaseModel):
    actors: list[ActorCount]
    dyads: list[StoreDyad]
