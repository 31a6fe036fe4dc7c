"""The reduced-relative repair mends one parser error and leaves look-alikes alone."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _tok(doc, text):
    return next(t for t in doc if t.text == text)


def test_repair_runs_after_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index("strife_reduced_relatives") == names.index("parser") + 1


@pytest.mark.parametrize("text", [
    "On Thursday a Hezbollah fighter captured alive was sent home to Lebanon.",
    "A Kurdish fighter captured alive was handed over to his family.",
])
def test_reduced_relative_becomes_a_noun_modifier(nlp, text):
    doc = nlp(text)
    captured, fighter = _tok(doc, "captured"), _tok(doc, "fighter")
    assert captured.dep_ == "acl" and captured.head == fighter
    assert fighter.dep_ == "nsubjpass" and fighter.head.dep_ == "ROOT"
    assert len(list(doc.sents)) == 1


def test_look_alikes_keep_the_parser_reading(nlp):
    """A shared subject ("... and were driven out"), a gapped auxiliary ("and 32 others
    wounded") and a well-parsed reduced relative are not touched."""
    from strife.nlp import load_nlp

    bare = load_nlp()
    bare.remove_pipe("strife_reduced_relatives")
    for text in ["Rebels captured the town and were later driven out.",
                 "At least ten people were killed and 32 others wounded in an attack that appears "
                 "to be related to terrorism.",
                 "Two soldiers wounded in the attack were taken to hospital."]:
        assert [(t.dep_, t.head.i) for t in nlp(text)] == [(t.dep_, t.head.i) for t in bare(text)]
