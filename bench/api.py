"""Benchmark GET /events on a large synthetic store through the real server.

    python bench/api.py --n 1000000 --requests 40 --rounds 3

Fills a DuckDB store with N synthetic events (generated in SQL, see
``strife.store.synthetic.fill_bulk``), starts `strife serve` (uvicorn) on a free
127.0.0.1 port in a subprocess, sends sequential requests with httpx and prints
p50/p95 latency per query shape.  Each round measures every query; the figures
printed are the medians over the rounds.  Target: p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
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
            if httpx.get(f"http://127.0.0.1:{port}/stats", params={"country": "none"}, timeout=5).is_success:
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000, help="synthetic events")
    ap.add_argument("--requests", type=int, default=40, help="requests per query and round")
    ap.add_argument("--rounds", type=int, default=3, help="rounds; medians over rounds are printed")
    ap.add_argument("--db", type=Path, help="store to (re)use; default: a temporary file")
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
