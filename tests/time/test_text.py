"""resolve_text: the one event of a short report (what ``strife eval time`` measures)."""

from datetime import date

import pytest

from strife.time import resolve_text

THU = date(2017, 9, 14)


def test_event_date_beats_reporting_date():
    text = "A monitor said on Thursday that rebels crossed into the province on Wednesday."
    got, precision, (start, end) = resolve_text(text, THU)
    assert (got, precision) == (date(2017, 9, 13), 1)
    assert text[start:end] == "Wednesday"


def test_only_a_reporting_date_gives_precision_two():
    assert resolve_text("Police said on Friday they had arrested the suspects.", date(2019, 4, 1))[:2] == \
        (date(2019, 3, 29), 2)


def test_no_expression_falls_back_to_publication():
    assert resolve_text("Militants attacked a police station.", THU) == (THU, 2, None)
    assert resolve_text("Militants attacked a police station.", None) == (None, 3, None)


def test_future_report():
    assert resolve_text("Ministers will meet on Monday.", THU)[:2] == (date(2017, 9, 18), 1)


def test_duration_alone():
    assert resolve_text("The town was besieged for about two weeks.", THU)[:2] == (date(2017, 8, 31), 3)


@pytest.mark.slow
def test_with_parser(nlp):
    text = "Security forces said on Monday they had dismantled a cell on Saturday."
    assert resolve_text(text, date(2023, 11, 6), nlp=nlp)[:2] == (date(2023, 11, 4), 1)
