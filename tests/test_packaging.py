"""A built wheel carries every data file Strife reads: dictionaries, gazetteer data, store
migrations and the dashboard's assets (an installed `strife` has no source tree to fall back on)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def tracked_data_files() -> set[str]:
    out = subprocess.run(["git", "ls-files", "strife"], cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        pytest.skip("not a git checkout")
    return {f for f in out.stdout.split() if not f.endswith(".py")}


def test_wheel_carries_every_data_file(tmp_path):
    pytest.importorskip("setuptools")
    wanted = tracked_data_files()
    assert {"strife/web/static/index.html", "strife/web/static/glossary.json",
            "strife/store/migrations/001_initial.sql", "strife/data/geo/places.tsv"} <= wanted
    assert any(f.startswith("strife/dictionaries/") and f.endswith(".yaml") for f in wanted)
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("strife-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(wanted - names)
    assert not missing, missing
    assert "strife/web/static/vendor/leaflet/leaflet.js" in names
    assert any(n.endswith("entry_points.txt") for n in names)
