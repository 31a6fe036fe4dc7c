"""Write endpoints, mounted only when the server has a write token: ingest, corrections."""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import threading
import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from strife.api.params import EVENT_ID_PATTERN
from strife.store import queries
from strife.store.corrections import CORRECTABLE, add_correction, parse_value
from strife.store.db import transaction


def token_ok(header: str, expected: str | None) -> bool:
    """True for ``Bearer <the server's token>`` (constant-time compare)."""
    if not expected:
        return False
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode("utf-8", "surrogateescape"), expected.encode("utf-8"))


def require_token(request: Request) -> None:
    """Accept only ``Authorization: Bearer <the server's token>``."""
    if not token_ok(request.headers.get("authorization", ""), request.app.state.config.write_token):
        raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})


class WriteGuard:
    """ASGI middleware in front of every request that may carry a body (not GET/HEAD/OPTIONS).

    In this order, before one byte of the body is read: the bearer token (401), the declared
    length (413 with the limit), the token's rate (429 with Retry-After).  The body is then
    read in the chunks the server delivers, up to ``max_body`` bytes (413 beyond it), and
    handed to the application.  An unauthenticated client can thus make the server neither
    read nor hold a body; an authenticated one at most ``max_body`` per request.
    """

    def __init__(self, app: ASGIApp, token: str | None, max_body: int, per_minute: int) -> None:
        self.app, self.token, self.max_body = app, token, max_body
        self.per_minute = per_minute
        self._buckets: dict[str, tuple[float, float]] = {}  # token digest -> (tokens left, time)
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if not token_ok(headers.get("authorization", ""), self.token):
            return await _reply(send, 401, "a valid bearer token is required",
                                [(b"www-authenticate", b"Bearer")])
        declared = headers.get("content-length", "")
        if declared and (not declared.isascii() or not declared.isdigit() or int(declared) > self.max_body):
            return await _reply(send, 413, self._too_large())
        wait = self._take(headers["authorization"])
        if wait:
            return await _reply(send, 429, f"too many write requests: at most {self.per_minute} a minute",
                                [(b"retry-after", str(wait).encode())])
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_body:
                return await _reply(send, 413, self._too_large())
            if not message.get("more_body"):
                break
        body, done = b"".join(chunks), False

        async def replay() -> Message:
            nonlocal done
            if done:
                return await receive()
            done = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    def _too_large(self) -> str:
        return f"request body too large: the limit is {self.max_body:,} bytes"

    def _take(self, authorization: str) -> int:
        """Seconds to wait before this token may write again (0: go now); a token bucket
        holding a minute's allowance, refilled continuously."""
        key = hashlib.sha256(authorization.encode("utf-8", "surrogateescape")).hexdigest()
        now = time.monotonic()
        with self._lock:
            left, then = self._buckets.get(key, (float(self.per_minute), now))
            left = min(float(self.per_minute), left + (now - then) * self.per_minute / 60.0)
            if left < 1.0:
                self._buckets[key] = (left, now)
                return max(1, math.ceil((1.0 - left) * 60.0 / self.per_minute))
            self._buckets[key] = (left - 1.0, now)
            return 0


async def _reply(send: Send, status: int, detail: str, extra: Sequence[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps({"detail": detail}).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *extra]})
    await send({"type": "http.response.body", "body": body})


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
                  event_id: Annotated[str, Path(pattern=EVENT_ID_PATTERN)]) -> dict[str, Any]:
    try:
        parse_value(body.field, body.value)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    db = request.app.state.db
    with db.write_lock:
        con = db.cursor()
        try:
            with transaction(con):
                event = queries.get_event(con, event_id)
                if event is None:
                    raise HTTPException(404, f"no event {event_id}")
                row = add_correction(con, event, body.field, body.value, body.author, body.reason)
            event = queries.get_event(con, event_id)  # corrections applied, the new one too
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
def ingest_articles(request: Request, body: ArticlesIn) -> dict[str, Any]:
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


def _ingest_function() -> Callable[..., Any]:
    try:
        import strife.ingest as service
    except ImportError as exc:
        raise HTTPException(503, "ingest is not available in this build") from exc
    fn: Callable[..., Any] | None = getattr(service, "ingest_articles", None) or getattr(service, "ingest", None)
    if fn is None:
        raise HTTPException(503, "ingest is not available in this build")
    return fn


def _pipeline(request: Request) -> Any:
    """The extraction pipeline, loaded on first use (spaCy takes seconds to load)."""
    state = request.app.state
    if getattr(state, "pipeline", None) is None:
        factory = state.config.pipeline_factory
        if factory is None:
            from strife.pipeline import Pipeline

            factory = Pipeline
        state.pipeline = factory()
    return state.pipeline
