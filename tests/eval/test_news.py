"""strife eval news: gold reading, the matching rule and the figures on team-made events; the
CLI and the full pipeline on a team-made mini corpus; the real-news regression guard."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strife.eval.news import (GoldEvent, dates_agree, match_article, pair_score, read_gold,
                              same_admin_name, score, system_events)
from strife.model import EventRecord

DATA = Path(__file__).resolve().parents[1] / "data"
MECHANISM = DATA / "news_mechanism"
REALNEWS_GOLD = DATA / "realnews" / "gold.csv"
HEADER = ("article,event_date,time_precision,event_type,sub_event_type,actor1,actor2,country,admin1,"
          "location,latitude,longitude,fatalities,evidence\n")


def gold(sub="Air/drone strike", etype="Explosions/Remote violence", day=date(2018, 3, 6), precision=1,
         actor1="Military Forces of Syria", lat=36.139, lon=36.825, fatalities=4, admin1="Aleppo", line=2):
    return GoldEvent("a.txt", line, day, precision, etype, sub, actor1, "", "Syria", admin1, "Atarib",
                     lat, lon, fatalities, "")


def event(sub="Air/drone strike", etype="Explosions/Remote violence", day=date(2018, 3, 6), precision=1,
          actor1="Military Forces of Syria (2000-)", lat=36.14, lon=36.82, fatalities=4, admin1="Aleppo",
          background=False, start=0):
    return EventRecord(article_id="a", sentence_index=0, trigger_start=start, trigger_end=start + 6,
                       trigger="struck", event_date=day, time_precision=precision, event_type=etype,
                       sub_event_type=sub, actor1=actor1, latitude=lat, longitude=lon,
                       fatalities=fatalities, admin1=admin1, background=background)


# ----------------------------------------------------------------------------- gold file
def test_read_gold_lists_articles_without_events():
    articles, events = read_gold(MECHANISM / "gold.csv")
    assert articles == ["team-two-strikes.txt", "team-no-event.txt"]
    assert [e.sub_event_type for e in events] == ["Air/drone strike", "Armed clash"]
    assert events[0].event_date == date(2018, 3, 6) and events[0].fatalities == 4


@pytest.mark.parametrize("row, message", [
    ("a.txt,2018-13-40,1,Battles,Armed clash,,,,,,,,0,x\n", "is not a date"),
    ("a.txt,2018-03-06,4,Battles,Armed clash,,,,,,,,0,x\n", "time_precision"),
    ("a.txt,2018-03-06,1,Battles,Armed clash,,,,,,35.0,,0,x\n", "latitude and longitude"),
    (",2018-03-06,1,Battles,Armed clash,,,,,,,,0,x\n", "empty article"),
])
def test_read_gold_names_file_and_line(tmp_path, row, message):
    path = tmp_path / "gold.csv"
    path.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"gold.csv:2: .*{message}"):
        read_gold(path)


def test_read_gold_requires_columns(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text("article,event_date\na.txt,2018-03-06\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lacks column"):
        read_gold(path)


def test_the_corpus_gold_reads():
    articles, events = read_gold(REALNEWS_GOLD)
    assert articles and len(events) >= len(articles)


# ----------------------------------------------------------------------------- matching rule
def test_background_and_untyped_events_are_not_news():
    kept = system_events([event(), event(background=True), event(sub=None)])
    assert len(kept) == 1


def test_dates_agree_within_the_wider_precision():
    assert dates_agree(event(day=date(2018, 3, 7)), gold())  # one day off at precision 1
    assert not dates_agree(event(day=date(2018, 3, 9)), gold())
    assert dates_agree(event(day=date(2018, 3, 12), precision=2), gold())  # a week
    assert not dates_agree(event(day=None), gold())


def test_pair_needs_type_and_date_or_subtype_and_place():
    far = dict(lat=34.56, lon=38.28)  # Palmyra, ~250 km away
    assert pair_score(event(**far), gold()) is not None  # type + date
    assert pair_score(event(day=date(2018, 5, 1)), gold()) is not None  # sub-event + place
    assert pair_score(event(day=date(2018, 5, 1), **far), gold()) is None  # neither
    assert pair_score(event(sub="Armed clash", etype="Battles"), gold()) is None
    assert pair_score(event(), gold()) == 3 + 2 + 1 + 1 + 1


def test_one_to_one_greedy_with_duplicates():
    golds = [gold(), gold(sub="Armed clash", etype="Battles", day=date(2018, 3, 5), lat=34.56, lon=38.28,
                         actor1="Islamic State", fatalities=0, admin1="Homs", line=3)]
    system = [event(day=date(2018, 3, 7), actor1=None, start=50),  # the strike restated, no actor
              event(start=0),  # the strike: best score
              event(sub="Armed clash", etype="Battles", day=date(2018, 3, 5), lat=None, lon=None,
                    actor1="Islamic State", fatalities=0, start=90)]
    pairs, duplicates = match_article(system, golds)
    assert pairs == [(0, 1), (1, 2)]
    assert duplicates == [0]


def test_admin_names_compare_letter_for_letter():
    assert same_admin_name("Deir-ez-Zor", "Deir ez-Zor")
    assert same_admin_name("Deir ez Zor Governorate", "Deir-ez-Zor")
    assert same_admin_name("Al-Hasakah", "Al Hasakah")
    assert not same_admin_name("Aleppo", "Idlib")
    assert not same_admin_name(None, "Aleppo")


def test_score_figures():
    golds = [gold(), gold(sub="Armed clash", etype="Battles", day=date(2018, 3, 5), lat=34.56, lon=38.28,
                         actor1="Islamic State", fatalities=0, admin1="Homs", line=3)]
    system = {"a.txt": [event(), event(start=40, fatalities=1200),
                        event(sub="Attack", etype="Violence against civilians", day=date(2018, 1, 1),
                              lat=None, lon=None)]}
    figures = score(["a.txt", "b.txt"], golds, system)
    assert figures["events"] == {"precision": 0.3333, "recall": 0.5, "f1": 0.4, "tp": 1, "fp": 2, "fn": 1}
    assert figures["events_per_article"] == {"system": 1.5, "gold": 1.0}
    assert figures["same_article_duplicates"] == 1
    fields = figures["fields"]
    assert fields["sub_event_type"] == {"accuracy": 1.0, "n": 1}
    assert fields["actor1"]["accuracy"] == 1.0  # "(2000-)" qualifier stripped
    assert fields["fatalities_exact"]["accuracy"] == 1.0 and fields["fatalities_exact_deaths"]["n"] == 1
    assert fields["admin1"]["accuracy"] == 1.0 and fields["location_25km"]["accuracy"] == 1.0
    assert figures["largest_tolls"][0]["fatalities"] == 1200
    assert [a["article"] for a in figures["per_article"]] == ["a.txt", "b.txt"]


# ----------------------------------------------------------------------------- full pipeline
@pytest.mark.slow
def test_cli_on_team_corpus(pipeline):
    from strife.cli.main import app

    result = CliRunner().invoke(app, ["eval", "news", str(MECHANISM), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["articles"] == 2 and figures["gold_events"] == 2
    assert set(figures["events"]) >= {"precision", "recall", "f1"}
    assert {a["article"]: a["system"] for a in figures["per_article"]}["team-no-event.txt"] == 0


def test_cli_rejects_a_missing_article(tmp_path):
    from strife.cli.main import app

    (tmp_path / "gold.csv").write_text(HEADER + "gone.txt,,,,,,,,,,,,,\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "news", str(tmp_path)])
    assert result.exit_code == 2
    assert "missing" in result.output


# ----------------------------------------------------------------------------- regression guard
#: event F1 on the real-news corpus measured on 2026-12-07 (1.000, README "Evaluation") minus a
#: few points: one missed or extra event of the 8 still passes, two do not
REALNEWS_F1_FLOOR = 0.90


@pytest.mark.slow
def test_realnews_corpus_does_not_regress(shared_dir, pipeline):
    from strife.eval.news import evaluate_news

    figures = evaluate_news(shared_dir / "examples", REALNEWS_GOLD, pipeline=pipeline)
    assert figures["articles"] >= 1
    assert figures["events"]["f1"] >= REALNEWS_F1_FLOOR
    assert figures["same_article_duplicates"] == 0
    assert not [t for t in figures["largest_tolls"] if t["fatalities"] > 1000]
