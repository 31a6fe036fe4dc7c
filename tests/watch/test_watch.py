"""`strife watch`: feeds and folders followed from a local HTTP server (loopback only).

The server serves feeds that change between rounds and misbehaving sources (304, 429, 500,
malformed XML, huge bodies, slow responses, redirect loops); every good item must be
ingested once, every bad source reported with its reason, nothing may hang.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from fakes import FakePipeline
from strife.sources.fetch import Fetcher
from strife.store import Store
from strife.store import watch as state
from strife.store.queries import EventFilter
from strife.watch import alerts
from strife.watch.config import SourceSpec, WatchConfigError, load_watch_file
from strife.watch.runner import Watcher


def rss(items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 document of (guid/link path, title, description) items."""
    body = "".join(f"<item><title>{t}</title><link>{{base}}{link}</link><guid>{link}</guid>"
                   f"<pubDate>Fri, 02 Jun 2017 10:00:00 GMT</pubDate><description>{d}</description></item>"
                   for link, t, d in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>{body}'
            "</channel></rss>").encode()


class Site:
    """What the loopback server serves; tests change it between rounds."""

    def __init__(self):
        self.feed_items = [("/a/1", "Strike", "strike in Raqqa on 2017-06-01 killing 4 by Coalition."),
                           ("/a/2", "Clash", "clash in Mosul on 2017-06-01 killing 2 by Army.")]
        self.pages: dict[str, str] = {}
        self.hooks: list[dict] = []
        self.requests: list[str] = []
        self.lock = threading.Lock()

    def etag(self) -> str:
        return f'"v{len(self.feed_items)}"'


def make_handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def _send(self, status: int, body: bytes = b"", headers: dict | None = None):
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if "Content-Length" not in (headers or {}) and "Transfer-Encoding" not in (headers or {}):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            if self.path != "/hook":
                return self._send(500)
            with site.lock:
                site.hooks.append(json.loads(self.rfile.read(length)))
            self._send(204)

        def do_GET(self):
            base = f"http://127.0.0.1:{self.server.server_port}"
            with site.lock:
                site.requests.append(self.path)
            p = self.path
            if p == "/feed.xml":
                if self.headers.get("If-None-Match") == site.etag():
                    return self._send(304)
                return self._send(200, rss(site.feed_items).replace(b"{base}", base.encode()),
                                  {"ETag": site.etag(), "Content-Type": "application/rss+xml"})
            if p == "/robots.txt":
                return self._send(200, b"User-agent: *\nDisallow: /private/\n")
            if p.startswith(("/a/", "/private/")):
                text = site.pages.get(p)
                if text is None:
                    return self._send(404)
                return self._send(200, f"<html><body><article><p>{text}</p></article></body></html>".encode(),
                                  {"Content-Type": "text/html"})
            if p == "/429.xml":
                return self._send(429, b"slow down", {"Retry-After": "120"})
            if p == "/500.xml":
                return self._send(500, b"oops")
            if p == "/bad.xml":
                return self._send(200, b"<rss><channel><item><title>unclosed", {"Content-Type": "application/rss+xml"})
            if p == "/huge.xml":
                return self._send(200, b"<rss>" + b"x" * 200_000 + b"</rss>")
            if p == "/huge-chunked.xml":
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for _ in range(50):
                    chunk = b"y" * 8192
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
                return None
            if p == "/slow.xml":
                time.sleep(3)
                return self._send(200, rss([]))
            if p == "/loop":
                return self._send(302, b"", {"Location": "/loop2"})
            if p == "/loop2":
                return self._send(302, b"", {"Location": "/loop"})
            return self._send(404)

    return Handler


@pytest.fixture
def site():
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(s))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    s.base = f"http://127.0.0.1:{server.server_port}"
    yield s
    server.shutdown()
    server.server_close()


def feed(site: Site, path: str, interval: float = 600) -> SourceSpec:
    return SourceSpec(site.base + path, "feed", interval)


def fetcher() -> Fetcher:
    return Fetcher(timeout=1.0, max_bytes=100_000)


