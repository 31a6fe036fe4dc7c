"""Shared by the Spark tests: the bundled examples as input rows, and the comparison key."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

#: What "the same event" means across the local and the Spark path.
KEY_FIELDS = ("report_id", "sub_event_type", "actor1", "actor2", "event_date", "location", "fatalities")


def example_articles():
    """Every bundled example as the local reader builds it."""
    from strife.model import Article
    from strife.sources import read_paths

    return [a for a in read_paths([EXAMPLES]) if isinstance(a, Article)]


def article_record(article) -> dict:
    """An input row carrying everything the reader found (so both paths see the same Article)."""
    return {k: getattr(article, k) for k in ("id", "url", "title", "text", "published", "source", "lang",
                                              "dateline", "body_start", "origin", "published_from")}


def event_key(ev) -> tuple:
    """The comparison tuple of an EventRecord (report) or a report row dict."""
    get = ev.get if isinstance(ev, dict) else (lambda f: getattr(ev, f))
    out = []
    for f in KEY_FIELDS:
        v = ev.event_id_cnty if (f == "report_id" and not isinstance(ev, dict)) else get(f)
        out.append(v.isoformat() if hasattr(v, "isoformat") else v)
    return tuple(out)


@pytest.fixture(scope="session")
def examples():
    """(articles, input records) of the bundled examples."""
    arts = example_articles()
    return arts, [article_record(a) for a in arts]


@pytest.fixture(scope="session")
def key():
    return event_key
