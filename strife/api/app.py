"""The FastAPI application: read-only event API, optional write endpoints, the dashboard.

One DuckDB connection is opened per server (read-only unless a write token is given);
each request works on its own cursor of it.  DuckDB lets only one process write a file,
so `strife ingest` cannot write to a store while a server holds it (stop the server, or
ingest through ``POST /articles`` of a server started with ``--write-token-file``).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from strife.api.params import ParamError
from strife.store import Store
from strife.store.db import Connection
from strife.store.queries import CountCache

log = logging.getLogger("strife.api")
WEB_DIR = Path(str(resources.files("strife.web")))


@dataclass
class ApiConfig:
    """How a server is set up; everything but ``db`` has a safe default."""

    db: str
    write_token: str | None = None  # None: read-only server, no write endpoints
    tile_url: str | None = None  # e.g. a local tile server; None: offline outlines only
    allowed_hosts: list[str] | None = None  # Host headers accepted (DNS-rebinding guard)
    pipeline_factory: Callable[[], object] | None = None  # for POST /articles; default Pipeline()
    watch: object | None = None  # a strife.watch.WatchConfig: follow its sources in this process
    max_body_bytes: int = 10 * 1024 * 1024  # a write request's body; more is refused (413)
    writes_per_minute: int = 120  # per token; more get 429 with Retry-After


def tile_origin(url: str) -> str:
    """The scheme://host[:port] of a tile URL template; ValueError unless http(s)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in url for c in " ;'\""):
        raise ValueError("tile URL must be an http(s) URL template like https://host/{z}/{x}/{y}.png")
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(tile_url: str | None) -> str:
    img = "'self' data:" + (f" {tile_origin(tile_url)}" if tile_url else "")
    return ("default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src {img}; connect-src 'self'; font-src 'self'; object-src 'none'; "
            "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class WriteLock:
    """The server's one write lock.  Every store write in the server holds it (write
    endpoints, the watcher), and holding it marks a write in progress for ``counts``."""

    def __init__(self, counts: CountCache) -> None:
        self._lock = threading.Lock()
        self._counts = counts

    def __enter__(self) -> WriteLock:
        self._lock.acquire()
        self._counts.begin_write()
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._counts.end_write()
        finally:
            self._lock.release()


class Database:
    """The server's store: hands out one cursor per request, serialises writes.

    The server holds the DuckDB file (a writer excludes every other process; a read-only
    server admits no writer), so the writes under ``write_lock`` are all the writes there
    are: ``counts`` may keep the number of matches of a filter between them."""

    def __init__(self, path: str, writable: bool) -> None:
        self.store = Store(path, read_only=not writable)
        self.writable = writable
        self._lock = threading.Lock()
        self.counts = CountCache()
        self.write_lock = WriteLock(self.counts)

    def cursor(self) -> Connection:
        with self._lock:
            return self.store.con.cursor()

    def close(self) -> None:
        self.store.close()


def create_app(config: ApiConfig) -> FastAPI:
    """Build the app for one store; opening the store fails early (StoreError)."""
    from strife.api import events, write

    if config.tile_url:
        tile_origin(config.tile_url)
    db = Database(config.db, writable=bool(config.write_token) or config.watch is not None)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stop, watcher = threading.Event(), None
        if config.watch is not None:  # the server is the store's one writer; the watcher runs in it
            from strife.watch.runner import run_in_thread

            factory = config.pipeline_factory
            if factory is None:
                from strife.pipeline import Pipeline

                factory = Pipeline
            watcher = run_in_thread(db.store, db.write_lock, config.watch, factory, stop)
        yield
        stop.set()
        if watcher is not None:
            watcher.join(timeout=60)
        db.close()

    app = FastAPI(
        lifespan=lifespan,
        docs_url=None,  # Swagger/ReDoc pages load scripts from a CDN: not offline, not CSP-safe
        redoc_url=None,
        title="Strife API",
        version="1",
        description="Conflict events coded from news reports, each field backed by evidence spans. "
                    "Read-only unless the server was started with a write token.",
    )
    app.state.db = db
    app.state.config = config
    csp = content_security_policy(config.tile_url)

    if config.write_token:  # innermost: sees a write request before its body is read
        app.add_middleware(write.WriteGuard, token=config.write_token,
                           max_body=config.max_body_bytes, per_minute=config.writes_per_minute)
    if config.allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=config.allowed_hosts)

    @app.middleware("http")  # outermost: every response, errors included, gets the headers
    async def security_headers(request: Request,
                               call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        try:
            response = await call_next(request)
        except Exception:  # the one catch-all: a bug is a 500 that still carries the headers
            log.exception("unhandled error on %s %s", request.method, request.url.path)
            response = JSONResponse({"detail": "internal server error"}, status_code=500)
        response.headers["Content-Security-Policy"] = csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "geolocation=(), camera=(), microphone=()"
        if request.url.path != "/" and not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(ParamError)
    async def param_error(request: Request, exc: ParamError) -> JSONResponse:
        return JSONResponse({"detail": exc.errors}, status_code=422)

    app.include_router(events.router)
    if config.write_token:
        app.include_router(write.router)

    static = WEB_DIR / "static"
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(static / "index.html", media_type="text/html")

    @app.get("/config.json", include_in_schema=False)
    def dashboard_config() -> dict[str, Any]:
        return {"tile_url": config.tile_url, "write": bool(config.write_token)}

    return app