def count(store: Store, table: str) -> int:
    return store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_good_items_once_nothing_taken_twice(site):
    site.pages["/a/1"] = "strike in Raqqa on 2017-06-01 killing 4 by Coalition. " + "Residents fled. " * 90
    with Store(":memory:") as store:
        watcher = Watcher(store, FakePipeline(), [feed(site, "/feed.xml")], fetcher=fetcher())
        good = watcher.round()[0]
        assert good.new_items == 2 and good.new_events == 2
        assert count(store, "articles") == 2
        # /a/1 gave its page's longer text; /a/2 has no page (404): its summary was kept, with a note
        texts = [t for (t,) in store.con.execute("SELECT text FROM articles").fetchall()]
        assert any(len(t) > 1000 for t in texts)
        assert any("page not fetched" in e for e in good.errors)
        # next round: the feed answers 304 to our ETag; nothing is taken twice
        watcher.next_due.clear()
        assert watcher.round()[0].not_modified
        # the feed changes: only the new item is ingested
        site.feed_items.append(("/a/3", "Strike", "strike in Tabqa on 2017-06-02 killing 1 by Coalition."))
        watcher.next_due.clear()
        assert watcher.round()[0].new_items == 1
        assert count(store, "articles") == 3 and count(store, "watch_items") == 3


@pytest.mark.parametrize("path, reason", [
    ("/429.xml", "HTTP 429"), ("/500.xml", "HTTP 500"), ("/bad.xml", "feed unreadable"),
    ("/huge.xml", "too large"), ("/huge-chunked.xml", "too large"), ("/slow.xml", "timed out"),
    ("/loop", "redirects"), ("/nothing.xml", "HTTP 404")])
def test_a_bad_source_is_reported_with_its_reason_and_nothing_hangs(site, path, reason):
    with Store(":memory:") as store:
        started = time.monotonic()
        result = Watcher(store, FakePipeline(), [feed(site, path)], fetcher=fetcher()).round()[0]
        assert time.monotonic() - started < 10
        assert reason in " ".join(result.errors) and result.new_items == 0
        st = state.source_state(store.con, site.base + path)
        assert st["failures"] == 1 and reason in st["last_error"]
        assert count(store, "articles") == 0


def test_a_host_in_back_off_is_not_asked_again_until_its_time(site):
    clock = [1000.0]
    f = Fetcher(timeout=1.0, clock=lambda: clock[0])
    with Store(":memory:") as store:
        watcher = Watcher(store, FakePipeline(), [feed(site, "/429.xml"), feed(site, "/feed.xml")], fetcher=f)
        first = watcher.round()
        assert "HTTP 429" in first[0].errors[0]
        assert "back-off" in first[1].errors[0]  # same host: not hammered
        asked = len(site.requests)
        watcher.next_due.clear()
        watcher.round()
        assert len(site.requests) == asked
        clock[0] += 121  # Retry-After: 120 (longer than the first back-off step)
        watcher.sources = watcher.sources[1:]
        watcher.next_due.clear()
        assert watcher.round()[0].new_items == 2


def test_robots_txt_is_respected_for_pages(site):
    site.feed_items = [("/private/9", "Strike", "strike in Aleppo on 2017-06-01 killing 3 by Army.")]
    site.pages["/private/9"] = "strike in Aleppo on 2017-06-01 killing 3 by Army. " + "Residents fled. " * 90
    with Store(":memory:") as store:
        result = Watcher(store, FakePipeline(), [feed(site, "/feed.xml")], fetcher=fetcher()).round()[0]
        assert "/private/9" not in site.requests  # never asked
        assert any("robots.txt" in e for e in result.errors)
        assert result.new_items == 1  # the summary is ingested instead


def test_a_restart_resumes_without_duplicates(site, tmp_path):
    path = tmp_path / "w.duckdb"
    with Store(path) as store:
        Watcher(store, FakePipeline(), [feed(site, "/feed.xml")], fetcher=fetcher()).round()
    site.feed_items.append(("/a/3", "Strike", "strike in Tabqa on 2017-06-02 killing 1 by Coalition."))
    with Store(path) as store:  # a new process: state comes from the store
        result = Watcher(store, FakePipeline(), [feed(site, "/feed.xml")], fetcher=fetcher()).round()[0]
        assert result.new_items == 1
        assert count(store, "articles") == 3 and count(store, "watch_items") == 3


