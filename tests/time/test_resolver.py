"""DateResolver on parsed articles: clause attachment, fallbacks, evidence."""

import re
from datetime import date

import pytest

from strife.model import Article, CodedArticle, EventRecord
from strife.nlp import parse
from strife.time import DateResolver
from strife.time.resolver import NO_PUBLICATION

pytestmark = pytest.mark.slow

THU = date(2017, 9, 14)


def code(nlp, text, triggers, published=THU):
    """Parse ``text`` and put one EventRecord at each trigger (regex with one group)."""
    article = Article(text=text, published=published)
    parsed = parse(nlp, article)
    events = []
    for pattern in triggers:
        m = re.search(pattern, text)
        assert m, pattern
        events.append(EventRecord(article.id, 0, m.start(1), m.end(1), m.group(1)))
    return DateResolver().resolve(CodedArticle(parsed=parsed, events=events))


def test_founding_example(nlp, founding_path):
    text = founding_path.read_text(encoding="utf-8")
    coded = code(nlp, text, [
        r"(crossed) into Deir Ezzor province on Wednesday",
        r"was (returned) to Lebanon Thursday",
        r"The (deal) reached at the end of August",
        r"coalition said it (ended) surveillance",
        r"regime forces (broke) a three-year",
        r"are now (battling)",
        r"they have (taken) control",
    ])
    crossed, returned, deal, ended, broke, battling, taken = coded.events
    assert (crossed.event_date, crossed.time_precision) == (date(2017, 9, 13), 1)
    assert crossed.evidence_for("event_date").text == "Wednesday"
    assert (returned.event_date, returned.time_precision) == (THU, 1)
    # "the end of August": days 21-31, ACLED start-date convention
    assert deal.event_date.year == 2017 and deal.event_date.month == 8 and deal.event_date.day >= 21
    assert deal.time_precision == 3 and deal.date_end == date(2017, 8, 31)
    assert "end of August" in deal.evidence_for("event_date").text
    for ev in (ended, broke):
        assert (ev.event_date, ev.date_end, ev.time_precision) == (date(2017, 9, 4), date(2017, 9, 10), 2)
        assert ev.evidence_for("event_date").text.lower() == "last week"
    assert (battling.event_date, battling.time_precision) == (THU, 2)
    assert battling.evidence_for("event_date").text == "now"
    assert (taken.event_date, taken.time_precision) == (THU, 2)
    assert "publication date" in taken.evidence_for("event_date").note
    for ev in coded.events:
        assert ev.year == ev.event_date.year


def test_each_event_gets_its_own_clause(nlp):
    text = ("A monitoring group said on Thursday that rebels seized the town on Monday, "
            "and officials reported that the army shelled it in early August.")
    seized, shelled = code(nlp, text, [r"rebels (seized)", r"army (shelled)"]).events
    assert (seized.event_date, seized.time_precision) == (date(2017, 9, 11), 1)
    assert (shelled.event_date, shelled.time_precision) == (date(2017, 8, 1), 3)


def test_reporting_date_is_only_an_upper_bound(nlp):
    text = "Police said on Monday they had arrested the suspects."
    ev = code(nlp, text, [r"had (arrested)"]).events[0]
    assert ev.event_date == date(2017, 9, 11)
    assert ev.time_precision == 2
    assert "report" in ev.evidence_for("event_date").note


def test_future_expression_does_not_date_a_past_event(nlp):
    text = "Rebels attacked the base, and ministers will meet on Monday to discuss it."
    attacked, meet = code(nlp, text, [r"Rebels (attacked)", r"will (meet)"]).events
    assert attacked.event_date == THU and attacked.time_precision == 2  # publication fallback
    assert meet.event_date == date(2017, 9, 18)
    assert "future" in meet.evidence_for("event_date").note


def test_duration_ends_at_the_clause_anchor(nlp):
    text = "The convoy was stranded in the desert for about two weeks."
    ev = code(nlp, text, [r"was (stranded)"]).events[0]
    assert (ev.event_date, ev.date_end, ev.time_precision) == (date(2017, 8, 31), THU, 3)


def test_range_sets_start_and_end(nlp):
    text = "Heavy fighting raged between 10 and 12 September in the old city."
    ev = code(nlp, text, [r"fighting (raged)"]).events[0]
    assert (ev.event_date, ev.date_end, ev.time_precision) == (date(2017, 9, 10), date(2017, 9, 12), 2)


def test_month_end_and_leap_day_through_the_parser(nlp):
    ev = code(nlp, "Two soldiers were killed on Saturday by a mine.", [r"were (killed)"],
              published=date(2020, 3, 2)).events[0]
    assert ev.event_date == date(2020, 2, 29)
    ev = code(nlp, "Rebels shelled the airport last Friday.", [r"Rebels (shelled)"],
              published=date(2019, 4, 1)).events[0]
    assert ev.event_date == date(2019, 3, 29)


def test_unknown_publication_date_never_uses_today(nlp):
    text = "Rebels attacked the base on Wednesday. The deal of 3 May 2016 had failed."
    coded = code(nlp, text, [r"Rebels (attacked)", r"had (failed)"], published=None)
    attacked, failed = coded.events
    assert attacked.event_date is None and attacked.time_precision == 3
    assert "unknown" in attacked.evidence_for("event_date").note
    assert failed.event_date == date(2016, 5, 3)
    assert NO_PUBLICATION in coded.warnings
    assert coded.warnings.count(NO_PUBLICATION) == 1
