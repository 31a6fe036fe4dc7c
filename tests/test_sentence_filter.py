"""Sentence-level parsing (strife.candidates.pieces_to_parse, strife.nlp.pipeline.parse_docs)
and worker processes: the sentence filter and a second process change no coded event."""

from __future__ import annotations

import copy
import csv
import itertools
import sys
from pathlib import Path

import pytest

from strife.candidates import (SENTENCES_AFTER, SENTENCES_BEFORE, LemmaTables, TriggerFilter, pieces_to_parse,
                               sentence_pieces)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def _filter():
    tables = LemmaTables(rules=[("s", ""), ("ed", ""), ("ing", "")])
    return TriggerFilter({"attack": {"verbs": ["shell", "kill"]}}, tables)


def test_pieces_cover_the_text_and_split_only_where_the_parser_does():
    text = "Rain fell in the north. Gen. Smith spoke. Markets rose.\n\nTroops shelled a town."
    pieces = sentence_pieces(text)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))
    assert [text[s:e].strip() for s, e in pieces] == [
        "Rain fell in the north.", "Gen. Smith spoke.", "Markets rose.", "Troops shelled a town."]
    # a blank line ends a sentence even without a stop (strife.nlp.paragraphs)
    head = "Army retakes town\n \nTroops said so"
    assert [head[s:e] for s, e in sentence_pieces(head)] == ["Army retakes town\n \n", "Troops said so"]


def test_candidates_keep_their_neighbours_and_the_head():
    sents = [f"Sentence {w} was quiet." for w in "abcdefghij"]
    sents[5] = "Troops shelled the town."
    text = " ".join(sents)
    kept = [k for _, _, k in pieces_to_parse(_filter(), text, head=1)]
    want = [i == 0 or 5 - SENTENCES_BEFORE <= i <= 5 + SENTENCES_AFTER for i in range(10)]
    assert kept == want
    assert not any(k for _, _, k in pieces_to_parse(_filter(), "A quiet day. Nothing else.", head=0))


def test_neighbourhood_covers_the_toll_window():
    from strife.coding.tolls import REFER_WINDOW

    assert SENTENCES_AFTER >= REFER_WINDOW


TEXT = ("Markets in London rose on Monday as traders bought shares. The weather in Paris was mild. "
        "Syrian troops shelled the town of Douma on Tuesday, killing four civilians. "
        "The town lies near Damascus. Officials in Cairo said talks would resume. "
        "A concert in Berlin drew large crowds. Prices of bread climbed again in Beirut.")


def test_all_pieces_parsed_is_the_plain_parse(nlp):
    from strife.nlp.pipeline import parse_docs

    plain = nlp(TEXT)
    doc = parse_docs(nlp, [(TEXT, [(0, len(TEXT), True)])])[0]
    for attr in ("TAG", "DEP", "HEAD", "LEMMA", "ENT_TYPE", "ENT_IOB"):
        assert (doc.to_array(attr) == plain.to_array(attr)).all(), attr


def test_partial_parse_keeps_offsets_and_entities(nlp):
    from strife.nlp.pipeline import parse_docs

    pieces = sentence_pieces(TEXT)
    keep = [(s, e, "shelled" in TEXT[s:e]) for s, e in pieces]
    doc = parse_docs(nlp, [(TEXT, keep)])[0]
    plain = nlp(TEXT)
    assert doc.text == TEXT and [t.idx for t in doc] == [t.idx for t in plain]
    # entities everywhere (the NER reads every word), the same as a full parse here
    assert [(e.start_char, e.text, e.label_) for e in doc.ents] == \
        [(e.start_char, e.text, e.label_) for e in plain.ents]
    sents = list(doc.sents)
    assert [s.text.strip() for s in sents] == [TEXT[s:e].strip() for s, e, _ in keep]
    shelled = next(t for t in doc if t.text == "shelled")
    assert shelled.dep_ == "ROOT" and shelled.lemma_ == "shell" and shelled.tag_ == "VBD"
    london = next(t for t in doc if t.text == "London")
    assert london.dep_ == "dep" and london.tag_ == ""  # not parsed: hangs on its piece's first word


# ---------------------------------------------------------------- no coded event changes
@pytest.fixture(scope="module")
def both(pipeline):
    """The session pipeline with and without the sentence filter (one model load)."""
    filtered, plain = copy.copy(pipeline), copy.copy(pipeline)
    if filtered.sentences is None:
        from strife.candidates import trigger_filter

        filtered.sentences = trigger_filter(pipeline.settings.model,
                                            tuple(str(p) for p in pipeline.settings.dictionaries))
    plain.sentences = None
    return plain, filtered


