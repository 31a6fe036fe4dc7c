"""strife eval joined: CASE snippets joined into articles, events assigned back to snippets."""

from __future__ import annotations

from strife.eval.joined import PARAGRAPH, join, score
from strife.model import Article, CodedArticle, Evidence, EventRecord, ParsedArticle

# Team-written rows: a mechanism test of the joining and scoring, not evidence about the coder.
ROWS = [
    {"id": "1", "EventSnippet": "Troops clashed with rebels in Kidal.", "SubType": "ARMED_CLASH"},
    {"id": "2", "EventSnippet": "Militants   attacked an army post near Gao, officials said.",
     "SubType": "ARMED_CLASH"},
    {"id": "3", "EventSnippet": "A flood hit the city.", "SubType": "NATURAL_DISASTER"},
    {"id": "4", "EventSnippet": "Hundreds marched in Bamako.", "SubType": "PEACE_PROTEST"},
]


def test_join_groups_by_event_type_longest_first_and_closes_with_a_non_event():
    [art] = join(ROWS, per_article=2)
    assert art.topic == "Battles"
    assert [s.row_id for s in art.snippets] == ["2", "1", "3"]  # longest first, then the filler
    text = art.article.text
    assert text.split(PARAGRAPH)[0] == "Militants attacked an army post near Gao, officials said."
    for s in art.snippets:
        assert text[s.start:s.end] == s.text
    assert art.snippet_at(art.snippets[1].start) == 1 and art.snippet_at(len(text) + 5) is None


def _event(article: Article, word: str, sub: str, mentions: tuple[str, ...] = ()) -> EventRecord:
    at = article.text.index(word)
    ev = EventRecord(article_id=article.id, sentence_index=0, trigger_start=at, trigger_end=at + len(word),
                     trigger=word, sub_event_type=sub, confidence=0.5)
    for m in mentions:
        s = article.text.index(m)
        ev.evidence.append(Evidence("mention", article.id, s, s + len(m), m, 0.5))
    return ev


def test_score_counts_found_right_merged_and_noise():
    [art] = join(ROWS, per_article=2)
    a = art.article
    merged = _event(a, "attacked", "Armed clash", mentions=("clashed",))  # two snippets' incidents as one
    noise = _event(a, "flood", "Attack")
    coded = [CodedArticle(ParsedArticle(a, doc=None), events=[merged, noise])]
    alone = []
    for s in art.snippets:
        sa = Article(text=s.text)
        evs = [] if s.gold is None else [_event(sa, s.text.split()[1], "Armed clash")]
        alone.append(CodedArticle(ParsedArticle(sa, doc=None), events=evs))
    fig = score([art], coded, alone)
    assert (fig["event_snippets"], fig["non_event_snippets"], fig["events"]) == (2, 1, 2)
    got = fig["in_article"]
    assert got["found"] == 0.5 and got["main_sub_event_right"] == 0.5
    assert got["merged_across_snippets"] == 1 and got["non_event_snippets_with_an_event"] == 1
    assert fig["alone"]["found"] == 1.0 and fig["alone"]["non_event_snippets_with_an_event"] == 0
