"""Kill -9 suite: interrupt writing commands at random points and check the store.

    python scripts/kill9.py [--kills 3] [--seed 1] [--copies 12]

For each command (``ingest``, ``link --rebuild``, ``gazetteer import``, and the write
server ``serve --write-token-file`` taking ``POST /articles``) it first makes a reference
run without interruption, then, on a fresh copy, kills the command with SIGKILL ``--kills``
times at random moments after it opened the store (or began the import, or answered its
first write), and checks after every kill that

* the store (or user gazetteer) still opens, and nothing committed before the kill is lost
  (counts never go down; for ``link --rebuild`` and ``gazetteer import``, which commit
  once, the counts are exactly those before the run; for the server, every article of a
  POST answered 201 before the kill is in the store);
* no temporary file of the import survives its next run;

and finally that rerunning the command to completion reaches the reference counts.
Prints one line per check and exits 1 on the first failure.  Needs the spaCy model (the
ingest runs the real pipeline on a corpus made from ``examples/``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-c", "from strife.cli.main import app; app()"]
ROW = "\t".join(["{id}", "Place {id}", "Place {id}", "", "52.37", "4.88", "P", "PPL", "NL", "", "07", "0363",
                 "", "", "1000", "", "13", "Europe/Amsterdam", "2023-01-01"])


def fail(msg: str) -> None:
    print(f"FAIL {msg}")
    sys.exit(1)


def counts(db: Path) -> dict[str, int]:
    code = ("import sys, json; from strife.store import Store; s = Store(sys.argv[1], read_only=True); "
            "print(json.dumps(s.counts())); s.close()")
    out = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, env=ENV)
    if out.returncode:
        fail(f"store {db} does not open after a kill: {out.stderr.strip()[-300:]}")
    return json.loads(out.stdout)


def gazetteer_rows(index: Path) -> int:
    if not index.exists():
        return 0
    con = sqlite3.connect(index)
    try:
        return con.execute("SELECT count(*) FROM place").fetchone()[0]
    finally:
        con.close()


def run(args: list[str], env: dict) -> None:
    out = subprocess.run(CLI + args, capture_output=True, text=True, env=env)
    if out.returncode:
        fail(f"`strife {' '.join(args)}` exited {out.returncode}: {out.stderr.strip()[-500:]}")


def kill_after(args: list[str], env: dict, started, delay: float) -> bool:
    """Start the command, wait until ``started(process)`` is true, then ``delay`` s more, and kill -9.
    False if the command finished before it could be killed."""
    proc = subprocess.Popen(CLI + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 300
    while not started(proc) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(delay)
    if proc.poll() is not None:
        return False
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return True


def holds(holder: Path, proc: subprocess.Popen) -> bool:
    """True once ``proc`` has opened the store (its PID in the holder file; a file left by a
    killed run names another PID)."""
    try:
        return json.loads(holder.read_text(encoding="utf-8")).get("pid") == proc.pid
    except (OSError, ValueError, AttributeError):
        return False


def corpus(folder: Path, copies: int) -> None:
    """``copies`` variants of every plain-text example (distinct texts: distinct articles)."""
    folder.mkdir()
    for src in sorted((ROOT / "examples").glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        for i in range(copies):
            (folder / f"{src.stem}-{i:03d}.txt").write_text(f"{text.rstrip()}\n(Update {i}.)\n", encoding="utf-8")


def check_ingest(work: Path, kills: int, rng: random.Random, copies: int) -> None:
    articles = work / "articles"
    corpus(articles, copies)
    ref = work / "ref.duckdb"
    run(["--db", str(ref), "ingest", str(articles), "--batch-size", "4"], ENV)
    want = counts(ref)
    print(f"ingest reference: {want}")
    db = work / "killed.duckdb"
    holder = Path(str(db) + ".holder")
    last = dict.fromkeys(want, 0)
    for k in range(kills):
        killed = kill_after(["--db", str(db), "ingest", str(articles), "--batch-size", "4"], ENV,
                            lambda proc: holds(holder, proc), rng.uniform(0.5, 6.0))
        got = counts(db)
        if any(got[t] < last[t] for t in got):
            fail(f"ingest kill {k + 1}: committed rows lost: {last} -> {got}")
        print(f"ingest kill {k + 1}: {'killed' if killed else 'finished first'}, store opens, {got}")
        last = got
    run(["--db", str(db), "ingest", str(articles), "--batch-size", "4"], ENV)
    if counts(db) != want:
        fail(f"ingest rerun reached {counts(db)}, reference {want}")
    print(f"ingest rerun: identical counts {want}")
    return db


def check_link(work: Path, db: Path, kills: int, rng: random.Random) -> None:
    want = counts(db)
    holder = Path(str(db) + ".holder")
    for k in range(kills):
        before = counts(db)
        killed = kill_after(["--db", str(db), "link", "--rebuild"], ENV,
                            lambda proc: holds(holder, proc), rng.uniform(0.0, 3.0))
        got = counts(db)
        if got != before:
            fail(f"link --rebuild kill {k + 1}: counts changed {before} -> {got}")
        print(f"link --rebuild kill {k + 1}: {'killed' if killed else 'finished first'}, counts unchanged")
    run(["--db", str(db), "link", "--rebuild"], ENV)
    if counts(db) != want:
        fail(f"link --rebuild rerun reached {counts(db)}, before {want}")
    print(f"link --rebuild rerun: identical counts {want}")


def check_gazetteer(work: Path, kills: int, rng: random.Random) -> None:
    dump = work / "XX.txt"
    with open(dump, "w", encoding="utf-8") as fp:
        for i in range(1, 300_001):
            fp.write(ROW.format(id=i) + "\n")
    small = work / "YY.txt"
    small.write_text("".join(ROW.format(id=i) + "\n" for i in range(900_001, 900_011)), encoding="utf-8")
    cache = work / "cache"
    env = {**ENV, "STRIFE_CACHE": str(cache)}
    code = ("import sys; from strife.geo.gazetteer import USER_INDEX, default_index_path; "
            "print(default_index_path().parent / USER_INDEX)")
    index = Path(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                                check=True).stdout.strip())
    run(["gazetteer", "import", str(small)], env)
    before = gazetteer_rows(index)
    temps = lambda: list(index.parent.glob(index.name + ".*.tmp*"))  # noqa: E731
    for k in range(kills):
        stale = set(temps())
        killed = kill_after(["gazetteer", "import", str(dump)], env,
                            lambda proc, stale=stale: bool(set(temps()) - stale), rng.uniform(0.2, 2.0))
        if gazetteer_rows(index) != before:
            fail(f"gazetteer import kill {k + 1}: the previous index changed ({before} -> {gazetteer_rows(index)})")
        print(f"gazetteer import kill {k + 1}: {'killed' if killed else 'finished first'}, previous index "
              f"intact ({before} places), {len(temps())} temporary file(s) left")
    run(["gazetteer", "import", str(dump)], env)
    if temps():
        fail(f"gazetteer import rerun left temporary files: {temps()}")
    if gazetteer_rows(index) != before + 300_000:
        fail(f"gazetteer import rerun: {gazetteer_rows(index)} places, expected {before + 300_000}")
    print(f"gazetteer import rerun: {gazetteer_rows(index)} places, no temporary files")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, token_file: Path) -> tuple[subprocess.Popen, str]:
    """``strife serve`` with the write endpoints on a free loopback port, once it answers."""
    import httpx

    port = free_port()
    proc = subprocess.Popen(CLI + ["--db", str(db), "serve", "--port", str(port), "--write-token-file",
                                   str(token_file)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            fail(f"`strife serve` exited {proc.returncode}: {proc.stderr.read().decode()[-500:]}")
        try:
            if httpx.get(base + "/stats", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    fail("`strife serve` did not answer within 120 s")


def post_all(base: str, token: str, batches: list[list[dict]], done: list[str], stop: threading.Event,
             errors: list[str]) -> None:
    """POST every batch in order; the article ids of each batch answered 201 go to ``done``, an
    answer other than 201 to ``errors``."""
    import httpx

    with httpx.Client(base_url=base, timeout=300, headers={"Authorization": f"Bearer {token}"}) as client:
        for batch in batches:
            if stop.is_set():
                return
            try:
                r = client.post("/articles", json={"articles": batch})
            except httpx.HTTPError:
                return  # the server was killed under this request: nothing was confirmed
            if r.status_code != 201:
                errors.append(f"POST /articles answered {r.status_code}: {r.text[:300]}")
                return
            done.extend(r.json()["article_ids"])


def check_serve(work: Path, kills: int, rng: random.Random, copies: int) -> None:
    articles = work / "served"
    corpus(articles, copies)
    docs = [{"text": f.read_text(encoding="utf-8"), "title": f.stem} for f in sorted(articles.glob("*.txt"))]
    batches = [docs[i:i + 2] for i in range(0, len(docs), 2)]
    token = "kill9-" + "x" * 26
    token_file = work / "token"
    token_file.write_text(token + "\n", encoding="utf-8")
    token_file.chmod(0o600)

    def serve_run(db: Path, kill_delay: float | None) -> tuple[bool, list[str]]:
        proc, base = start_server(db, token_file)
        done: list[str] = []
        errors: list[str] = []
        stop = threading.Event()
        poster = threading.Thread(target=post_all, args=(base, token, batches, done, stop, errors), daemon=True)
        poster.start()
        if kill_delay is None:
            poster.join()
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
            if errors:
                fail(errors[0])
            return False, done
        deadline = time.monotonic() + 300
        while not done and poster.is_alive() and time.monotonic() < deadline:
            time.sleep(0.02)  # the first answered write: the model is loaded, writes are flowing
        time.sleep(kill_delay)
        killed = poster.is_alive()
        stop.set()
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        poster.join(timeout=60)
        if errors:
            fail(errors[0])
        return killed, done

    def fresh(name: str) -> Path:
        db = work / name
        code = "import sys; from strife.store import Store; Store(sys.argv[1]).close()"
        subprocess.run([sys.executable, "-c", code, str(db)], check=True, env=ENV)
        return db

    ref = fresh("served-ref.duckdb")
    serve_run(ref, None)
    want = counts(ref)
    print(f"serve reference: {want}")
    db = fresh("served-killed.duckdb")
    last = dict.fromkeys(want, 0)
    for k in range(kills):
        killed, confirmed = serve_run(db, rng.uniform(0.0, 4.0))
        got = counts(db)
        if any(got[t] < last[t] for t in got):
            fail(f"serve kill {k + 1}: committed rows lost: {last} -> {got}")
        code = ("import sys, json; from strife.store import Store; s = Store(sys.argv[1], read_only=True); "
                "print(json.dumps([i for i in json.loads(sys.stdin.read()) if not s.has_article(i)])); s.close()")
        out = subprocess.run([sys.executable, "-c", code, str(db)], input=json.dumps(confirmed),
                             capture_output=True, text=True, env=ENV, check=True)
        missing = json.loads(out.stdout)
        if missing:
            fail(f"serve kill {k + 1}: {len(missing)} article(s) answered 201 are not in the store")
        print(f"serve kill {k + 1}: {'killed' if killed else 'finished first'}, store opens, "
              f"all {len(confirmed)} confirmed articles stored, {got}")
        last = got
    serve_run(db, None)
    if counts(db) != want:
        fail(f"serve rerun reached {counts(db)}, reference {want}")
    print(f"serve rerun: identical counts {want}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--copies", type=int, default=12, help="variants of each example article")
    ap.add_argument("--only", choices=["ingest", "link", "gazetteer", "serve"], action="append")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    only = set(args.only or ["ingest", "link", "gazetteer", "serve"])
    work = Path(tempfile.mkdtemp(prefix="strife-kill9-"))
    try:
        if only & {"ingest", "link"}:
            db = check_ingest(work, args.kills, rng, args.copies)
            if "link" in only:
                check_link(work, db, args.kills, rng)
        if "gazetteer" in only:
            check_gazetteer(work, args.kills, rng)
        if "serve" in only:
            check_serve(work, args.kills, rng, args.copies)
        print("OK: nothing committed was lost; reruns reached identical counts")
    finally:
        shutil.rmtree(work, ignore_errors=True)


ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}

if __name__ == "__main__":
    main()
