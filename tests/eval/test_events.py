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


# ----------------------------------------------------------------------------- own main event
EXPORT = Path(__file__).resolve().parents[1] / "data" / "events" / "acled_export_fixture.csv"


def _event(i: int, sub: str, confidence: float, **kw):
    from strife.coding.taxonomy import EVENT_TYPE_OF
    from strife.model import EventRecord

    return EventRecord(article_id=f"a{i}", sentence_index=0, trigger_start=kw.pop("start", 0), trigger_end=1,
                       trigger="x", sub_event_type=sub, event_type=EVENT_TYPE_OF[sub], confidence=confidence, **kw)


class FakeRunner:
    """Hands the eval fixed coder output, so the scoring mechanism is tested alone."""

    mode = "pipeline"

    def __init__(self, events_per_row):
        self.events_per_row = events_per_row

    def code_many(self, articles):
        from strife.model import CodedArticle, ParsedArticle

        return [CodedArticle(parsed=ParsedArticle(article=a, doc=None), events=evs)
                for a, evs in zip(articles, self.events_per_row)]


def test_reads_the_acled_export_layout_unchanged():
    from strife.eval.events import evaluate_acled, read_acled_csv

    rows = read_acled_csv(EXPORT)
    assert len(rows) == 5 and rows[0]["event_id_cnty"] == "XTS1"
    seen = []

    class Recorder(FakeRunner):
        def code_many(self, articles):
            seen.extend(articles)
            return super().code_many(articles)

    evaluate_acled(EXPORT, Recorder([[]] * 5))
    assert [a.text for a in seen] == [r["notes"] for r in rows]
    assert seen[0].published.isoformat() == "2021-03-04"  # ACLED's "04 March 2021"
    assert seen[3].published.isoformat() == "2021-05-01"


def test_scores_the_coders_main_event_and_labels_the_best_match_an_upper_bound(capsys):
    from strife.eval.events import evaluate_acled, print_figures

    runner = FakeRunner([
        [_event(1, "Air/drone strike", 0.8, fatalities=4, admin1="Idleb", location="Ariha",
                latitude=35.81, longitude=36.61, actor1="Military Forces of Russia (2000-)")],
        [_event(2, "Armed clash", 0.7, fatalities=2, admin1="Idleb", location="Saraqib",
                actor1="Military Forces of Syria (2011-)")],
        # the coder ranks the shelling first; the arrest it also coded is what gold has
        [_event(3, "Shelling/artillery/missile attack", 0.9, fatalities=2, start=60),
         _event(3, "Arrests", 0.5, admin1="Hama", location="Hama")],
        [_event(4, "Peaceful protest", 0.6, admin1="Baghdad", location="Baghdad", actor1="Protesters (Iraq)")],
        [],  # nothing coded
    ])
    res = evaluate_acled(EXPORT, runner)
    assert res["coverage"] == 0.8 and res["events_per_item"] == 1.0
    assert res["sub_event"]["accuracy"] == 0.6  # 3 of 5 main events have gold's sub-event type
    assert res["upper_bound"]["sub_event"]["accuracy"] == 0.8
    assert res["sub_event"]["per_class"]["Arrests"]["recall"] == 0.0
    acc = res["accuracy"]
    assert acc["fatalities_exact_deaths"] == {"accuracy": 0.5, "n": 2}  # 4 right, 2 for 3 wrong
    assert acc["fatalities_exact_zero"] == {"accuracy": 0.3333, "n": 3}  # 0 right; 2 wrong; nothing coded
    assert acc["actor1_exact"]["accuracy"] == 0.4  # Russia and Protesters exact
    assert acc["actor1_stripped"]["accuracy"] == 0.6  # + Syria with another qualifier
    assert acc["admin1"]["accuracy"] == 0.6  # the shelling has none, row 5 has no event
    assert acc["location_name"]["accuracy"] == 0.4  # "Saraqib" is not ACLED's "Saraqeb"
    assert acc["location_25km"]["accuracy"] == 0.2
    assert res["upper_bound"]["accuracy"]["admin1"]["accuracy"] == 0.8
    print_figures({"files": [res]})
    out = capsys.readouterr().out
    assert "own main event" in out and "upper bound" in out and "coverage" in out and "Arrests" in out


def test_primary_event_ranking():
    from strife.coding import primary_event
    from strife.model import Article, CodedArticle, ParsedArticle

    def coded(*events):
        return CodedArticle(parsed=ParsedArticle(article=Article(text="x"), doc=None), events=list(events))

    early, late = _event(1, "Armed clash", 0.7, start=0), _event(1, "Attack", 0.7, start=50)
    assert primary_event(coded(late, early)) is early
    sure = _event(1, "Attack", 0.9, start=50)
    assert primary_event(coded(early, sure)) is sure
    history = _event(1, "Attack", 0.95, start=5, background=True)
    assert primary_event(coded(history, early)) is early
    assert primary_event(coded()) is None


def test_strip_qualifiers():
    from strife.eval.events import strip_qualifiers

    assert strip_qualifiers("Military Forces of Syria (2000-)") == strip_qualifiers("Military Forces of Syria (2011-)")
    assert strip_qualifiers("Civilians (Syria)") == "civilians"
    assert strip_qualifiers(None) == ""


def test_acled_location_is_scored_by_the_geo_helpers_within_25_km_and_the_same_admin1():
    """The ACLED-layout geo report: admin1 is the same unit whatever the spelling, the point
    within 25 km (strife.eval.geo.same_admin1 / within_km, not copies)."""
    from strife.eval.events import score_acled

    rows = [{"admin1": "Deir ez-Zor", "location": "Al Mayadin", "latitude": "35.0184", "longitude": "40.4509"},
            {"admin1": "Idleb", "location": "Ariha", "latitude": "35.8137", "longitude": "36.6106"},
            {"admin1": "Aleppo", "location": "Jindayris", "latitude": "36.3947", "longitude": "36.6889"}]
    chosen = [_event(1, "Armed clash", 0.7, admin1="Deir-ez-Zor", location="Mayadin",
                     latitude=35.02, longitude=40.45),  # same unit and place, other spellings
              _event(2, "Armed clash", 0.7, admin1="Idlib", latitude=35.93, longitude=36.63),  # Idleb city, 13 km
              _event(3, "Armed clash", 0.7, admin1="Idleb", latitude=36.2, longitude=37.15)]  # Aleppo city
    acc = score_acled(rows, chosen, geo=True)["accuracy"]
    assert acc["admin1"] == {"accuracy": 0.6667, "n": 3}
    assert acc["location_25km"] == {"accuracy": 0.6667, "n": 3}
