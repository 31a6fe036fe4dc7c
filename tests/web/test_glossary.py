"""The glossary the dashboard shows (tooltips, Glossary panel) and docs/glossary.md say the same."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_docs_glossary_matches_the_dashboard():
    entries = json.loads((ROOT / "strife/web/static/glossary.json").read_text(encoding="utf-8"))
    assert {"time_precision", "source_count", "geo_precision", "interaction", "confidence"} <= set(entries)
    page = (ROOT / "docs/glossary.md").read_text(encoding="utf-8")
    for name, entry in entries.items():
        assert set(entry) == {"short", "text"}, name
        assert f"`{name}`" in page and entry["text"] in page, name
    assert "`p` (`time_precision`)" in page and "`src` (`source_count`)" in page
