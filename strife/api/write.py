"""Write endpoints, mounted only when the server has a write token: ingest, corrections."""

from __future__ import annotations

import hmac
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator

from strife.api.params import EVENT_ID_PATTERN
from strife.store import queries
from strife.store.corrections import CORRECTABLE, add_correction, overlay, parse_value


def require_token(request: Request) -> None:
    """Accept only ``Authorization: Bearer <the server's token>`` (constant-time compare)."""
    expected = request.app.state.config.write_token
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    ok = bool(expected) and scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode("utf-8"), expected.encode("utf-8"))
    if not ok:
        raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})


router = APIRouter(dependencies=[Depends(require_token)])


class CorrectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str = Field(..., description=f"one of: {', '.join(CORRECTABLE)}")
    value: str | None = Field(..., max_length=5_000, description="new value as text; null clears it")
    author: str = Field(..., min_length=1, max_length=200, description="who makes the correction")
    reason: str | None = Field(None, max_length=2_000)

    @field_validator("field")
    @classmethod
    def _known_field(cls, v: str) -> str:
        if v not in CORRECTABLE:
            raise ValueError(f"cannot correct {v!r}; correctable fields: {', '.join(CORRECTABLE)}")
        return v


@router.post("/events/{event_id}/corrections", status_code=201,
             summary="Correct one field of an event (kept as an audit trail; the coded value stays)")
def correct_event(request: Request, body: CorrectionIn,
                  event_id: Annotated[str, Path(pattern=EVENT_ID_PATTERN)]) -> dict:
    try:
        parse_value(body.field, body.value)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    db = request.app.state.db
    with db.write_lock:
        con = db.cursor()
        try:
            con.execute("BEGIN TRANSACTION")
            try:
                event = queries.get_event(con, event_id)
                if event is None:
                    raise HTTPException(404, f"no event {event_id}")
                overlay(con, [event])
                row = add_correction(con, event, body.field, body.value, body.author, body.reason)
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
            event = queries.get_event(con, event_id)
            overlay(con, [event])
        finally:
            con.close()
    return {"correction": row, "event": event}


class ArticleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(..., min_length=1, max_length=1_000_000)
    title: str | None = Field(None, max_length=1_000)
    url: str | None = Field(None, max_length=2_000, pattern=r"^https?://[^\s]+$")
    source: str | None = Field(None, max_length=200, description="the outlet")
    published: date | None = None
    lang: str = Field("en", pattern=r"^[a-z]{2,3}$")


class ArticlesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(..., min_length=1, max_length=100)


@router.post("/articles", status_code=201, summary="Ingest articles through the extraction pipeline")
def ingest_articles(request: Request, body: ArticlesIn) -> dict:
    from strife.model import Article

    ingest = _ingest_function()
    db = request.app.state.db
    articles = [Article(text=a.text, title=a.title, url=a.url, source=a.source,
                        published=a.published, lang=a.lang, origin="api",
                        published_from="api" if a.published else None)
                for a in body.articles]
    with db.write_lock:
        pipeline = _pipeline(request)
        report = ingest(db.store, articles, pipeline)
    return {
        "read": report.read, "stored": report.stored, "already_stored": report.already_stored,
        "reports": report.reports, "events_touched": report.events_touched,
        "article_ids": [a.id for a in articles],
        "errors": [{"origin": e.origin, "reason": e.reason} for e in report.errors],
    }


def _ingest_function():
    try:
        import strife.ingest as service
    except ImportError as exc:
        raise HTTPException(503, "ingest is not available in this build") from exc
    fn = getattr(service, "ingest_articles", None) or getattr(service, "ingest", None)
    if fn is None:
        raise HTTPException(503, "ingest is not available in this build")
    return fn


def _pipeline(request: Request):
    """The extraction pipeline, loaded on first use (spaCy takes seconds to load)."""
    state = request.app.state
    if getattr(state, "pipeline", None) is None:
        factory = state.config.pipeline_factory
        if factory is None:
            from strife.pipeline import Pipeline

            factory = Pipeline
        state.pipeline = factory()
    return state.pipeline
