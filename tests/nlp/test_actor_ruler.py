"""The actor EntityRuler: aliases, case rules, nationality + agent combinations."""

from __future__ import annotations

import pytest

from strife.dictionaries import load_dictionaries
from strife.nlp.actor_ruler import RULER_NAME, actor_patterns


def test_patterns_cover_aliases_and_generics():
    pats = list(actor_patterns(load_dictionaries()))
    by_text = {p["pattern"]: p["id"] for p in pats}
    assert by_text["Daesh"] == "Islamic State"
    assert by_text["daesh"] == "Islamic State"
    assert by_text["IS"] == "Islamic State"
    assert "is" not in by_text  # short capitals are case-sensitive
    assert by_text["Syrian troops"] == "Military Forces of Syria (2024-)"  # current period; dated after time
    assert by_text["Iraqi police"] == "Police Forces of Iraq (2022-)"
    assert by_text["regime forces"] == "~military"
    assert all(isinstance(p["pattern"], str) for p in pats)  # phrase patterns only


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
