"""The one HTTP client Strife uses for the network (feeds and article pages), with its rules.

Every request goes through :class:`Fetcher`, so that every fetch is polite and bounded:

* a User-Agent naming Strife, and a timeout on every request;
* conditional GET: the ETag / Last-Modified a source sent last time go back with the next
  request, and a 304 means "nothing new" (no body is read);
* at most ``max_bytes`` of a response body: the body is streamed and the fetch fails as
  "too large" past the limit, never buffered whole;
* at most ``max_redirects`` redirects (a loop is an error, not a hang);
* exponential back-off per host with jitter after a 429, a 5xx, a timeout, a network error or
  a redirect loop (``Retry-After`` is honoured when it is longer), so a failing host is not
  hammered; a host in back-off is not asked at all until its time comes (a 404 or an
  oversized body is that URL's problem, not the host's: no back-off);
* robots.txt is respected for article pages (:meth:`Fetcher.page`); feeds a user subscribed to
  are fetched as asked.

Nothing here runs at import; tests point it at a server on the loopback address.
"""

from __future__ import annotations

import email.utils
import random
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from strife import __version__

USER_AGENT = f"Strife/{__version__} (open-source conflict-event monitor)"
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
BACKOFF_BASE = 60.0  # seconds after the first failure; doubles with each further one
BACKOFF_MAX = 6 * 3600.0


class FetchError(Exception):
    """A fetch that gave nothing usable; the message says why in one line."""


@dataclass
class Fetched:
    """What one fetch returned."""

    url: str  # the final URL, after redirects
    status: int
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class _HostState:
    failures: int = 0
    not_before: float = 0.0  # monotonic time before which the host is not asked


@dataclass
class Fetcher:
    """A polite, bounded HTTP client (see the module docstring for the rules)."""

    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    user_agent: str = USER_AGENT
    transport: httpx.BaseTransport | None = None  # tests may inject one
    clock: callable = time.monotonic
    hosts: dict[str, _HostState] = field(default_factory=dict)
    _robots: dict[str, RobotFileParser | None] = field(default_factory=dict)
    _client: httpx.Client | None = None

    # -- lifecycle ------------------------------------------------------------
    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                headers={"User-Agent": self.user_agent}, timeout=self.timeout,
                follow_redirects=True, max_redirects=self.max_redirects, transport=self.transport)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- back-off ---------------------------------------------------------------
    def wait_seconds(self, url: str) -> float:
        """How long the URL's host is still in back-off (0 when it may be asked now)."""
        state = self.hosts.get(_host(url))
        return max(0.0, state.not_before - self.clock()) if state else 0.0

    def _failed(self, url: str, retry_after: float | None = None) -> None:
        state = self.hosts.setdefault(_host(url), _HostState())
        state.failures += 1
        delay = min(BACKOFF_MAX, BACKOFF_BASE * 2 ** (state.failures - 1))
        delay *= random.uniform(0.8, 1.2)  # jitter: many sources of one host do not retry in step
        state.not_before = self.clock() + max(delay, retry_after or 0.0)

    def _succeeded(self, url: str) -> None:
        self.hosts.pop(_host(url), None)

    # -- fetching ---------------------------------------------------------------
    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET ``url`` under the rules; raises :class:`FetchError` with a one-line reason."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"not an http(s) URL: {url!r}")
        wait = self.wait_seconds(url)
        if wait > 0:
            raise FetchError(f"host {_host(url)} is in back-off for {wait:.0f} s more after earlier failures")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            with self.client.stream("GET", url, headers=headers) as resp:
                if resp.status_code == 304:
                    self._succeeded(url)
                    return Fetched(str(resp.url), 304, b"", etag, last_modified)
                if resp.status_code == 429 or resp.status_code >= 500:
                    self._failed(url, _retry_after(resp.headers.get("Retry-After")))
                    raise FetchError(f"HTTP {resp.status_code} from {_host(url)}")
                if resp.status_code >= 400:  # this URL's problem, not the host's: no back-off
                    raise FetchError(f"HTTP {resp.status_code} for {url}")
                declared = resp.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"too large: {int(declared):,} bytes, over the limit of {self.max_bytes:,}")
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"too large: more than {self.max_bytes:,} bytes")
                    chunks.append(chunk)
                self._succeeded(url)
                return Fetched(str(resp.url), resp.status_code, b"".join(chunks), resp.headers.get("ETag"),
                               resp.headers.get("Last-Modified"), resp.headers.get("Content-Type"))
        except httpx.TooManyRedirects as exc:
            self._failed(url)
            raise FetchError(f"more than {self.max_redirects} redirects from {url}") from exc
        except httpx.TimeoutException as exc:
            self._failed(url)
            raise FetchError(f"timed out after {self.timeout:g} s: {url}") from exc
        except httpx.HTTPError as exc:
            self._failed(url)
            raise FetchError(f"{type(exc).__name__}: {exc}") from exc

    def post_json(self, url: str, payload: dict, attempts: int = 3) -> int:
        """POST ``payload`` as JSON (a webhook); retried ``attempts`` times on network errors,
        429 and 5xx with a short pause; the status on success, else :class:`FetchError`."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"not an http(s) URL: {url!r}")
        last = "no attempt"
        for attempt in range(attempts):
            if attempt:
                time.sleep(min(5.0, 0.5 * 2 ** attempt) * random.uniform(0.8, 1.2))
            try:
                resp = self.client.post(url, json=payload, follow_redirects=False)
            except httpx.HTTPError as exc:
                last = f"{type(exc).__name__}: {exc}"
                continue
            if resp.status_code < 300:
                return resp.status_code
            last = f"HTTP {resp.status_code} from {_host(url)}"
            if resp.status_code != 429 and resp.status_code < 500:
                break  # the hook refuses this payload: retrying will not help
        raise FetchError(f"webhook {url} failed: {last}")

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's host lets Strife fetch it (no robots.txt: yes)."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            parser: RobotFileParser | None = None
            try:
                got = self.get(root + "/robots.txt")
                parser = RobotFileParser()
                parser.parse(got.body.decode("utf-8", "replace").splitlines())
            except FetchError:
                parser = None  # none, or unreadable: nothing forbids
                self._succeeded(root)  # a missing robots.txt is no failure of the host
            self._robots[root] = parser
        parser = self._robots[root]
        return parser is None or parser.can_fetch(self.user_agent, url)

    def page(self, url: str) -> Fetched:
        """An article page, if robots.txt allows it (else :class:`FetchError`)."""
        if not self.allowed(url):
            raise FetchError(f"robots.txt of {_host(url)} disallows {url}")
        return self.get(url)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (a number of seconds or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
