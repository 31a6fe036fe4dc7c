"""SQL lives in strife/store/ only: ingest, the CLI and the read API call store functions."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "strife"
SQL = re.compile(r"\.execute(many)?\(|\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b")


def test_no_sql_outside_the_store():
    files = [ROOT / "ingest.py", *sorted((ROOT / "cli").glob("*.py")),
             *(ROOT / "api" / name for name in ("app.py", "events.py", "params.py", "models.py"))]
    offenders = [f"{path.relative_to(ROOT.parent)}:{n}" for path in files
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if SQL.search(line)]
    assert not offenders, offenders
