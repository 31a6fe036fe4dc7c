"""The dashboard in a real browser (Debian chromium + chromedriver, driven by Selenium).

The store is built by `strife ingest` from the bundled examples (and the founding example
from ../shared when it is there); one article with a hostile title is added to check that
no script from article data runs.  A screenshot is saved to tests/artifacts/dashboard.png.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from strife.store import Store
from strife.store.synthetic import build_small

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">Convoy <script>window.__pwned=2</script>'
CLI = [sys.executable, "-c", "from strife.cli.main import app; app()"]


def _need_browser():
    for path, what in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromedriver")):
        if not os.path.exists(path):
            pytest.skip(f"{what} not installed (apt-get install chromium chromium-driver)")
    pytest.importorskip("selenium", reason="selenium not installed")


@pytest.fixture(scope="module")
def store(tmp_path_factory, request) -> Path:
    """A store from `strife ingest examples/` (+ the founding example), plus one hostile article."""
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
        build_small(con, 1, seed=0, titles={0: HOSTILE_TITLE},
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
def browser():
    _need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--window-size=1500,1000"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    profile = tempfile.mkdtemp(prefix="strife-chromium-")
    opts.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def wait_for(driver, condition, timeout=30, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition(driver)
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}; status: "
                         f"{driver.find_element('id', 'status').text!r}")


def wait_ready(driver):
    wait_for(driver, lambda d: d.execute_script(
        "return document.body.dataset.state === 'ready' && "
        "document.querySelectorAll('#timeline rect.bar').length > 0"), what="dashboard ready")
    time.sleep(0.5)  # let markercluster finish its chunked add and Leaflet its zoom animation


def markers_on_map(driver) -> int:
    """Markers as drawn: single circle markers plus the numbers on cluster icons."""
    return driver.execute_script("""
        var single = document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length;
        var clustered = 0;
        document.querySelectorAll('.marker-cluster span').forEach(function (s) {
            clustered += parseInt(s.textContent, 10); });
        return single + clustered;""")


def api(server, path, **params):
    r = httpx.get(server + path, params=params, timeout=30)
    r.raise_for_status()
    return r.json()


def test_dashboard(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    d = browser
    d.get(server + "/")
    wait_ready(d)

    # 1. markers and table rows match the API's count
    body = api(server, "/events", limit=10_000, count="true", evidence="false")
    total = body["count"]
    located = sum(e["latitude"] is not None for e in body["events"])
    assert total > 0
    status = d.find_element(By.ID, "status")
    assert int(status.get_attribute("data-count")) == total
    assert len(d.find_elements(By.CSS_SELECTOR, "#events tbody tr")) == total
    assert int(status.get_attribute("data-markers")) == located
    assert markers_on_map(d) == located

    # 2. brushing the timeline sets the date range and reloads; double-click clears it
    from selenium.webdriver.common.action_chains import ActionChains

    timeline = d.find_element(By.ID, "timeline")
    width = timeline.size["width"]
    ActionChains(d).move_to_element_with_offset(timeline, -width // 4, 0).click_and_hold() \
        .move_by_offset(width // 2, 0).release().perform()
    since = d.find_element(By.ID, "f-since").get_attribute("value")
    until = d.find_element(By.ID, "f-until").get_attribute("value")
    assert since and until and since <= until
    brushed = api(server, "/events", since=since, until=until, count="true", limit=1)["count"]
    wait_for(d, lambda d: d.find_element(By.ID, "status").get_attribute("data-count") == str(brushed),
             what="brushed count")
    wait_ready(d)
    assert len(d.find_elements(By.CSS_SELECTOR, "#events tbody tr")) == brushed
    ActionChains(d).double_click(timeline).perform()
    wait_for(d, lambda d: d.find_element(By.ID, "status").get_attribute("data-count") == str(total),
             what="brush cleared")
    wait_ready(d)
    assert d.find_element(By.ID, "f-since").get_attribute("value") == ""

    # the data-quality panel shows every line of the audit, its example ids open events
    audit = api(server, "/stats/audit")
    wait_for(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#audit tbody tr")) == len(audit["lines"]),
             what="audit panel")

    # 3. a hostile title and sentence are shown as text and run nothing
    hostile = api(server, "/events", text="__pwned=3")["events"][0]["event_id_cnty"]
    d.execute_script("arguments[0].click()", d.find_element(
        By.CSS_SELECTOR, f'#events tbody tr[data-id="{hostile}"]'))
    wait_for(d, lambda d: d.find_element(By.ID, "event-panel").get_attribute("data-event-id") == hostile,
             what="hostile event panel")
    title = d.find_element(By.CSS_SELECTOR, "#event-panel .report .title").text
    assert title == HOSTILE_TITLE.replace("  ", " ")
    assert not d.find_elements(By.CSS_SELECTOR, "#event-panel img, #event-panel script, #event-panel b")
    assert "onerror" in d.find_element(By.CSS_SELECTOR, "#event-panel blockquote.sentence").text
    time.sleep(0.5)
    assert d.execute_script("return window.__pwned") is None

    # 4. a filter: the country with the most events (Syria when the founding example is in)
    by_country = api(server, "/stats")["by_country"]
    country = next(r["key"] for r in by_country if r["key"])
    if any(r["key"] == "Syria" for r in by_country):
        country = "Syria"
    Select(d.find_element(By.ID, "f-country")).select_by_value(country)
    wait_for(d, lambda d: d.find_element(By.ID, "status").get_attribute("data-count") ==
             str(api(server, "/events", country=country, count="true", limit=1)["count"]),
             what="filtered count")
    wait_ready(d)
    admin1s = {r["key"] for r in api(server, "/stats", country=country)["by_admin1"] if r["key"]}
    wait_for(d, lambda d: {o.get_attribute("value") for o in d.find_elements(
        By.CSS_SELECTOR, "#f-admin1 option")} - {""} == admin1s, what="admin1 choices of the country")
    filtered = api(server, "/events", country=country, limit=10_000, evidence="false")["events"]
    rows = d.find_elements(By.CSS_SELECTOR, "#events tbody tr")
    assert len(rows) == len(filtered) < total or len(filtered) == total
    assert {r.get_attribute("data-id") for r in rows} == {e["event_id_cnty"] for e in filtered}
    assert markers_on_map(d) == sum(e["latitude"] is not None for e in filtered)

    # 5. open an event (one from the founding example when it is there) and check the highlights
    def score(e):
        return (("Deir" in (e["admin1"] or "") + (e["location"] or "")), e["fatalities"] or 0)
    chosen = max(filtered, key=score)["event_id_cnty"]
    d.execute_script("arguments[0].click()", d.find_element(
        By.CSS_SELECTOR, f'#events tbody tr[data-id="{chosen}"]'))
    wait_for(d, lambda d: d.find_element(By.ID, "event-panel").get_attribute("data-event-id") == chosen,
             what="event panel")
    detail = api(server, f"/events/{chosen}")
    marks = d.find_elements(By.CSS_SELECTOR, "#event-panel mark.evidence")
    evidence_texts = {v["text"] for v in detail["evidence"]}
    sentences = " ".join(r["sentence"] or "" for r in detail["reports"])
    in_sentence = [v for v in detail["evidence"] if v["text"] and v["text"] in sentences]
    if in_sentence:
        assert marks, "evidence inside the sentence must be highlighted"
    for m in marks:
        assert m.text and any(m.text in t for t in evidence_texts)
        assert m.get_attribute("data-fields")
    selected = d.find_elements(By.CSS_SELECTOR, "#events tbody tr.selected")
    assert [r.get_attribute("data-id") for r in selected] == [chosen]
    time.sleep(1.0)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert d.save_screenshot(str(ARTIFACTS / "dashboard.png"))
    assert d.execute_script("return window.__pwned") is None
    # the page works under its own CSP: nothing was blocked, no script errors
    problems = [e["message"] for e in d.get_log("browser")
                if e["level"] == "SEVERE" or "Content Security Policy" in e["message"]]
    assert not problems, problems