def test_a_crash_after_storing_before_recording_loses_and_duplicates_nothing(site, tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"
    with Store(path) as store:
        watcher = Watcher(store, FakePipeline(), [feed(site, "/feed.xml")], fetcher=fetcher())

        def crash(*args, **kwargs):
            raise SystemExit("killed")

        monkeypatch.setattr(state, "record_items", crash)
        with pytest.raises(SystemExit):
            watcher.round()
    monkeypatch.undo()
    with Store(path) as store:
        assert count(store, "articles") == 2 and count(store, "watch_items") == 0
        Watcher(store, FakePipeline(), [feed(site, "/feed.xml")], fetcher=fetcher()).round()
        assert count(store, "articles") == 2  # the stored one was not stored again
        assert count(store, "watch_items") == 2


KILL_SCRIPT = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from fakes import FakePipeline
    from strife.sources.fetch import Fetcher
    from strife.store import Store
    from strife.watch.config import SourceSpec
    from strife.watch.runner import Watcher
    with Store({db!r}) as store:
        w = Watcher(store, FakePipeline(), [SourceSpec({url!r}, "feed", 600)], fetcher=Fetcher(timeout=5))
        w.round()
""")


@pytest.mark.slow
def test_kill_9_mid_round_then_rerun_takes_every_item_once(site, tmp_path):
    """kill -9 while pages are being fetched; a rerun ends with every item stored once."""
    site.feed_items = [(f"/a/{i}", "Strike", f"strike in Raqqa on 2017-06-{i:02d} killing {i} by Coalition.")
                       for i in range(1, 9)]
    db = str(tmp_path / "k.duckdb")
    script = KILL_SCRIPT.format(tests=str(Path(__file__).resolve().parents[1]), db=db, url=site.base + "/feed.xml")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]),
                                                        os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-c", script], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and sum(p.startswith("/a/") for p in site.requests) < 3:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=120)
    with Store(db) as store:
        assert count(store, "articles") == 8
        assert count(store, "watch_items") == 8


def test_alert_fires_once_per_matching_new_event_to_webhook_jsonl_and_atom(site, tmp_path):
    out = tmp_path / "alerts.jsonl"
    config = tmp_path / "watch.yaml"
    config.write_text(textwrap.dedent(f"""
        sources:
          - url: {site.base}/feed.xml
        alerts:
          - name: syria-deaths
            country: Syria
            min_fatalities: 1
            jsonl: {out}
            webhook: {site.base}/hook
    """))
    watch = load_watch_file(config)
    site.feed_items.append(("/a/3", "Strike", "strike in Tabqa on 2017-06-05 killing 0 by Coalition."))
    lines: list[str] = []
    with Store(":memory:") as store:
        with store.transaction() as con:
            alerts.save_rules(con, watch.alerts)
        watcher = Watcher(store, FakePipeline(), watch.sources, fetcher=fetcher())
        watcher.follow(once=True, echo=lines.append)
        # Raqqa (4 killed) matches; Mosul is in Iraq; Tabqa had no deaths
        assert len(site.hooks) == 1 and site.hooks[0]["rule"] == "syria-deaths"
        assert len(out.read_text().splitlines()) == 1
        atom = alerts.atom_feed(store.con, "http://127.0.0.1:8000/")
        assert atom.count("<entry>") == 1 and "Raqqa" in atom
        assert any(line.startswith("alert syria-deaths") for line in lines)
        # the next round changes nothing (304): no new alert anywhere
        watcher.follow(once=True, echo=lines.append)
        assert len(site.hooks) == 1 and alerts.atom_feed(store.con, "http://x/").count("<entry>") == 1
        # re-firing the same unchanged event does nothing either
        ids = [i for (i,) in store.con.execute("SELECT event_id_cnty FROM events").fetchall()]
        assert alerts.fire(store.con, ids, watcher.fetcher, echo=lines.append) == []


def test_a_failed_webhook_is_retried_on_a_later_round_once(site):
    with Store(":memory:") as store:
        with store.transaction() as con:
            state.save_rule(con, "all", EventFilter(), webhook=site.base + "/nowhere-500")
        watcher = Watcher(store, FakePipeline(), [feed(site, "/feed.xml")], fetcher=fetcher())
        watcher.follow(once=True, echo=lambda _: None)
        assert len(state.undelivered(store.con, "all")) == 2
        with store.transaction() as con:
            con.execute("UPDATE alert_rules SET webhook = ?", [site.base + "/hook"])
        # A roomy timeout for the deliveries: a POST that the loaded loopback server answers
        # late would be retried and arrive twice (webhooks are at-least-once), which is not
        # what this test is about.
        patient = Fetcher(timeout=30.0)
        alerts.fire(store.con, [], patient, echo=lambda _: None)
        assert len(site.hooks) == 2 and state.undelivered(store.con, "all") == []
        alerts.fire(store.con, [], patient, echo=lambda _: None)
        assert len(site.hooks) == 2


def test_folders_take_new_and_changed_files(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.txt").write_text("strike in Raqqa on 2017-06-01 killing 4 by Coalition.\n")
    spec = SourceSpec(str(inbox), "folder", 30)
    with Store(":memory:") as store:
        watcher = Watcher(store, FakePipeline(), [spec])
        assert watcher.round()[0].new_items == 1
        watcher.next_due.clear()
        assert watcher.round()[0].new_items == 0
        (inbox / "two.txt").write_text("clash in Mosul on 2017-06-01 killing 2 by Army.\n")
        (inbox / "one.txt").write_text("strike in Raqqa on 2017-06-01 killing 5 by Coalition.\n")
        watcher.next_due.clear()
        assert watcher.round()[0].new_items == 2
        assert count(store, "articles") == 3
        (inbox / "bad.txt").write_bytes(b"\x00\x01binary")
        watcher.next_due.clear()
        result = watcher.round()[0]
        assert result.new_items == 0 and any("bad.txt" in e for e in result.errors)
        fresh = state.freshness(store.con)
        assert fresh[0]["items_24h"] == 3 and fresh[0]["last_success"]


def test_a_sources_tags_reach_its_events(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.txt").write_text("strike in Raqqa on 2017-06-01 killing 4 by Coalition.\n")
    config = tmp_path / "watch.yaml"
    config.write_text(f"sources:\n  - path: {inbox}\n    tags: [levant, wire]\n    outlet: Inbox News\n")
    watch = load_watch_file(config)
    with Store(":memory:") as store:
        Watcher(store, FakePipeline(), watch.sources).round()
        assert store.con.execute("SELECT tags, source FROM events").fetchall() == [("levant; wire", "Inbox News")]
    config.write_text(f"sources:\n  - path: {inbox}\n    tags: {{a: 1}}\n")
    with pytest.raises(WatchConfigError, match=r"watch\.yaml:2: tags must be a list"):
        load_watch_file(config)


def test_sources_file_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "watch.yaml"
    bad.write_text("sources:\n  - url: https://example.org/feed\n    intervall: 60\n")
    with pytest.raises(WatchConfigError, match=r"watch.yaml:2: unknown key\(s\) intervall"):
        load_watch_file(bad)
    bad.write_text("alerts:\n  - name: x\n    min_fatalities: -3\n")
    with pytest.raises(WatchConfigError, match=r"watch\.yaml:2: alert 'x': min_fatalities"):
        load_watch_file(bad)
    bad.write_text("sources:\n  - url: https://a/\n    path: /tmp\n")
    with pytest.raises(WatchConfigError, match="either url"):
        load_watch_file(bad)


def test_serve_runs_the_watcher_as_the_stores_one_writer_and_serves_alerts(site, tmp_path):
    """`strife serve --watch`: the server follows the sources, reads keep working, and the
    alerts are an Atom feed."""
    from fastapi.testclient import TestClient

    from strife.api import ApiConfig, create_app
    from strife.watch.config import AlertRule, WatchConfig

    db = tmp_path / "serve.duckdb"
    Store(db).close()
    watch = WatchConfig([feed(site, "/feed.xml")], [AlertRule("all", EventFilter())])
    app = create_app(ApiConfig(db=str(db), watch=watch, pipeline_factory=FakePipeline))
    with TestClient(app) as client:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the round's items are recorded after its events
            polled = client.get("/stats").json()
            if polled["events"] == 2 and polled["sources"] and polled["sources"][0]["items_24h"] == 2:
                break
            time.sleep(0.2)
        stats = client.get("/stats").json()
        assert stats["events"] == 2
        assert stats["sources"][0]["source"] == site.base + "/feed.xml" and stats["sources"][0]["items_24h"] == 2
        atom = client.get("/alerts.atom")
        assert atom.status_code == 200 and atom.headers["content-type"].startswith("application/atom+xml")
        assert atom.text.count("<entry>") == 2
