"""Background is not news: history and war-wide summaries are marked, kept and hidden."""

from __future__ import annotations

import datetime

import pytest

from strife.dictionaries.loader import DictionaryError
from strife.model import Article, CodedArticle, EventRecord, ParsedArticle, Sentence
from strife.time.background import BackgroundMarker, load_background_rules

PUBLISHED = datetime.date(2017, 10, 17)


def _event(text, word, first=None, last=None, precision=2, expr=None):
    article = Article(text=text, published=PUBLISHED)
    start = text.index(word)
    ev = EventRecord(article_id=article.id, sentence_index=0, trigger_start=start,
                     trigger_end=start + len(word), trigger=word)
    ev.event_date, ev.date_end, ev.time_precision = first or PUBLISHED, last, precision
    if expr:  # dated by an expression of the text
        at = text.index(expr)
        ev.add_evidence("event_date", article, at, at + len(expr))
    else:  # the publication-date default points at the trigger
        ev.add_evidence("event_date", article, start, start + len(word), 0.3, "publication date")
    coded = CodedArticle(ParsedArticle(article, doc=None, sentences=[Sentence(0, 0, len(text), text)]),
                         events=[ev])
    BackgroundMarker().mark(coded)
    return ev


@pytest.mark.parametrize("text, word, first, last, precision, expr", [
    # a stated date that ended more than the window before publication
    ("Rebels took the town in 2013.", "took", datetime.date(2013, 1, 1), datetime.date(2013, 12, 31), 3, "2013"),
    ("The SDF launched the assault in June.", "assault", datetime.date(2017, 6, 1), datetime.date(2017, 6, 30), 3,
     "June"),
    # a span that began long before: a cumulative summary
    ("The war has killed 300,000 people since 2011.", "killed", datetime.date(2011, 1, 1), PUBLISHED, 3, "2011"),
])
def test_a_dated_past_is_background(text, word, first, last, precision, expr):
    ev = _event(text, word, first, last, precision, expr)
    assert ev.background and ev.evidence_for("background").text == expr


@pytest.mark.parametrize("text, word, first, last, precision, expr", [
    ("Jets struck the town last month.", "struck", datetime.date(2017, 9, 1), datetime.date(2017, 9, 30), 3,
     "last month"),
    ("Fighting has raged since Monday.", "Fighting", datetime.date(2017, 10, 16), PUBLISHED, 2, "Monday"),
    ("Air strikes hit the town.", "Air strikes", None, None, 2, None),
])
def test_the_reporting_window_is_news(text, word, first, last, precision, expr):
    assert not _event(text, word, first, last, precision, expr).background


@pytest.mark.parametrize("text, word, cue", [
    ("The conflict has killed more than 350,000 people and displaced millions.", "killed",
     "conflict has killed"),
    ("Hundreds of civilians were killed in air strikes since the start of the war.", "air strikes",
     "since the start of the war"),
    ("Months of street fighting and bombardment have left much of the city in ruins.", "bombardment",
     "Months of street fighting and bombardment"),
])
def test_a_summary_of_the_war_is_background(text, word, cue):
    ev = _event(text, word)
    assert ev.background and ev.evidence_for("background").text == cue


def test_a_summary_sentence_with_a_dated_incident_is_news():
    text = "Jets struck Douma on Monday, where the war has killed thousands since the start of the war."
    assert not _event(text, "struck", datetime.date(2017, 10, 16), None, 1, "Monday").background


def test_without_a_publication_date_only_the_wording_counts():
    text = "Rebels took the town in 2013."
    article = Article(text=text)
    ev = EventRecord(article_id=article.id, sentence_index=0, trigger_start=7, trigger_end=11, trigger="took",
                     event_date=datetime.date(2013, 1, 1), date_end=datetime.date(2013, 12, 31), time_precision=3)
    ev.add_evidence("event_date", article, 24, 28)
    BackgroundMarker().mark(CodedArticle(ParsedArticle(article, doc=None), events=[ev]))
    assert not ev.background


def test_a_bad_rules_file_names_file_and_line(tmp_path):
    bad = tmp_path / "background.yaml"
    bad.write_text("window_days: 30\nsummary_cues: []\nwindow: 5\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"background.yaml:\d+: expected keys"):
        load_background_rules(bad)


# Real text: CASE 2021 task 2 snippets of the tune split, dated as the news they report.
@pytest.mark.slow
def test_a_caption_about_older_bombings_is_background_the_news_is_not(pipeline):
    text = ("A car in flames at the scene of bombings in the Syrian city of Tartus, northwest of Damascus in 2016. "
            "American soldiers have been wounded after a suicide bomber blew themselves up near a coalition "
            "patrol in Syria, local groups have said. The Britain-based Syrian Observatory for Human Rights and "
            "Kurdish forces said the blast occurred near a restaurant in the Syrian city of Manbij Wednesday")
    coded = pipeline.process(Article(text=text, published=datetime.date(2019, 1, 17)))
    news = [e for e in coded.events if not e.background]
    assert [e.sub_event_type for e in news] == ["Suicide bomb"]
    assert all(e.event_date.year == 2016 for e in coded.events if e.background)


@pytest.mark.slow
def test_history_in_a_since_clause_is_not_the_clash(pipeline):
    text = ("Syrian government forces and Kurdish fighters clashed in the northeastern city of Hassakeh, killing "
            "and wounding several people Saturday after days of tension between the two sides, an activist group "
            "and Kurdish officials said. It has been rare for the two sides to clash since the government withdrew "
            "much of its forces from Kurdish areas in 2012 to support positions elsewhere in the country")
    coded = pipeline.process(Article(text=text, published=datetime.date(2016, 8, 21)))
    news = [e for e in coded.events if not e.background]
    assert [e.sub_event_type for e in news] == ["Armed clash"]
    assert news[0].event_date == datetime.date(2016, 8, 20)
