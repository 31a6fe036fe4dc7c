"""Benchmark GET /events and the dashboard on a large synthetic store through the real server.

    python bench/api.py --n 1000000 --requests 40 --rounds 3
    python bench/api.py --n 100000 --load            # concurrency 1/8/32, 30 s each

Fills a DuckDB store with N synthetic events (generated in SQL, see
``strife.store.synthetic.fill_bulk``), starts `strife serve` (uvicorn) on a free
127.0.0.1 port in a subprocess, sends sequential requests with httpx and prints
p50/p95 latency per query shape.  Each round measures every query; the figures
printed are the medians over the rounds.  Target: p95 <= 50 ms.

It then times the dashboard as a browser loads it: the requests the page sends on open
(and for a filter), six at a time as a browser does over one host, from the first request
until the last answer the page waits for before it says "ready" (see ``DASHBOARD``).
Targets on 1M events: open < 2 s, filter < 1 s.

``--load`` instead runs a closed-loop load test: at each concurrency level (default
1, 8, 32) that many clients send ``GET /events`` back to back for ``--seconds`` (default
30), cycling through the query shapes above, and it prints throughput, p50/p95/p99 latency
and the error rate (non-200 answers and failed connections).  Server and clients stay on
the loopback interface.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from strife.store import Store
from strife.store.synthetic import fill_bulk

QUERIES = {
    "country+dates+type": {"country": "Syria", "since": "2019-01-01", "until": "2019-06-30",
                           "type": "Battles"},
    "  same, evidence=false": {"country": "Syria", "since": "2019-01-01", "until": "2019-06-30",
                               "type": "Battles", "evidence": "false"},
    "bbox": {"bbox": "38.0,34.0,41.0,37.0"},
    "bbox+dates": {"bbox": "38.0,34.0,41.0,37.0", "since": "2021-03-01", "until": "2021-04-30"},
    "text": {"text": "Tikrit"},
    "text (rare)": None,  # "report <number>" of one stored event, filled in at run time
    "actor": {"actor": "houthi"},
    "no filter": {},
    "page 2 (cursor)": None,  # filled in at run time
    "count+country": {"country": "Iraq", "count": "true"},
}


#: What strife/web/static/dashboard.js requests, in its order: (phase, path, params).
#: Phase 0 (config) comes first; the page is ready when phase 1 is answered; phase 2
#: (the freshness poll) follows.
DASHBOARD_OPEN = [
    (0, "/config.json", {}),
    (1, "/stats", {}),
    (1, "/actors", {"limit": 500, "dyads": 0}),
    (1, "/stats/places", {}),  # admin1 choices
    (1, "/stats/overview", {"dyads": 50}),  # map symbols, time chart, dyads
    (1, "/events", {"sort": "-date", "limit": 100, "evidence": "false"}),
    (2, "/events", {"limit": 1, "evidence": "false", "background": "true"}),
]
#: The data-quality panel, loaded only when the user opens it.
DASHBOARD_AUDIT = [(1, "/stats/audit", {})]
#: A filter applied in the page: the two requests of its refresh().
DASHBOARD_FILTERS = {
    "country+type": {"country": "Syria", "type": "Battles"},
    "date range": {"since": "2019-01-01", "until": "2019-03-31"},
    "text": {"text": "Tikrit"},
    "dyad (exact actors)": {"actor1": "Islamic State", "actor2": "Houthi Movement"},
}


def dashboard_requests(filters: dict) -> list[tuple[int, str, dict]]:
    return [(1, "/stats/overview", {**filters, "dyads": 50}),
            (1, "/events", {**filters, "sort": "-date", "limit": 100, "evidence": "false"})]


def page_load(base_url: str, requests: list[tuple[int, str, dict]]) -> dict[int, float]:
    """Seconds from the first request until each phase's last answer (6 connections)."""
    from concurrent.futures import ThreadPoolExecutor

    done: dict[int, float] = {}
    t0 = time.perf_counter()
    with httpx.Client(base_url=base_url, timeout=120) as client, ThreadPoolExecutor(6) as pool:
        for phase in sorted({p for p, _, _ in requests}):
            batch = [(path, params) for p, path, params in requests if p == phase]
            for r in pool.map(lambda pp: client.get(pp[0], params=pp[1]), batch):
                r.raise_for_status()
            done[phase] = time.perf_counter() - t0
    return done


def dashboard(base_url: str, rounds: int) -> list[tuple[str, float, float]]:
    """(what, median s, worst s) of opening the dashboard and of each filter."""
    out = []
    opens = [page_load(base_url, DASHBOARD_OPEN) for _ in range(rounds)]
    out.append(("open (ready)", statistics.median(o[1] for o in opens), max(o[1] for o in opens)))
    audits = [page_load(base_url, DASHBOARD_AUDIT)[1] for _ in range(rounds)]
    out.append(("data-quality panel opened", statistics.median(audits), max(audits)))
    for name, filters in DASHBOARD_FILTERS.items():
        times = [page_load(base_url, dashboard_requests(filters))[1] for _ in range(rounds)]
        out.append((f"filter: {name}", statistics.median(times), max(times)))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(path: Path, n: int) -> float:
    t0 = time.perf_counter()
    with Store(path) as store, store.transaction() as con:
        fill_bulk(con, n)
    with Store(path) as store:  # checkpoint so the server starts from a compact file
        store.con.execute("CHECKPOINT")
    return time.perf_counter() - t0


