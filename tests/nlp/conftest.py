"""Real news texts for the tests that compare Strife's spaCy pipeline with the stock model."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def real_news_texts(shared_dir) -> list[str]:
    """The conflict-news corpus of bench/throughput.py (parsable texts), the CASE 2021
    snippets and the articles of the geo gold sets (text only, labels unread)."""
    import xml.etree.ElementTree as ET

    sys.path.insert(0, str(ROOT / "bench"))
    from throughput import conflict_articles

    from strife.nlp.pipeline import parsable_text
    from strife.spark.rows import article_from_row

    texts = [parsable_text(article_from_row(r)) for r in conflict_articles()]
    case = shared_dir / "gold" / "events" / "case2021-task2-snippets.tsv"
    if case.exists():
        with open(case, encoding="utf-8") as fh:
            texts += [r["EventSnippet"] for r in csv.DictReader(fh, delimiter="\t")]
    for name in ("TR-News", "GeoVirus", "lgl"):
        path = shared_dir / "gold" / "geo" / f"{name}.xml"
        if path.exists():
            texts += [a.findtext("text") or "" for a in ET.parse(path).getroot().iter("article")]
    return texts
