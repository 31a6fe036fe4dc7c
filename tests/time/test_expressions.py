"""Each family of temporal expression, normalised against a publication date."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strife.time.expressions import find_expressions

THU = date(2017, 9, 14)  # a Thursday
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


def only(text, published=THU):
    found = find_expressions(text, published)
    assert len(found) == 1, [(e.text, e.kind) for e in found]
    return found[0]


def span(text, published=THU):
    e = only(text, published)
    return e.first, e.last, e.precision


@pytest.mark.parametrize("text, published, first, last, precision", [
    # weekdays: past tense, on or before publication (same weekday = publication day)
    ("Rebels attacked the town on Wednesday.", THU, date(2017, 9, 13), None, 1),
    ("The fighter was returned Thursday.", THU, THU, None, 1),
    ("Police raided the camp on Friday.", THU, date(2017, 9, 8), None, 1),
    ("Police raided the camp last Thursday.", THU, date(2017, 9, 7), None, 1),
    ("Gunmen struck on Tuesday night.", THU, date(2017, 9, 12), None, 1),
    # Monday report about "last Friday" across a month end; year end; leap day
    ("Troops shelled the town last Friday.", date(2019, 4, 1), date(2019, 3, 29), None, 1),
    ("Police arrested 20 people Sunday night.", date(2018, 1, 1), date(2017, 12, 31), None, 1),
    ("Two soldiers died on Saturday.", date(2020, 3, 2), date(2020, 2, 29), None, 1),
    # relative days
    ("Yesterday a bomb exploded.", date(2016, 3, 1), date(2016, 2, 29), None, 1),
    ("A rocket hit a house last night.", date(2018, 1, 1), date(2017, 12, 31), None, 1),
    ("Warplanes struck overnight.", THU, date(2017, 9, 13), None, 1),
    ("Police fired tear gas today.", THU, THU, None, 1),
    ("Two rockets landed this morning.", THU, THU, None, 1),
    ("The day before yesterday a bridge was blown up.", date(2020, 3, 2), date(2020, 2, 29), None, 1),
    ("Militants attacked three days ago.", date(2024, 3, 1), date(2024, 2, 27), None, 1),
    ("The army withdrew 10 days ago.", date(2019, 3, 5), date(2019, 2, 23), None, 1),
    # weeks
    ("Last week, the coalition ended surveillance.", THU, date(2017, 9, 4), date(2017, 9, 10), 2),
    ("Rebels took two villages last week.", date(2021, 1, 4), date(2020, 12, 28), date(2021, 1, 3), 2),
    ("Earlier this week farmers blocked a road.", THU, date(2017, 9, 11), date(2017, 9, 13), 2),
    ("Militias looted shops over the weekend.", date(2019, 4, 1), date(2019, 3, 30), date(2019, 3, 31), 2),
    ("A week ago protesters stormed an office.", THU, date(2017, 9, 7), None, 2),
    # months and parts of months
    ("The deal reached at the end of August held.", THU, date(2017, 8, 21), date(2017, 8, 31), 3),
    ("Fighting intensified in mid-September.", date(2017, 10, 2), date(2017, 9, 11), date(2017, 9, 20), 3),
    ("Earlier this month the army shelled villages.", THU, date(2017, 9, 1), date(2017, 9, 13), 3),
    ("Last month gunmen killed 30 people.", date(2018, 1, 1), date(2017, 12, 1), date(2017, 12, 31), 3),
    ("Rebels overran the garrison in early February.", date(2016, 3, 1), date(2016, 2, 1), date(2016, 2, 10), 3),
    ("The truce collapsed in late February.", date(2016, 3, 1), date(2016, 2, 21), date(2016, 2, 29), 3),
    ("The ceasefire collapsed in late December.", date(2019, 1, 2), date(2018, 12, 21), date(2018, 12, 31), 3),
    ("Protests broke out in March.", date(2019, 4, 1), date(2019, 3, 1), date(2019, 3, 31), 3),
    ("Forces retook the city in July 2016.", THU, date(2016, 7, 1), date(2016, 7, 31), 3),
    # years
    ("Soldiers were captured in 2014.", THU, date(2014, 1, 1), date(2014, 12, 31), 3),
    ("Last year the group bombed the capital.", date(2018, 1, 1), date(2017, 1, 1), date(2017, 12, 31), 3),
    ("Insurgents seized the province in early 2015.", THU, date(2015, 1, 1), date(2015, 4, 30), 3),
    # explicit dates in all common orders
    ("Militants attacked on 14 September 2017.", date(2017, 9, 20), THU, None, 1),
    ("The attack took place on Sept. 3.", THU, date(2017, 9, 3), None, 1),
    ("On September 5th soldiers fired.", THU, date(2017, 9, 5), None, 1),
    ("It happened on the 5th of September.", THU, date(2017, 9, 5), None, 1),
    ("The bombing occurred on 2017-09-10.", THU, date(2017, 9, 10), None, 1),
    ("It was recorded on 12/09/2017.", THU, date(2017, 9, 12), None, 1),  # day first
    ("It was recorded on 09/13/2017.", THU, date(2017, 9, 13), None, 1),  # 13 cannot be a month
    ("A convoy was ambushed on Dec. 30.", date(2019, 1, 2), date(2018, 12, 30), None, 1),
    ("A helicopter was shot down on 29 February.", date(2016, 3, 1), date(2016, 2, 29), None, 1),
    ("Police killed two protesters on February 29, 2020.", date(2020, 3, 2), date(2020, 2, 29), None, 1),
    ("Clashes on Monday, Nov. 6, killed five.", date(2023, 11, 6), date(2023, 11, 6), None, 1),
    ("Gunmen attacked a church on Christmas Day.", date(2017, 12, 27), date(2017, 12, 25), None, 1),
    # ranges: first day, precision by width
    ("Fighting took place between 10 and 12 September.", THU, date(2017, 9, 10), date(2017, 9, 12), 2),
    ("From 1 to 15 August the town was besieged.", THU, date(2017, 8, 1), date(2017, 8, 15), 3),
    ("Attacks on September 3-5 killed dozens.", THU, date(2017, 9, 3), date(2017, 9, 5), 2),
    ("Protests ran from Monday to Wednesday.", THU, date(2017, 9, 11), date(2017, 9, 13), 2),
    ("Between December 28 and January 2, 40 died.", date(2018, 1, 4), date(2017, 12, 28), date(2018, 1, 2), 2),
    ("Troops shelled it from 25 February to 2 March.", date(2016, 3, 3), date(2016, 2, 25), date(2016, 3, 2), 2),
    ("The siege lasted from March to June.", THU, date(2017, 3, 1), date(2017, 6, 30), 3),
    ("Fighting has raged since Monday.", THU, date(2017, 9, 11), THU, 2),
    # now
    ("Forces are now battling insurgents.", THU, THU, None, 2),
])
def test_expression_families(text, published, first, last, precision):
    assert span(text, published) == (first, last or first, precision)


def test_duration_is_anchored_later():
    e = only("The convoy was stranded for about two weeks.")
    assert e.kind == "duration" and e.first is None
    anchored = e.anchored_at(THU)
    assert (anchored.first, anchored.last, anchored.precision) == (date(2017, 8, 31), THU, 3)
    days = only("They were without water for three days.").anchored_at(date(2020, 3, 2))
    assert (days.first, days.precision) == (date(2020, 2, 28), 2)


@pytest.mark.parametrize("text, published, expected", [
    ("Ministers will meet on Monday.", THU, date(2017, 9, 18)),
    ("Talks are due to resume on Thursday.", date(2017, 9, 12), date(2017, 9, 14)),
    ("Elections are scheduled for 20 December.", date(2019, 4, 1), date(2019, 12, 20)),
    ("Troops will withdraw tomorrow.", date(2015, 12, 31), date(2016, 1, 1)),
    ("The court will rule on Friday.", date(2024, 2, 27), date(2024, 3, 1)),
    ("The opposition will rally next week.", date(2021, 1, 4), date(2021, 1, 11)),
    ("They said they will attack in March.", date(2016, 2, 29), date(2016, 3, 1)),
])
def test_future_tense_resolves_forward(text, published, expected):
    e = only(text, published)
    assert e.first == expected
    assert e.future


def test_past_and_future_weekday_differ():
    assert only("Ministers met on Monday.").first == date(2017, 9, 11)
    assert only("Ministers will meet on Monday.").first == date(2017, 9, 18)


@pytest.mark.parametrize("text", [
    "They may be killed.", "Troops march on the city.", "About 2000 people fled.",
    "The sun rose over the desert.", "He said he would not comment.",
])
def test_no_false_expressions(text):
    assert find_expressions(text, THU) == []


def test_without_publication_only_absolute_dates_resolve():
    found = find_expressions("Rebels attacked on Wednesday; the deal of 3 May 2016 failed.", None)
    by_text = {e.text: e for e in found}
    assert by_text["Wednesday"].first is None
    assert by_text["3 May 2016"].first == date(2016, 5, 3)


def test_offsets_point_at_the_expression():
    text = "Buses crossed into the province on Wednesday, the monitor said."
    e = only(text)
    assert text[e.start:e.end] == e.text == "Wednesday"


publications = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@given(publications, st.sampled_from(WEEKDAY_NAMES))
def test_past_weekday_is_within_the_week_before_publication(published, weekday):
    e = only(f"Gunmen attacked a checkpoint on {weekday}.", published)
    assert e.first.strftime("%A") == weekday
    assert 0 <= (published - e.first).days <= 6
    last = only(f"Gunmen attacked a checkpoint last {weekday}.", published)
    assert 1 <= (published - last.first).days <= 7


@given(publications, st.sampled_from(WEEKDAY_NAMES))
def test_future_weekday_is_within_the_week_after_publication(published, weekday):
    e = only(f"The ministers will meet on {weekday}.", published)
    assert e.first.strftime("%A") == weekday
    assert 0 <= (e.first - published).days <= 6


@given(publications, st.integers(min_value=1, max_value=60))
def test_n_days_ago(published, n):
    assert only(f"The army withdrew {n} days ago.", published).first == published - timedelta(days=n)


@given(publications, st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))
def test_explicit_dates_in_every_order(published, day):
    month = MONTH_NAMES[day.month - 1]
    short = month if month == "May" else month[:3] + "."
    for text in (f"on {day.day} {month} {day.year}", f"on {month} {day.day}, {day.year}",
                 f"on {day.isoformat()}", f"on {day.day:02d}/{day.month:02d}/{day.year}",
                 f"on {short} {day.day}, {day.year}"):
        e = only(text, published)
        assert (e.first, e.precision, e.absolute) == (day, 1, True), text


@given(publications)
def test_year_less_past_date_is_never_after_publication(published):
    day = published - timedelta(days=published.toordinal() % 300)
    text = f"Rebels attacked on {day.day} {MONTH_NAMES[day.month - 1]}."
    e = only(text, published)
    assert e.first <= published
    assert (e.first.month, e.first.day) == (day.month, day.day)


@pytest.mark.parametrize("text, expected", [
    ("Rebels attacked on Monday. The next day, the army struck back.", date(2017, 9, 12)),
    ("Militants seized it on 3 September; two days later troops retook it.", date(2017, 9, 5)),
    ("Talks collapsed on 1 March 2016. A day earlier, shelling had resumed.", date(2016, 2, 29)),
    ("Gunmen attacked on Saturday. Hours later, a bomb went off.", date(2017, 9, 9)),
])
def test_anchored_relatives_count_from_the_previous_date(text, expected):
    anchored = [e for e in find_expressions(text, THU) if e.kind == "anchored"]
    assert len(anchored) == 1 and anchored[0].first == expected


def test_anchored_relative_without_anchor_stays_unresolved():
    (e,) = find_expressions("The army struck back the next day.", THU)
    assert e.kind == "anchored" and e.first is None