def start_server(path: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", "from strife.cli.main import app; app()", "--db", str(path),
         "serve", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5).is_success:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit("server died: " + proc.stderr.read())
        time.sleep(0.3)
    proc.kill()
    raise SystemExit("server did not start within 120 s")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def measure(client: httpx.Client, params: dict, requests: int) -> tuple[list[float], int]:
    for _ in range(3):  # warm-up
        client.get("/events", params=params).raise_for_status()
    times, n_events = [], 0
    for _ in range(requests):
        t0 = time.perf_counter()
        r = client.get("/events", params=params)
        times.append((time.perf_counter() - t0) * 1000)
        r.raise_for_status()
        n_events = len(r.json()["events"])
    return times, n_events


def load_level(base_url: str, mix: list[dict], concurrency: int, seconds: float) -> dict:
    """Closed-loop load: ``concurrency`` clients back to back for ``seconds``."""
    if not base_url.startswith("http://127.0.0.1:"):
        raise SystemExit("the load run only targets a loopback server")

    kinds: dict[str, int] = {}

    async def run() -> tuple[list[float], int]:
        latencies, errors = [], 0
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as client:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + seconds

            async def worker(k: int) -> None:
                nonlocal errors
                while loop.time() < deadline:
                    params = mix[k % len(mix)]
                    k += concurrency
                    t0 = time.perf_counter()
                    try:
                        status = (await client.get("/events", params=params)).status_code
                        ok, kind = status == 200, f"HTTP {status}"
                    except httpx.HTTPError as exc:
                        ok, kind = False, type(exc).__name__
                    if not ok:
                        kinds[kind] = kinds.get(kind, 0) + 1
                    latencies.append((time.perf_counter() - t0) * 1000)
                    errors += not ok

            await asyncio.gather(*(worker(i) for i in range(concurrency)))
        return latencies, errors

    latencies, errors = asyncio.run(run())
    n = len(latencies)
    return {"concurrency": concurrency, "requests": n, "rps": n / seconds,
            "p50": percentile(latencies, 0.5), "p95": percentile(latencies, 0.95),
            "p99": percentile(latencies, 0.99), "error_rate": errors / n if n else 1.0, "error_kinds": kinds}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000, help="synthetic events")
    ap.add_argument("--requests", type=int, default=40, help="requests per query and round")
    ap.add_argument("--rounds", type=int, default=3, help="rounds; medians over rounds are printed")
    ap.add_argument("--db", type=Path, help="store to (re)use; default: a temporary file")
    ap.add_argument("--load", action="store_true", help="closed-loop load run instead (see above)")
    ap.add_argument("--levels", default="1,8,32", help="concurrency levels of the load run")
    ap.add_argument("--seconds", type=float, default=30.0, help="duration of each load level")
    ap.add_argument("--dashboard-only", action="store_true", help="only time the dashboard")
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="strife-bench-")
    path = args.db or Path(tmp.name) / "bench.duckdb"
    if not path.exists():
        print(f"filling {path} with {args.n:,} events ...", flush=True)
        print(f"  built in {build(path, args.n):.1f} s, {path.stat().st_size / 1e6:.0f} MB", flush=True)
    port = free_port()
    proc = start_server(path, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            total = client.get("/events", params={"count": "true", "limit": 1}).json()["count"]
            first = client.get("/events", params={"limit": 100}).json()
            QUERIES["page 2 (cursor)"] = {"cursor": first["next_cursor"]}
            rare = re.search(r"report \d+", first["events"][37]["notes"] or "")
            QUERIES["text (rare)"] = {"text": rare.group(0) if rare else "report 123456789"}
            if args.load:
                mix = list(QUERIES.values())
                print(f"\nclosed-loop load on GET /events, {total:,} events, {args.seconds:g} s per level, "
                      f"{len(mix)} query shapes in turn")
                print(f"{'clients':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
                for level in (int(x) for x in args.levels.split(",")):
                    r = load_level(str(client.base_url).rstrip("/"), mix, level, args.seconds)
                    print(f"{level:7d} {r['rps']:7.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} "
                          f"{r['error_rate']:7.2%}  {r['error_kinds'] or ''}", flush=True)
                return
            load = os.getloadavg()
            board = dashboard(str(client.base_url).rstrip("/"), max(3, args.rounds))
            print(f"\ndashboard on {total:,} events (requests the page sends, 6 at a time), "
                  f"median and worst of {max(3, args.rounds)}; load average before: "
                  f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, after: {os.getloadavg()[0]:.2f}")
            print(f"{'what':<28} {'median s':>9} {'worst s':>8}")
            for name, med, worst in board:
                target = 2.0 if name.startswith("open (ready") else 1.0 if name.startswith("filter") else None
                flag = f"  (over the {target:g} s target)" if target and med > target else ""
                print(f"{name:<28} {med:9.3f} {worst:8.3f}{flag}", flush=True)
            if args.dashboard_only:
                return
            results: dict[str, list[tuple[float, float]]] = {k: [] for k in QUERIES}
            sizes: dict[str, int] = {}
            for _ in range(args.rounds):
                for name, params in QUERIES.items():
                    times, sizes[name] = measure(client, params, args.requests)
                    results[name].append((percentile(times, 0.5), percentile(times, 0.95)))
        print(f"\nGET /events on {total:,} events, {args.rounds} rounds x {args.requests} requests "
              "per query (limit 100, evidence included); medians over rounds")
        print(f"{'query':<24} {'p50 ms':>8} {'p95 ms':>8} {'events':>7}")
        for name, rounds in results.items():
            p50 = statistics.median(r[0] for r in rounds)
            p95 = statistics.median(r[1] for r in rounds)
            flag = "" if p95 <= 50 else "  (over the 50 ms target)"
            print(f"{name:<24} {p50:8.1f} {p95:8.1f} {sizes[name]:7d}{flag}")
        print(f"requests measured: {len(QUERIES) * args.rounds * args.requests}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        tmp.cleanup()


if __name__ == "__main__":
    main()
