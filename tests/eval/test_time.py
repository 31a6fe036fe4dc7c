"""strife eval time: TSV gold in, exact / ±1 day / precision accuracy out."""

import json
from datetime import date
from pathlib import Path

import pytest

from strife.eval.time import read_gold, run_eval_time, score

DATA = Path(__file__).resolve().parents[1] / "data" / "time"
TEAM = sorted(DATA.glob("*.tsv"))


def test_team_gold_is_well_formed():
    rows = [r for p in TEAM for r in read_gold(p)]
    assert len(rows) >= 80
    assert {r["gold_precision"] for r in rows} == {1, 2, 3}
    assert any(r["gold_date"] == date(2016, 2, 29) for r in rows)
    assert any(r["gold_date"] == date(2020, 2, 29) for r in rows)
    assert any(r["gold_date"] > r["published"] for r in rows)  # future tense rows


def test_run_eval_time_json(tmp_path, capsys):
    gold = tmp_path / "g.tsv"
    gold.write_text("text\tpublished\tgold_date\tgold_precision\n"
                    "Rebels attacked on Wednesday.\t2017-09-14\t2017-09-13\t1\n"
                    "Rebels attacked last week.\t2017-09-14\t2017-09-04\t2\n"
                    "Rebels attacked.\t2017-09-14\t2017-09-12\t1\n", encoding="utf-8")
    result = run_eval_time([gold], as_json=True)
    assert capsys.readouterr().out == ""  # the CLI prints the JSON
    assert json.loads(json.dumps(result))["n"] == result["n"] == 3
    assert result["exact"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["within_1_day"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert len(result["misses"]) == 1


def test_score_counts_within_one_day():
    rows = [{"text": "x", "published": date(2020, 1, 2), "gold_date": date(2020, 1, 1), "gold_precision": 1}]
    assert score(rows, lambda text, pub: (pub, 1))["within_1_day"] == 1.0
    assert score(rows, lambda text, pub: (pub, 1))["exact"] == 0.0
    assert score(rows, lambda text, pub: (None, 3))["within_1_day"] == 0.0


def test_strife_beats_publication_baseline_on_team_gold(capsys):
    ours = run_eval_time(TEAM, system="strife")
    baseline = run_eval_time(TEAM, system="publication")
    assert ours["exact"] >= 0.85
    assert ours["exact"] > baseline["exact"] + 0.5
    assert "exact=" in capsys.readouterr().out


def test_outside_gold_if_present(shared_dir):
    files = sorted((shared_dir / "gold" / "time").glob("*.tsv")) if (shared_dir / "gold" / "time").exists() else []
    if not files:
        pytest.skip("no outside time gold yet")
    result = run_eval_time(files)
    assert result["n"] > 0
    assert result["exact"] > run_eval_time(files, system="publication")["exact"]
