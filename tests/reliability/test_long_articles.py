"""Bounded cost per article: long articles are coded in windows, in linear time, within a
time budget; an article over the budget is reported and its batch-mates are stored."""

from __future__ import annotations

import itertools
import time
from datetime import date

import pytest

from strife.ingest import ingest
from strife.model import Article
from strife.store import Store

pytestmark = pytest.mark.slow


def _long(founding_path, n: int) -> Article:
    """A real report (the founding example) repeated to ``n`` characters, its dateline first."""
    dateline, body = founding_path.read_text(encoding="utf-8").split("\n", 1)
    text = (dateline + "\n" + (body.strip() + "\n") * (n // len(body) + 1))[:n]
    return Article(text=text, published=date(2017, 9, 14), body_start=len(dateline) + 1,
                   dateline="Beirut", source="Arab Today", origin=f"long-{n}.txt")


@pytest.mark.parametrize("n", [25_000, 61_234, 300_000])
def test_windows_cover_the_text_on_boundaries(founding_path, n):
    from strife.windows import windows

    a = _long(founding_path, n)
    ws = windows(a.text, a.body_start, 20_000)
    assert ws[0].start == 0 and ws[-1].end == len(a.text)
    assert all(x.end == y.start for x, y in itertools.pairwise(ws))
    assert all(w.head + (w.end - w.start) <= 20_000 for w in ws)
    assert all(a.text[w.end - 1] == "\n" for w in ws[:-1])  # paragraphs are never cut


def test_long_article_keeps_offsets_sentences_and_events(pipeline, founding_path):
    short = _long(founding_path, 15_000)
    long = _long(founding_path, 61_234)
    assert pipeline.windowed(long) and not pipeline.windowed(short)
    coded = pipeline.process(long)
    sents = coded.parsed.sentences
    assert [s.index for s in sents] == list(range(len(sents)))
    assert all(long.text[s.start:s.end] == s.text for s in sents)
    for ev in coded.events:
        assert all(long.text[e.start:e.end] == e.text for e in ev.evidence)
        s = sents[ev.sentence_index]
        assert s.start <= ev.trigger_start < s.end
    assert len({ev.event_id_cnty for ev in coded.events}) == len(coded.events)
    assert max(ev.trigger_start for ev in coded.events) > 40_000  # the last window is coded too
    # the first window codes what the article's first 15k characters code on their own
    head = [(e.trigger_start, e.event_type, e.actor1, e.location) for e in pipeline.process(short).events]
    first = [(e.trigger_start, e.event_type, e.actor1, e.location) for e in coded.events
             if e.trigger_start < 10_000]
    assert first == [h for h in head if h[0] < 10_000]


def _seconds(pipeline, article) -> float:
    """CPU seconds of this process (wall time would measure the other processes' load)."""
    t = time.process_time()
    pipeline.process(article)
    return time.process_time() - t


def test_cost_grows_linearly(pipeline, founding_path, monkeypatch):
    monkeypatch.setattr(pipeline.settings, "article_seconds", 10_000.0, raising=False)
    small, large = _long(founding_path, 40_000), _long(founding_path, 160_000)
    _seconds(pipeline, small)  # warm caches
    ratio = _seconds(pipeline, large) / _seconds(pipeline, small)
    assert ratio < 7, f"4x the text took {ratio:.1f}x the time (quadratic would be ~16x)"


def test_article_over_budget_is_reported_and_batch_goes_on(pipeline, founding_path, monkeypatch):
    monkeypatch.setattr(pipeline.settings, "article_seconds", 1.0, raising=False)
    big = _long(founding_path, 300_000)
    mates = [Article(text=f"Gunmen attacked a checkpoint in Raqqa on Monday, killing {i} soldiers.",
                     published=date(2017, 9, 14), origin=f"mate-{i}.txt") for i in (2, 3)]
    t = time.perf_counter()
    with Store(":memory:") as store:
        result = ingest(store, [mates[0], big, mates[1]], pipeline)
        stored = {r[0] for r in store.con.execute("SELECT origin FROM articles").fetchall()}
    assert time.perf_counter() - t < 45  # the budget, one window, two short articles
    assert stored == {"mate-2.txt", "mate-3.txt"}
    [err] = result.errors
    assert err.origin == "long-300000.txt"
    assert err.reason.startswith("too slow to code: 300,000 characters")


def test_one_megabyte_article_is_coded_or_reported_within_a_minute(pipeline, founding_path):
    big = _long(founding_path, 1_000_000)
    mate = Article(text="Gunmen attacked a checkpoint in Raqqa on Monday, killing 2 soldiers.",
                   published=date(2017, 9, 14), origin="mate.txt")
    t = time.perf_counter()
    with Store(":memory:") as store:
        result = ingest(store, [big, mate], pipeline)
        stored = {r[0] for r in store.con.execute("SELECT origin FROM articles").fetchall()}
    elapsed = time.perf_counter() - t
    assert "mate.txt" in stored
    assert "long-1000000.txt" in stored or [e.reason[:17] for e in result.errors] == ["too slow to code:"]
    # the budget is checked between windows (about a second each on an idle machine)
    assert elapsed < 60 + 30
