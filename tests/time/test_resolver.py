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
        r"has (crossed) into an extremist",
        r"evacuation, (negotiated) by",
        r"(crossed) into Deir Ezzor province on Wednesday",
        r"was (returned) to Lebanon Thursday",
        r"The (deal) reached at the end of August",
        r"coalition said it (ended) surveillance",
        r"regime forces (broke) a three-year",
        r"are now (battling)",
        r"they have (taken) control",
    ])
    lead, negotiated, crossed, returned, deal, ended, broke, battling, taken = coded.events
    # the lead's "has crossed ..., a group said on Thursday" takes the later, dated mention
    assert (lead.event_date, lead.time_precision) == (date(2017, 9, 13), 1)
    # the evacuation "negotiated by" is "The deal reached at the end of August" of the next sentence
    assert (negotiated.event_date, negotiated.date_end, negotiated.time_precision) == \
        (deal.event_date, deal.date_end, 3)
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


def test_lead_takes_the_date_of_a_later_dated_mention(nlp):
    text = ("A convoy of militants has crossed into the province, a monitor said on Thursday. "
            "Officials gave no details. Buses carrying the militants crossed the river on Tuesday.")
    lead = code(nlp, text, [r"has (crossed)"]).events[0]
    assert (lead.event_date, lead.time_precision) == (date(2017, 9, 12), 1)
    assert "another mention" in lead.evidence_for("event_date").note


def test_no_refinement_without_shared_noun_or_from_long_ago(nlp):
    text = ("A convoy of militants has crossed into the province, a monitor said on Thursday. "
            "Smugglers crossed the mountains on Tuesday.")
    lead = code(nlp, text, [r"has (crossed)"]).events[0]
    assert (lead.event_date, lead.time_precision) == (THU, 2)
    text = ("Militants have crossed into the province, a monitor said on Thursday. "
            "The same militants crossed the border in 2014.")
    lead = code(nlp, text, [r"have (crossed)"]).events[0]
    assert lead.event_date == THU


def test_definite_event_noun_in_next_sentence_dates_an_undated_event(nlp):
    text = ("Hezbollah negotiated the evacuation of the fighters. "
            "The deal reached at the end of August let them leave for the east.")
    ev = code(nlp, text, [r"Hezbollah (negotiated)"]).events[0]
    assert (ev.event_date, ev.time_precision) == (date(2017, 8, 21), 3)
    assert "next sentence" in ev.evidence_for("event_date").note
    text = "Troops withdrew from the town. Rebels had seized it in early August."
    ev = code(nlp, text, [r"Troops (withdrew)"]).events[0]
    assert (ev.event_date, ev.time_precision) == (THU, 2)


def test_without_a_parse_surface_cues_still_date(nlp):
    import spacy

    from strife.model import ParsedArticle

    text = "Police said on Friday. Rebels attacked the base on Wednesday.\nNothing else."
    article = Article(text=text, published=THU)
    doc = spacy.blank("en")(text)  # no parser
    m = text.index("attacked")
    ev = EventRecord(article.id, 1, m, m + len("attacked"), "attacked")
    DateResolver().resolve(CodedArticle(parsed=ParsedArticle(article, doc), events=[ev]))
    assert (ev.event_date, ev.time_precision) == (date(2017, 9, 13), 1)
    assert "surface" in ev.evidence_for("event_date").note


def test_dates_of_other_clauses(nlp):
    # a relative clause keeps its own time
    ev = code(nlp, "Rebels, who seized the town in 2014, attacked a checkpoint.", [r"(attacked)"]).events[0]
    assert (ev.event_date, ev.time_precision) == (THU, 2)
    # coordinated verbs share one
    ev = code(nlp, "Militants attacked the village and killed five people on Monday.",
              [r"Militants (attacked)"]).events[0]
    assert ev.event_date == date(2017, 9, 11)


def test_recent_deictic_date_in_another_clause_is_a_fallback(nlp):
    text = ("A suicide bomber set off a truck packed with explosives in the city centre during the "
            "Wednesday morning rush hour, killing at least 80 people.")
    ev = code(nlp, text, [r"(killing) at least"]).events[0]
    assert (ev.event_date, ev.time_precision) == (date(2017, 9, 13), 1)


def test_a_nominal_trigger_is_dated_by_its_own_participle_clause(nlp):
    """"an agreement brokered at the end of August": the clause describes the agreement."""
    coded = code(nlp, "The fighters left the area under an agreement brokered by Qatar at the end of "
                      "August, which let them move north.", [r"an (agreement) brokered"])
    ev = coded.events[0]
    assert (ev.event_date, ev.date_end, ev.time_precision) == (date(2017, 8, 21), date(2017, 8, 31), 3)
