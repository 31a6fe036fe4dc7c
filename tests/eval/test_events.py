"""strife eval events on a team-written ACLED-layout fixture and a small CASE-layout TSV."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strife.eval.events import actor_match, classification_report, evaluate, km, prf, run_eval_events

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "events" / "acled_fixture.csv"


def test_actor_match_rule():
    assert actor_match("SDF: Syrian Democratic Forces", "Syrian Democratic Forces")
    assert actor_match("SDF: Syrian Democratic Forces", "SDF")
    assert actor_match("Military Forces of Syria (2000-)", "Military Forces of Syria (2011-)")
    assert actor_match("Islamic State (Syria)", "Islamic State")
    assert not actor_match("Military Forces of Syria (2000-)", "Military Forces of Iraq (2014-)")
    assert not actor_match(None, "Hezbollah")


def test_metrics():
    assert prf(1, 1, 1)["f1"] == 0.5
    rep = classification_report(["a", "a", "b", "NONE"], ["a", "b", "b", "NONE"])
    assert rep["per_class"]["a"]["recall"] == 0.5
    assert 0 < rep["macro_f1"] < 1 and 0 < rep["weighted_f1"] < 1


@given(st.floats(-80, 80), st.floats(-170, 170))
def test_km_zero_to_self(lat, lon):
    assert km(lat, lon, lat, lon) < 1e-6


@pytest.mark.slow
def test_acled_layout_with_coder_alone(nlp):
    figures = evaluate([FIXTURE], nlp=nlp, use_pipeline=False)
    res = figures["files"][0]
    assert res["layout"] == "acled" and res["n"] == 8
    fields = res["fields"]
    for fld in ("event_type", "sub_event_type", "actor1", "actor2", "fatalities_exact", "fatalities_20pct"):
        assert fld in fields
        assert 0.0 <= fields[fld]["f1"] <= 1.0
    assert fields["event_type"]["f1"] >= 0.6
    assert "Battles" in res["event_type_confusion"]


@pytest.mark.slow
def test_case_layout(tmp_path, nlp):
    tsv = tmp_path / "mini.tsv"
    tsv.write_text("id\tEventSnippet\tSubType\n"
                   "1\tGovernment warplanes bombed a rebel-held village, killing six civilians.\tAIR_STRIKE\n"
                   "2\tA powerful earthquake killed 30 people in the mountains.\tNATURAL_DISASTER\n"
                   "3\tThousands of students marched peacefully through the capital.\tPEACE_PROTEST\n",
                   encoding="utf-8")
    res = evaluate([tsv], nlp=nlp, use_pipeline=False)["files"][0]
    assert res["layout"] == "case2021"
    assert res["sub_event"]["accuracy"] == 1.0
    assert res["non_event_rows_with_no_event"] == 1.0


@pytest.mark.slow
def test_run_eval_events_prints_summary(capsys, monkeypatch, nlp):
    import strife.eval.events as ev

    monkeypatch.setattr(ev, "evaluate", lambda paths, split="all": evaluate(paths, nlp=nlp, use_pipeline=False,
                                                                       split=split))
    figures = run_eval_events([FIXTURE], as_json=False)
    out = capsys.readouterr().out
    assert "sub_event_type" in out and figures["files"][0]["n"] == 8
