"""Pure functions: numbers, interaction codes, taxonomy (no spaCy model needed)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from strife.coding.fatalities import parse_number
from strife.coding.taxonomy import EVENT_TYPE_OF, SUB_EVENT_TYPES, disorder_type, event_type, interaction


def test_taxonomy_has_25_sub_event_types():
    assert len(SUB_EVENT_TYPES) == 25
    assert event_type("Air/drone strike") == "Explosions/Remote violence"
    assert disorder_type("Peaceful protest") == "Demonstrations"
    assert disorder_type("Agreement") == "Strategic developments"
    assert disorder_type("Armed clash") == "Political violence"
    assert set(EVENT_TYPE_OF.values()) == {"Battles", "Explosions/Remote violence", "Violence against civilians",
                                          "Protests", "Riots", "Strategic developments"}


@given(st.integers(1, 8), st.one_of(st.none(), st.integers(1, 8)))
def test_interaction_code(inter1, inter2):
    code = interaction(inter1, inter2)
    if inter2 is None:
        assert code == inter1 * 10
    else:
        assert code == min(inter1, inter2) * 10 + max(inter1, inter2)
        assert code == interaction(inter2, inter1)


@given(st.integers(0, 100000))
def test_parse_number_digits(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"at least {n}") == n


def test_parse_number_words_and_vague_quantities():
    assert parse_number("twenty-five") == 25
    assert parse_number("two hundred") == 200
    assert parse_number("a dozen") == 12
    assert parse_number("dozens") == 12
    assert parse_number("several") == 3
    assert parse_number("hundreds") == 100
    assert parse_number("a few") == 2
    assert parse_number("no one") is None or parse_number("no one") == 1
