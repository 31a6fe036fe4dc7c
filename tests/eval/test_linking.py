from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strife.eval.linking import bcubed, load_gold, pairwise

DATA = Path(__file__).resolve().parents[1] / "data" / "linking"


def test_perfect_and_all_in_one():
    gold = {"a": "1", "b": "1", "c": "2"}
    assert pairwise(gold, gold)["f1"] == 1.0 and bcubed(gold, gold)["f1"] == 1.0
    lumped = dict.fromkeys(gold, "x")
    assert pairwise(lumped, gold) == {"precision": pytest.approx(1 / 3), "recall": 1.0, "f1": 0.5}
    assert bcubed(lumped, gold)["recall"] == 1.0 and bcubed(lumped, gold)["precision"] < 1


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.tuples(st.integers(0, 3), st.integers(0, 3)),
                       min_size=1, max_size=12))
def test_scores_are_fractions_and_symmetric_in_perfection(pairs):
    pred = {k: v[0] for k, v in pairs.items()}
    gold = {k: v[1] for k, v in pairs.items()}
    for score in (pairwise(pred, gold), bcubed(pred, gold)):
        assert all(0.0 <= x <= 1.0 for x in score.values())
    assert bcubed(gold, gold)["f1"] == 1.0


def test_team_linking_set_is_consistent():
    records, gold = load_gold(DATA)
    assert len(records) >= 40 and {r["id"] for r in records} == set(gold)
    assert len({c for c in gold.values() if c.startswith("E")}) >= 12


def test_any_event_pairs():
    from strife.eval.linking import pairwise_any

    gold = {"a": "1", "b": "1", "c": "2"}
    linked = {"a": {"e1", "e2"}, "b": {"e2"}, "c": {"e3"}}
    assert pairwise_any(linked, gold)["f1"] == 1.0
    assert pairwise_any({"a": {"e1"}, "b": {"e2"}, "c": {"e1"}}, gold) == {
        "precision": 0.0, "recall": 0.0, "f1": 0.0}
