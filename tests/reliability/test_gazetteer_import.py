"""An import killed before it could clean up leaves temporary copies; the next import removes
them (and only one import runs at a time, so it never removes a live one's)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from strife.geo.importer import import_geonames

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROW = "\t".join(["{id}", "Place {id}", "Place {id}", "", "52.37", "4.88", "P", "PPL", "NL", "", "07", "0363",
                 "", "", "1000", "", "13", "Europe/Amsterdam", "2023-01-01"])


def _dump(path, n: int) -> None:
    with open(path, "w", encoding="utf-8") as fp:
        for i in range(1, n + 1):
            fp.write(ROW.format(id=i) + "\n")


def _temps(index):
    return sorted(p.name for p in index.parent.glob(index.name + ".*.tmp*"))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
def test_temporary_files_of_a_killed_import_are_removed_by_the_next(tmp_path):
    dump, index = tmp_path / "XX.txt", tmp_path / "user.sqlite"
    _dump(dump, 400_000)
    code = ("import sys; from strife.geo.importer import import_geonames; "
            "import_geonames(sys.argv[1], sys.argv[2], progress=lambda d, t: print(d, flush=True))")
    proc = subprocess.Popen([sys.executable, "-c", code, str(dump), str(index)], stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": ROOT})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not _temps(index):
        time.sleep(0.05)
    proc.stdout.readline()  # rows are going in
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    left = _temps(index)
    assert left, "the killed import left no temporary file (nothing to test)"
    assert not index.exists()
    small = tmp_path / "YY.txt"
    _dump(small, 3)
    report = import_geonames(small, index)
    assert report.rows == 3 and _temps(index) == []
    assert sorted(os.path.basename(p) for p in report.cleaned) == left
