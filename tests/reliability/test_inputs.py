"""No input stops a batch: odd file names, special files, huge stdin, big JSON arrays, NUL
characters anywhere and an article the store refuses each cost only themselves."""

from __future__ import annotations

import json
import os
import sys
import threading
import tracemalloc

import pytest
from fakes import FakePipeline, article

from strife.ingest import ingest
from strife.model import Article, SourceError
from strife.sources import read_paths
from strife.store import Store

GOOD = "Hama - Orontes Post\nGovernment forces and rebels clashed north of Hama on Tuesday.\n"
CODED = "Officials said a strike in Raqqa on 2017-06-01 killing 4 by Coalition."


def _read(paths, **kw):
    items = list(read_paths(paths, **kw))
    return ([i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, SourceError)])


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
def test_file_name_not_utf8_is_stored_escaped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = os.fsdecode(bytes(folder) + b"/bad\xff\x1b[31m.txt")
    with open(bad, "w", encoding="utf-8") as fp:
        fp.write(CODED)
    (folder / "good.txt").write_text(CODED.replace("Raqqa", "Mosul"), encoding="utf-8")
    with Store(":memory:") as store:
        result = ingest(store, read_paths([folder]), FakePipeline())
        origins = sorted(r[0] for r in store.con.execute("SELECT origin FROM articles").fetchall())
    assert not result.errors and result.stored == 2
    assert origins == sorted([str(folder) + "/bad\\xff\x1b[31m.txt", str(folder / "good.txt")])


def test_display_path_is_lossless():
    from strife.sources.base import display_path

    names = [b"a\xff", b"a\\xff", b"a\\\\xff", b"caf\xc3\xa9", b"a\\", b"a\\\xff"]
    shown = [display_path(os.fsdecode(n)) for n in names]
    assert len(set(shown)) == len(names)
    assert all(s.encode("utf-8") for s in shown)
    assert shown[3] == "café"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_in_a_directory_is_skipped_not_waited_on(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")
    (tmp_path / "c.txt").write_text(GOOD.replace("Tuesday", "Friday"), encoding="utf-8")
    out = {}
    reader = threading.Thread(target=lambda: out.update(r=_read([tmp_path])), daemon=True)
    reader.start()
    reader.join(20)
    if reader.is_alive():  # unblock the old reader so the test run can end
        fd = os.open(tmp_path / "b.txt", os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        pytest.fail("reading a directory with a named pipe in it hung")
    articles, errors = out["r"]
    assert len(articles) == 2
    assert [(e.origin, e.reason) for e in errors] == [
        (str(tmp_path / "b.txt"), "not a regular file (named pipe), skipped")]


def test_device_given_by_name_is_refused(tmp_path):
    articles, [err] = _read(["/dev/zero"])
    assert not articles and "not a regular file" in err.reason


class _Stdin:
    """A stdin whose bytes are produced on demand (nothing held in memory)."""

    def __init__(self, total: int, line: bytes):
        self.left, self.line = total, line
        self.buffer = self

    def read(self, n: int = -1) -> bytes:
        n = self.left if n is None or n < 0 else min(n, self.left)
        reps = n // len(self.line) + 1
        out = (self.line * reps)[:n]
        self.left -= len(out)
        return out


def test_oversized_stdin_is_refused_with_flat_memory(monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(60_000_000, b"Rebels shelled the town of Hama. "))
    tracemalloc.start()
    try:
        articles, [err] = _read(["-"], max_bytes=200_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not articles and err.origin == "<stdin>" and "too large" in err.reason
    assert peak < 10_000_000, f"reading stdin peaked at {peak:,} bytes"


def test_stdin_json_lines_stream_beyond_one_article_limit(monkeypatch):
    line = json.dumps({"text": GOOD, "published": "2017-06-01"}).encode() + b"\n"
    monkeypatch.setattr(sys, "stdin", _Stdin(len(line) * 3000, line))
    articles, errors = _read(["-"], max_bytes=100_000)  # 3000 lines: about 3x the limit
    assert not errors and len(articles) == 3000


def test_json_array_larger_than_the_limit_is_read_record_by_record(tmp_path):
    records = [{"text": GOOD.replace("Hama", f"Hama {i}"), "published": "2017-06-01"} for i in range(3000)]
    records[7] = {"text": "x" * 120_000}
    path = tmp_path / "many.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    assert path.stat().st_size > 300_000
    articles, errors = _read([path], max_bytes=100_000)
    assert len(articles) == 2999
    assert [e.origin for e in errors] == [f"{path}#8"] and "too large" in errors[0].reason


def test_nul_after_the_first_64k_of_a_csv_is_refused_for_its_row(tmp_path):
    rows = ["text,title"] + [f'"{GOOD.strip().replace(chr(10), " ")} ({i})",t{i}' for i in range(2000)]
    rows[1500] = '"Rebels shelled\x00 the town.",t'
    path = tmp_path / "rows.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert path.read_bytes().index(b"\x00") > 65_536
    articles, errors = _read([path])
    assert len(articles) == 1999 and not any("\x00" in a.text for a in articles)
    assert [e.origin for e in errors] == [f"{path}:1501"] and "NUL" in errors[0].reason


@pytest.mark.parametrize("suffix,body", [
    (".jsonl", json.dumps({"text": "Rebels shelled\u0000 the town."}) + "\n"),
    (".json", json.dumps([{"text": "Rebels shelled\u0000 the town."}])),
])
def test_escaped_nul_in_json_is_refused(tmp_path, suffix, body):
    path = tmp_path / ("x" + suffix)
    path.write_text(body, encoding="utf-8")
    articles, [err] = _read([path])
    assert not articles and "NUL" in err.reason


def test_an_article_the_store_refuses_is_its_own_error():
    items = [article(CODED), article(CODED.replace("Raqqa", "Mosul"), source="Odd", origin="odd\udcff.txt"),
             article(CODED.replace("Raqqa", "Aleppo"), source="Third")]
    with Store(":memory:") as store:
        result = ingest(store, items, FakePipeline(), batch_size=10)
        assert store.counts()["articles"] == 2
    assert result.stored == 2
    [err] = result.errors
    assert err.reason.startswith("cannot store: ")
