"""Query parameters of the API, validated by pydantic before any SQL is built."""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from strife.store.queries import EventFilter, Sort, cursor_key, decode_cursor

EVENT_ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,100}$"
_NUMBER = r"-?\d{1,3}(?:\.\d{1,12})?"
BBOX_PATTERN = rf"^{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}$"
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ParamError(ValueError):
    """A query parameter that passed its type check but makes no sense (reported as 422)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("invalid query parameters")
        self.errors = errors


def filter_field(name: str) -> Any:
    """A copy of EventFilter's field ``name``: the API declares no filter of its own."""
    return copy.copy(EventFilter.model_fields[name])


class FilterParams(BaseModel):
    """The filters of ``strife events``, as query parameters (bbox as ``a,b,c,d``)."""

    model_config = ConfigDict(extra="forbid")

    # Each field is EventFilter's own (same help and limits); only bbox is text here.
    country: str | None = filter_field("country")
    admin1: str | None = filter_field("admin1")
    type: str | None = filter_field("type")
    plover: str | None = filter_field("plover")
    actor: str | None = filter_field("actor")
    actor1: str | None = filter_field("actor1")
    actor2: str | None = filter_field("actor2")
    since: date | None = filter_field("since")
    until: date | None = filter_field("until")
    text: str | None = filter_field("text")
    bbox: str | None = Field(None, pattern=BBOX_PATTERN, max_length=100,
                             description=EventFilter.model_fields["bbox"].description)
    min_sources: int | None = filter_field("min_sources")
    min_fatalities: int | None = filter_field("min_fatalities")
    background: bool = filter_field("background")

    @field_validator("since", "until", mode="before")
    @classmethod
    def _iso_date(cls, v: object) -> object:
        """Dates only as YYYY-MM-DD: pydantic would read ``until=0`` as a Unix time (1970)."""
        if v is None or v == "" or isinstance(v, date):
            return v or None
        if not isinstance(v, str) or not ISO_DATE.fullmatch(v):
            raise ValueError("must be a date written YYYY-MM-DD")
        return v

    def to_filter(self, **paging: Any) -> EventFilter:
        """The store's EventFilter; raises ParamError for values that do not fit together."""
        values: dict[str, Any] = {k: (v if v != "" else None) for k, v in self.model_dump().items()
                                  if k in EventFilter.model_fields}
        if self.bbox:
            values["bbox"] = tuple(float(x) for x in self.bbox.split(","))
        values.update(paging)
        try:
            return EventFilter(**values)
        except ValidationError as exc:
            raise ParamError([{"loc": ["query", *map(str, err["loc"])], "type": err["type"], "msg": err["msg"]}
                              for err in exc.errors(include_url=False)]) from exc


class EventParams(FilterParams):
    """Filters plus paging and sort for ``GET /events`` and the exports."""

    sort: Sort = "-date"
    limit: int = Field(100, ge=1, le=10_000)
    cursor: str | None = Field(None, max_length=500, pattern=r"^[A-Za-z0-9_=-]+$",
                               description="next_cursor of the previous page")
    count: bool = Field(False, description="also return the number of matching events")
    evidence: bool = Field(True, description="include evidence spans with each event")

    def to_filter(self, **paging: Any) -> EventFilter:
        if self.cursor:
            check_cursor(self.cursor, self.sort)
        return super().to_filter(**paging)


class ExportParams(FilterParams):
    """Filters, sort and an optional cap for the streamed exports (no cap by default)."""

    sort: Sort = "-date"
    limit: int | None = Field(None, ge=1, description="at most this many events (default: every match)")
    evidence: bool = Field(True, description="include evidence spans with each event (GeoJSON)")

    def to_filter(self, **paging: Any) -> EventFilter:
        return super().to_filter(limit=10_000, **paging)


def check_cursor(cursor: str, sort: str) -> None:
    """Reject a cursor that is malformed or belongs to another sort order."""
    try:
        key, _ = decode_cursor(cursor)
        cursor_key(key, sort)
    except ValueError as exc:
        raise ParamError([{"loc": ["query", "cursor"], "type": "value_error",
                           "msg": "invalid cursor (it must come from next_cursor with the same sort)"}]
                         ) from exc


class ActorParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(500, ge=1, le=5_000)
    dyads: int = Field(200, ge=0, le=5_000, description="how many dyads to return")


class TimelineParams(FilterParams):
    """Filters plus the bin of ``GET /stats/timeline``."""

    bin: Literal["auto", "day", "week", "month"] = Field(
        "auto", description="auto: days up to 120 days, weeks up to 120 weeks, else months")


class PlacesParams(FilterParams):
    """Filters plus the level and size of ``GET /stats/places``."""

    by: Literal["admin1", "location"] = Field("admin1", description="one symbol per admin1, or per named location")
    limit: int = Field(5_000, ge=1, le=10_000, description="at most this many places, most events first")


class DyadParams(FilterParams):
    """Filters plus how many dyads ``GET /stats/dyads`` returns."""

    limit: int = Field(100, ge=1, le=5_000, description="how many dyads to return")


class ActorProfileParams(FilterParams):
    """One actor's name (exact, ignoring case) plus the filters for ``GET /stats/actor``."""

    name: str = Field(..., min_length=1, max_length=200, description="the actor's exact name")


class OverviewParams(FilterParams):
    """Filters plus the sizes of ``GET /stats/overview``."""

    bin: Literal["auto", "day", "week", "month"] = Field("auto", description="as for /stats/timeline")
    dyads: int = Field(50, ge=0, le=5_000, description="how many dyads to return")