def _assert_same(both, articles, tell=lambda a: True):
    from throughput import differences

    plain, filtered = both
    a = list(plain.process_many(articles))
    b = list(filtered.process_many(articles))
    diffs = differences(a, b)
    told = {x.id for x in articles if tell(x)}
    shown = [d for d in diffs if d[0] in told]
    assert sum(len(c.events) for c in a) > 0
    assert not diffs, f"{len(diffs)} differing fields; readable ones: {shown[:20]}"


@pytest.mark.slow
def test_no_event_changes_on_the_case2021_snippets(shared_dir, both):
    """CASE 2021 snippets, one article each, and joined into article-length texts (the
    throughput corpus); differences are shown for tune items only."""
    from strife.eval.split import is_heldout
    from strife.model import Article

    path = shared_dir / "gold" / "events" / "case2021-task2-snippets.tsv"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    tune = {Article(text=r["EventSnippet"]).id for r in rows if not is_heldout(r["id"])}
    _assert_same(both, [Article(text=r["EventSnippet"]) for r in rows], lambda a: a.id in tune)


@pytest.mark.slow
def test_no_event_changes_on_joined_conflict_snippets(shared_dir, both):
    from throughput import conflict_articles

    from strife.spark.rows import article_from_row

    records = [r for r in conflict_articles() if r.get("source") == "CASE 2021 (joined snippets)"]
    if not records:
        pytest.skip("no CASE snippets")
    _assert_same(both, [article_from_row(r) for r in records], lambda a: False)


@pytest.mark.slow
def test_no_event_changes_on_real_and_bundled_news(founding_path, both):
    """The founding example, the bundled examples and the real-news regression corpus."""
    from strife.model import Article
    from strife.sources import read_paths

    paths = [founding_path, ROOT / "examples", *sorted((ROOT / "tests" / "data" / "realnews").glob("*.txt"))]
    articles = [a for a in read_paths(paths) if isinstance(a, Article)]
    assert len(articles) >= 10
    _assert_same(both, articles)


# ---------------------------------------------------------------- worker processes
@pytest.mark.slow
def test_two_processes_give_the_output_of_one(founding_path, pipeline):
    from throughput import differences

    from strife.model import Article
    from strife.sources import read_paths

    articles = [a for a in read_paths([founding_path, ROOT / "examples"]) if isinstance(a, Article)]
    articles.append(Article(text="نص باللغة العربية عن قصف", lang="ar"))  # not read: a warning, no events
    one = list(pipeline.process_many(articles, batch_size=4))
    try:
        two = list(pipeline.process_many(articles, n_process=2, batch_size=4))
    finally:
        pipeline.close()
    assert [c.article.id for c in two] == [a.id for a in articles]
    assert not differences(one, two)
    assert [c.warnings for c in two] == [c.warnings for c in one]
    assert [[(s.start, s.end) for s in c.parsed.sentences] for c in two] == \
        [[(s.start, s.end) for s in c.parsed.sentences] for c in one]
    assert [[(m.start, m.value) for m in c.places] for c in two] == \
        [[(m.start, m.value) for m in c.places] for c in one]
    assert all(c.parsed.doc is None for c in two)


@pytest.mark.slow
def test_a_failing_article_fails_alone_in_a_worker(pipeline):
    from strife.model import Article
    from strife.windows import TooSlowToCode

    slow = copy.copy(pipeline)
    slow.settings = copy.copy(pipeline.settings)
    slow.settings.window_chars, slow.settings.article_seconds = 2_000, 1e-9
    slow._pool = None
    long = Article(text="Troops shelled the town of Douma on Tuesday. " * 100)
    short = Article(text="Troops shelled the town of Douma on Tuesday.")
    try:
        out = list(slow.code_each([short, long, short], n_process=2, batch_size=3))
    finally:
        slow.close()
    assert isinstance(out[1], TooSlowToCode) and "too slow to code" in str(out[1])
    assert [len(c.events) for c in (out[0], out[2])] == [1, 1]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["TR-News", "GeoVirus"])
def test_no_event_changes_on_real_news_of_the_geo_sets(shared_dir, both, name):
    """Real news, mostly not about conflict (geo gold sets, text only, labels unread), where
    the sentence filter skips most: differences are shown for tune articles only."""
    import xml.etree.ElementTree as ET

    from strife.eval.split import is_heldout
    from strife.model import Article

    path = shared_dir / "gold" / "geo" / f"{name}.xml"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    texts = [a.findtext("text") or "" for a in ET.parse(path).getroot().iter("article")]
    tune = {Article(text=t).id for i, t in enumerate(texts) if not is_heldout(f"{path.stem}:{i}")}
    _assert_same(both, [Article(text=t) for t in texts if t.strip()], lambda a: a.id in tune)
