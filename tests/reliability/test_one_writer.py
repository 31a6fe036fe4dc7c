"""One writer everyone can reach: a second process is told which Strife command holds the
store and can wait for it; ingest loads its model before it takes the store."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from strife.cli.main import app
from strife.store import Store, StoreError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _hold(path, seconds: float) -> subprocess.Popen:
    """Another process that opens the store for writing, as `strife-holder --db PATH`."""
    code = ("import sys, time; db, secs = sys.argv[1:]; sys.argv = ['strife-holder', '--db', db]; "
            "from strife.store import Store; s = Store(db); print('ready', flush=True); "
            "time.sleep(float(secs)); s.close()")
    proc = subprocess.Popen([sys.executable, "-c", code, str(path), str(seconds)],
                            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": ROOT})
    assert proc.stdout.readline().strip() == "ready"
    return proc


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    return path


def test_second_writer_is_told_who_holds_the_store(store_path):
    holder = _hold(store_path, 20)
    try:
        for read_only in (False, True):
            with pytest.raises(StoreError) as err:
                Store(store_path, read_only=read_only)
            msg = str(err.value)
            assert f"PID {holder.pid}" in msg and "strife-holder --db" in msg, msg
            assert "--wait SECONDS" in msg and "readonly" not in msg.lower()
    finally:
        holder.kill()
        holder.wait()


def test_a_writer_can_wait_for_the_store(store_path):
    holder = _hold(store_path, 2)
    t = time.monotonic()
    with Store(store_path, wait=30) as store:
        assert store.counts()["articles"] == 0
    assert time.monotonic() - t < 25
    holder.wait()
    assert not (store_path.parent / (store_path.name + ".holder")).exists()


def test_cli_ingest_names_the_holder_and_loads_the_model_first(store_path, tmp_path, monkeypatch):
    import strife.pipeline
    from fakes import FakePipeline

    seen = {}

    def factory(settings=None):  # is the store still free while the model loads?
        probe = subprocess.run([sys.executable, "-c", "import duckdb, sys; "
                                "duckdb.connect(sys.argv[1], read_only=True).close()", str(store_path)],
                               capture_output=True)
        seen["free while loading"] = probe.returncode == 0
        return FakePipeline()

    monkeypatch.setattr(strife.pipeline, "Pipeline", factory)
    article = tmp_path / "a.txt"
    article.write_text("strike in Raqqa on 2017-06-01 killing 4 by Coalition.\n")
    ok = CliRunner().invoke(app, ["--db", str(store_path), "ingest", str(article)])
    assert ok.exit_code == 0, ok.output
    assert seen["free while loading"]
    holder = _hold(store_path, 20)
    try:
        busy = CliRunner().invoke(app, ["--db", str(store_path), "ingest", str(article)])
    finally:
        holder.kill()
        holder.wait()
    assert busy.exit_code == 2
    text = " ".join(busy.output.split())
    assert f"PID {holder.pid}" in text and "strife-holder" in text
