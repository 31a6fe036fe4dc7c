"""A blank line ends a sentence, whatever punctuation the paragraph before it lacks."""

from __future__ import annotations

import pytest

# Team-written: a unit test of the mechanism.
TEXT = ("Police said the capital was calm on Monday.\n\n"
        "Opposition supporters rallied against the president in Minsk\n\n"
        "About a dozen protesters marched to a park in Milwaukee. Police watched.\n \n"
        "A last paragraph without a stop")


@pytest.mark.slow
def test_blank_lines_start_sentences(nlp):
    doc = nlp(TEXT)
    starts = [s.text.strip() for s in doc.sents]
    assert starts == ["Police said the capital was calm on Monday.",
                      "Opposition supporters rallied against the president in Minsk",
                      "About a dozen protesters marched to a park in Milwaukee.", "Police watched.",
                      "A last paragraph without a stop"]


@pytest.mark.slow
def test_a_single_line_break_is_left_to_the_parser(nlp):
    doc = nlp("Troops shelled the town on\nMonday, a monitor said.")
    assert len(list(doc.sents)) == 1  # a hard-wrapped line is no paragraph


@pytest.mark.slow
def test_each_paragraph_keeps_its_event(pipeline):
    from strife.model import Article

    coded = pipeline.process(Article(text=TEXT))
    assert sorted(e.trigger for e in coded.events if e.sub_event_type) == ["marched", "rallied"]
