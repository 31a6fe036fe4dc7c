"""SQL lives in strife/store/ only: every other stage calls store functions.

The one exception is strife/geo/: the gazetteer's own SQLite index is built and read
there, because geo runs before the store stage and must not import from it.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "strife"
SQL = re.compile(r"\.execute(many)?\(|\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b"
                 r"|\b(BEGIN TRANSACTION|COMMIT|ROLLBACK)\b")
OWN_SQL = ("store", "geo")


def test_no_sql_outside_the_store():
    files = [p for p in sorted(ROOT.rglob("*.py")) if p.relative_to(ROOT).parts[0] not in OWN_SQL]
    assert len(files) > 50  # the walk found the package
    offenders = [f"{path.relative_to(ROOT.parent)}:{n}" for path in files
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if SQL.search(line)]
    assert not offenders, offenders
