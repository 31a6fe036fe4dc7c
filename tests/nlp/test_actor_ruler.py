"""The actor ruler: aliases, case rules, nationality + agent combinations."""

from __future__ import annotations

import pytest

from strife.dictionaries import load_dictionaries
from strife.nlp.actor_ruler import RULER_NAME, actor_phrases


def test_patterns_cover_aliases_and_generics():
    pats = list(actor_phrases(load_dictionaries()))
    phrases = {text.lower(): ent_id for text, _, ent_id, case_sensitive in pats if not case_sensitive}
    exact = {text: ent_id for text, _, ent_id, case_sensitive in pats if case_sensitive}
    assert phrases["daesh"] == "Islamic State"  # any casing: the ruler matches lower-cased tokens
    assert exact["IS"] == "Islamic State"
    assert "is" not in phrases  # short capitals are exact-text token patterns
    assert exact["US troops"] == "Military Forces of the United States (2025-)"
    assert phrases["syrian troops"] == "Military Forces of Syria (2024-)"  # current period; dated after time
    assert phrases["iraqi police"] == "Police Forces of Iraq (2022-)"
    assert phrases["regime forces"] == "~military"
    assert len(phrases) == len([p for p in pats if not p[3]])  # one pattern per text


def _ents(nlp, text):
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents]


@pytest.mark.slow
def test_ruler_runs_before_ner(nlp):
    names = nlp.pipe_names
    assert names.index(RULER_NAME) < names.index("ner")


@pytest.mark.slow
def test_actor_entities(nlp):
    ents = _ents(nlp, "Syrian troops advanced against IS while Iraqi police arrested Daesh members. "
                      "The sky is blue.")
    assert ("Syrian troops", "ACTOR", "Military Forces of Syria (2024-)") in ents
    assert ("IS", "ACTOR", "Islamic State") in ents
    assert ("Iraqi police", "ACTOR", "Police Forces of Iraq (2022-)") in ents
    assert ("Daesh", "ACTOR", "Islamic State") in ents
    assert not any(t == "is" for t, _, _ in ents)
    us = _ents(nlp, "US troops left the base.")  # a two-word phrase beats the bare noun
    assert [(t, label) for t, label, _ in us] == [("US troops", "ACTOR")]
    assert us[0][2].startswith("Military Forces of the United States")
    upper = _ents(nlp, "DAESH fighters attacked a checkpoint.")
    assert any(i == "Islamic State" for _, _, i in upper)  # an alias in any casing


@pytest.mark.slow
def test_sources_are_not_actors(nlp):
    ents = _ents(nlp, "The Syrian Observatory for Human Rights said the SDF took the town.")
    assert ("Syrian Observatory for Human Rights", "ORG", "Syrian Observatory for Human Rights") in ents
    assert ("SDF", "ACTOR", "SDF: Syrian Democratic Forces") in ents


@pytest.mark.slow
def test_user_dictionary_adds_actor(tmp_path):
    from strife.nlp import load_nlp

    (tmp_path / "extra.yaml").write_text("actors:\n  - name: Zorro Brigade\n    inter: 3\n"
                                         "    country: SY\n    aliases: [Zorro Brigade, the Zorros]\n")
    nlp2 = load_nlp(dictionaries=[tmp_path])
    assert ("Zorro Brigade", "ACTOR", "Zorro Brigade") in _ents(nlp2, "The Zorro Brigade attacked a post.")
