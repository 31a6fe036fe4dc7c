"""The dashboard in a real browser (Debian chromium + chromedriver, driven by Selenium).

The store is built by `strife ingest` from the bundled examples (and the founding example
from ../shared when it is there), plus synthetic events in three countries; one article
with a hostile title is added to check that no script from article data runs.
Screenshots (dashboard.png, dashboard-mobile.png, dashboard-dark.png) go to a temporary
folder; with STRIFE_UPDATE_SCREENSHOTS=1 they replace the committed ones under docs/ (a
test run leaves the checkout as it found it).
Every check compares what the page shows with what the API answers for the same query.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from strife.store import Store
from strife.store.synthetic import build_small

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def screenshot_dir(tmp_path: Path) -> Path:
    """docs/ when STRIFE_UPDATE_SCREENSHOTS=1 (to refresh the committed images), else tmp_path."""
    return DOCS if os.environ.get("STRIFE_UPDATE_SCREENSHOTS") == "1" else tmp_path


HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">Convoy <script>window.__pwned=2</script>'
CLI = [sys.executable, "-c", "from strife.cli.main import app; app()"]


def _need_browser():
    for path, what in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromedriver")):
        if not os.path.exists(path):
            pytest.skip(f"{what} not installed (apt-get install chromium chromium-driver)")
    pytest.importorskip("selenium", reason="selenium not installed")


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """`strife ingest examples/` (+ the founding example), synthetic events, one hostile article."""
    _need_browser()
    path = tmp_path_factory.mktemp("web") / "store.duckdb"
    inputs = [str(ROOT / "examples")] if (ROOT / "examples").is_dir() else []
    founding = ROOT.parent / "shared" / "examples" / "arab-today-deir-ezzor-convoy.txt"
    if founding.exists():
        inputs.append(str(founding))
    if inputs:
        run = subprocess.run([*CLI, "--db", str(path), "ingest", *inputs], capture_output=True,
                             text=True, timeout=900)
        assert run.returncode == 0, run.stderr[-2000:]
    with Store(path) as st, st.transaction() as con:
        build_small(con, 150, seed=0, titles={0: HOSTILE_TITLE},
                    extras={0: " <img src=y onerror=window.__pwned=3>"})
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(store):
    port = _free_port()
    proc = subprocess.Popen([*CLI, "--db", str(store), "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/stats", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("server did not start: " + (proc.stdout.read() if proc.stdout else ""))
        time.sleep(0.3)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    _need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--window-size=1500,1000"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    profile = tempfile.mkdtemp(prefix="strife-chromium-")
    opts.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def wait_for(driver, condition, timeout=30, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition(driver)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}; status: "
                         f"{driver.find_element('id', 'status').text!r}, "
                         f"error: {driver.find_element('id', 'error').text!r}")


def state(d) -> str:
    return d.execute_script("return document.body.dataset.state")


def wait_ready(d, what="dashboard ready"):
    wait_for(d, lambda d: state(d) in ("ready", "error"), what=what)
    time.sleep(0.3)  # let Leaflet finish drawing


def open_page(d, server, query=""):
    d.get(server + "/" + (f"?{query}" if query else ""))
    wait_ready(d)


def api(server, path, **params):
    r = httpx.get(server + path, params=params, timeout=30)
    r.raise_for_status()
    return r.json()


def status(d, key):
    return d.find_element("id", "status").get_attribute(f"data-{key}")


def url_params(d) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(d.current_url).query).items()}


def row_ids(d) -> list[str]:
    return [r.get_attribute("data-id") for r in d.find_elements("css selector", "#events tbody tr")]


def no_script_problems(d):
    problems = [e["message"] for e in d.get_log("browser")
                if e["level"] == "SEVERE" or "Content Security Policy" in e["message"]]
    # a 422 the page asked for on purpose is logged by Chrome as a failed resource
    return [p for p in problems if "422" not in p]


def test_open_shows_the_aggregates_of_the_api(server, browser):
    d = browser
    open_page(d, server)
    page = api(server, "/events", count="true", limit=100, evidence="false")
    places = api(server, "/stats/places")
    timeline = api(server, "/stats/timeline")
    assert int(status(d, "count")) == page["total"] > 100
    assert not d.find_element("id", "prev-page").is_enabled()
    assert d.find_element("id", "next-page").is_enabled()
    # the table pages: the first page, in the API's order
    assert row_ids(d) == [e["event_id_cnty"] for e in page["events"]]
    # admin1 layer: one proportional symbol per admin1, coloured like the legend
    symbols = d.find_elements("css selector", "#map path.place-symbol")
    assert len(symbols) == len(places["places"]) == int(status(d, "symbols"))
    drawn = {s.get_attribute("data-admin1"): int(s.get_attribute("data-events")) for s in symbols}
    assert drawn == {p["admin1"] or "": p["events"] for p in places["places"]}
    legend = d.execute_script("""var out = {};
        document.querySelectorAll('#legend .legend-item').forEach(function (i) {
            out[i.dataset.type] = getComputedStyle(i.querySelector('.swatch')).backgroundColor; });
        return out;""")
    for s in symbols:
        fill = d.execute_script("return getComputedStyle(arguments[0]).fill", s)
        assert fill == legend.get(s.get_attribute("data-type"), legend["other"]), s.get_attribute("data-type")
    biggest = max(symbols, key=lambda s: int(s.get_attribute("data-events")))
    smallest = min(symbols, key=lambda s: int(s.get_attribute("data-events")))
    assert biggest.size["width"] >= smallest.size["width"]
    # time chart: one bar per bin, the bin the API chose, axes with labels
    chart = d.find_element("id", "timechart")
    assert chart.get_attribute("data-bin") == timeline["bin"]
    bars = d.find_elements("css selector", "#timechart rect.bar")
    assert [b.get_attribute("data-start") for b in bars] == [b["start"] for b in timeline["bins"]]
    assert sum(int(b.get_attribute("data-events")) for b in bars) == page["total"] - timeline["undated"]
    assert len(d.find_elements("css selector", "#timechart text.tick.x")) >= 3
    assert d.find_elements("css selector", "#timechart text.tick.y-events")
    assert d.find_elements("css selector", "#timechart text.tick.y-fatalities")
    assert d.find_elements("css selector", "#timechart polyline.fatalities")
    # dyads follow the (empty) filters
    dyads = api(server, "/stats/dyads", limit=50)["dyads"]
    rows = d.find_elements("css selector", "#dyads tbody tr")
    assert [(r.get_attribute("data-actor1"), r.get_attribute("data-actor2")) for r in rows] == \
        [(x["actor1"], x["actor2"]) for x in dyads]
    # the glossary: tooltips on the table's abbreviations, and the list in the page
    def tip(column):
        return d.find_element("css selector", f'#events th[data-glossary="{column}"]').get_attribute("title")

    assert "exact day" in tip("time_precision")
    assert "independent outlets" in tip("source_count")
    assert len(d.find_elements("css selector", "#glossary-list dt")) == 5
    # the data-quality panel loads when opened, one row per line of the audit
    assert not d.find_elements("css selector", "#audit tbody tr")
    d.find_element("css selector", "#audit-panel summary").click()
    audit = api(server, "/stats/audit")
    wait_for(d, lambda d: len(d.find_elements("css selector", "#audit tbody tr")) == len(audit["lines"]),
             what="audit panel")
    assert not no_script_problems(d)


def test_url_state_round_trip_and_back_forward(server, browser):
    from selenium.webdriver.support.ui import Select

    d = browser
    open_page(d, server, "country=Syria&type=Battles")
    want = api(server, "/events", country="Syria", type="Battles", count="true", limit=1)["total"]
    assert want > 0
    assert int(status(d, "count")) == want
    assert d.find_element("id", "f-country").get_attribute("value") == "Syria"
    assert d.find_element("id", "f-type").get_attribute("value") == "Battles"
    places = api(server, "/stats/places", country="Syria", type="Battles")["places"]
    assert len(d.find_elements("css selector", "#map path.place-symbol")) == len(places)
    # a filter chosen in the page goes to the URL (a new history entry)
    admin1 = max(places, key=lambda p: p["events"])["admin1"]
    Select(d.find_element("id", "f-admin1")).select_by_value(admin1)
    narrowed = api(server, "/events", country="Syria", type="Battles", admin1=admin1, count="true", limit=1)["total"]
    wait_for(d, lambda d: status(d, "count") == str(narrowed), what="admin1 filter")
    assert url_params(d) == {"country": "Syria", "type": "Battles", "admin1": admin1}
    # back restores the previous state in the form and the results, forward re-applies
    d.back()
    wait_for(d, lambda d: status(d, "count") == str(want) and state(d) == "ready", what="back")
    assert d.find_element("id", "f-admin1").get_attribute("value") == ""
    assert url_params(d) == {"country": "Syria", "type": "Battles"}
    d.forward()
    wait_for(d, lambda d: status(d, "count") == str(narrowed) and state(d) == "ready", what="forward")
    assert d.find_element("id", "f-admin1").get_attribute("value") == admin1
    # the map view and the selected event: a permalink reproduces them
    event = api(server, "/events", country="Syria", admin1=admin1, limit=1)["events"][0]
    lat, lon = event["latitude"], event["longitude"]
    open_page(d, server, f"event={event['event_id_cnty']}&map={lat:.4f},{lon:.4f},9")
    wait_for(d, lambda d: d.find_element("id", "event-panel").get_attribute("data-event-id") ==
             event["event_id_cnty"], what="event from the URL")
    link = d.find_element("css selector", "#event-panel a.permalink").get_attribute("href")
    assert urlsplit(link).query == f"event={event['event_id_cnty']}"
    # zoomed in (9): single events of the view are drawn as points
    wait_for(d, lambda d: d.find_elements("css selector", "#map path.event-point"), what="event points")
    assert d.find_elements("css selector", "#map path.selected-event")
    # and the places with events are named (the basemap has no labels of its own)
    labels = wait_for(d, lambda d: d.find_elements("css selector", "#map .place-label span"), what="place labels")
    named = {p["location"] for p in api(server, "/stats/places", by="location", limit=10_000)["places"]}
    assert {label.text for label in labels} <= named
    assert not event["location"] or event["location"] in {label.text for label in labels}
    assert url_params(d)["map"].endswith(",9")
    # moving the map changes the URL in place (no new history entry)
    length = d.execute_script("return history.length")
    d.execute_script("document.querySelector('#map').focus()")
    d.find_element("id", "map").send_keys("-")  # Leaflet's keyboard zoom out
    wait_for(d, lambda d: url_params(d).get("map", "").endswith(",8"), what="map view in the URL")
    assert d.execute_script("return history.length") == length
    assert not no_script_problems(d)


def test_sort_columns(server, browser):
    d = browser
    open_page(d, server, "country=Iraq")
    d.find_element("css selector", '#events th[data-sort="fatalities"] button').click()
    want = api(server, "/events", country="Iraq", sort="-fatalities", limit=100, evidence="false")["events"]
    wait_for(d, lambda d: row_ids(d) == [e["event_id_cnty"] for e in want], what="sorted by fatalities")
    th = d.find_element("css selector", '#events th[data-sort="fatalities"]')
    assert th.get_attribute("aria-sort") == "descending"
    assert url_params(d)["sort"] == "-fatalities"
    rows = d.find_elements("css selector", "#events tbody tr")
    killed = [int(r.find_elements("tag name", "td")[9].text) for r in rows]
    assert killed == sorted(killed, reverse=True)
    d.find_element("css selector", '#events th[data-sort="actor2"] button').click()
    want = api(server, "/events", country="Iraq", sort="actor2", limit=100, evidence="false")["events"]
    wait_for(d, lambda d: row_ids(d) == [e["event_id_cnty"] for e in want], what="sorted by actor 2")
    names = [r.find_elements("tag name", "td")[5].text for r in d.find_elements("css selector", "#events tbody tr")]
    assert names == sorted(names)
    # the sort survives a reload from the URL
    d.refresh()
    wait_ready(d)
    assert row_ids(d) == [e["event_id_cnty"] for e in want]


def test_export_downloads_exactly_the_filtered_events(server, browser, downloads):
    d = browser
    open_page(d, server, "country=Syria&sort=fatalities")
    total = int(status(d, "count"))
    link = d.find_element("id", "export-csv")
    href = link.get_attribute("href")
    assert urlsplit(href).path == "/events.csv"
    assert {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()} == {"country": "Syria", "sort": "fatalities"}
    for f in downloads.glob("*"):
        f.unlink()
    link.click()
    target = wait_for(d, lambda d: list(downloads.glob("*.csv")), what="the CSV download")[0]
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == total
    assert {r["country"] for r in rows} == {"Syria"}
    geo = httpx.get(d.find_element("id", "export-geojson").get_attribute("href"), timeout=30).json()
    located = api(server, "/stats/places", country="Syria")
    assert len(geo["features"]) == sum(p["events"] for p in located["places"])


def test_no_results_and_readable_errors(server, browser):
    d = browser
    open_page(d, server, "text=zzqxv+nothing+like+this")
    assert status(d, "count") == "0"
    message = d.find_element("id", "no-results")
    assert message.is_displayed() and "No events match" in message.text
    assert not d.find_elements("css selector", "#events tbody tr")
    open_page(d, server, "country=Syrai")
    error = d.find_element("id", "error")
    assert error.is_displayed()
    assert "did you mean Syria" in error.text
    assert "\n" not in error.text and "{" not in error.text and "[" not in error.text
    d.find_element("id", "f-reset").click()
    wait_for(d, lambda d: not d.find_element("id", "error").is_displayed() and state(d) == "ready", what="reset")


def test_dyads_filter_exactly_and_the_actor_page(server, browser):
    d = browser
    open_page(d, server, "country=Syria")
    dyads = api(server, "/stats/dyads", country="Syria", limit=50)["dyads"]
    first = d.find_elements("css selector", "#dyads tbody tr")[0]
    assert (first.get_attribute("data-actor1"), first.get_attribute("data-actor2")) == \
        (dyads[0]["actor1"], dyads[0]["actor2"])
    first.find_element("css selector", "button.count").click()
    wait_for(d, lambda d: status(d, "count") == str(dyads[0]["events"]), what="dyad filter")
    assert url_params(d) == {"country": "Syria", "actor1": dyads[0]["actor1"], "actor2": dyads[0]["actor2"]}
    rows = d.find_elements("css selector", "#events tbody tr")
    assert {(r.find_elements("tag name", "td")[4].text, r.find_elements("tag name", "td")[5].text)
            for r in rows} == {(dyads[0]["actor1"], dyads[0]["actor2"])}
    # the actor page of actor 1
    d.find_elements("css selector", "#dyads tbody tr")[0].find_element("css selector", "button.actor").click()
    panel = wait_for(d, lambda d: d.find_element("id", "actor-profile") if
                     d.find_element("id", "actor-profile").get_attribute("data-actor") == dyads[0]["actor1"]
                     else None, what="actor page")
    profile = api(server, "/stats/actor", name=dyads[0]["actor1"], country="Syria",
                  actor1=dyads[0]["actor1"], actor2=dyads[0]["actor2"])
    assert len(panel.find_elements("css selector", "rect.bar")) == len(profile["timeline"]["bins"])
    assert len(panel.find_elements("css selector", "ul.counterparts li")) == len(profile["counterparts"])
    assert len(panel.find_elements("css selector", "ul.places li")) == len(profile["places"])


def test_hostile_article_text_stays_text(server, browser):
    d = browser
    hostile = api(server, "/events", text="__pwned=3")["events"][0]["event_id_cnty"]
    open_page(d, server, f"event={hostile}")
    wait_for(d, lambda d: d.find_element("id", "event-panel").get_attribute("data-event-id") == hostile,
             what="hostile event panel")
    title = d.find_element("css selector", "#event-panel .report .title").text
    assert title == HOSTILE_TITLE.replace("  ", " ")
    assert not d.find_elements("css selector", "#event-panel img, #event-panel script, #event-panel b")
    assert "onerror" in d.find_element("css selector", "#event-panel blockquote.sentence").text
    time.sleep(0.3)
    assert d.execute_script("return window.__pwned") is None


def test_event_evidence_and_screenshots(server, browser, tmp_path):
    """The founding example's convoy event (when there): evidence highlighted; desktop, dark
    and phone screenshots for docs/."""
    d = browser
    shots = screenshot_dir(tmp_path)
    syria = api(server, "/events", country="Syria", sort="-fatalities", limit=200, evidence="false")["events"]
    chosen = max(syria, key=lambda e: ("Deir" in (e["admin1"] or "") + (e["location"] or "")
                                        and e["source"] not in ("Wire A", "Wire B"), e["fatalities"] or 0))
    open_page(d, server, f"country=Syria&event={chosen['event_id_cnty']}")
    wait_for(d, lambda d: d.find_element("id", "event-panel").get_attribute("data-event-id") ==
             chosen["event_id_cnty"], what="event panel")
    detail = api(server, f"/events/{chosen['event_id_cnty']}")
    marks = d.find_elements("css selector", "#event-panel mark.evidence")
    sentences = " ".join(r["sentence"] or "" for r in detail["reports"])
    if any(v["text"] and v["text"] in sentences for v in detail["evidence"]):
        assert marks, "evidence inside the sentence must be highlighted"
    for m in marks:
        assert m.text and any(m.text in v["text"] for v in detail["evidence"])
    tips = {dt.text: dt.get_attribute("title") for dt in d.find_elements("css selector", "#event-panel dt.has-tip")}
    assert "geo_precision" in tips and "confidence" in tips
    shots.mkdir(exist_ok=True)
    assert d.save_screenshot(str(shots / "dashboard.png"))
    # dark theme follows the system preference
    light = d.execute_script("return getComputedStyle(document.body).backgroundColor")
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    time.sleep(0.3)
    dark = d.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert dark != light
    assert d.save_screenshot(str(shots / "dashboard-dark.png"))
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert d.execute_script("return window.__pwned") is None
    assert not no_script_problems(d)


def test_phone_width(server, browser, tmp_path):
    d = browser
    d.set_window_size(390, 844)
    try:
        width = d.execute_script("return window.innerWidth")
        open_page(d, server, "country=Syria")
        map_box = d.find_element("id", "map").size
        assert map_box["width"] >= width - 40 and map_box["height"] >= 200
        assert d.execute_script("return document.documentElement.scrollWidth") <= width
        for el in d.find_elements("css selector", "#filters select, #filters input, #filters button, "
                                                  "#table-tools button, #table-tools a"):
            assert el.size["width"] > 20, el.get_attribute("id")
        # every control is reachable with the keyboard: tabbing reaches the export link
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        d.execute_script("document.activeElement.blur()")
        reached = set()
        for _ in range(60):
            ActionChains(d).send_keys(Keys.TAB).perform()
            reached.add(d.switch_to.active_element.get_attribute("id"))
            if "export-csv" in reached:
                break
        assert {"f-type", "f-country", "f-apply", "export-csv"} <= reached
        shots = screenshot_dir(tmp_path)
        assert d.save_screenshot(str(shots / "dashboard-mobile.png"))
    finally:
        d.set_window_size(1500, 1000)
