"""`strife audit`: every line on a small store built here, whose faults are planted one by one."""

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from strife.cli.main import app
from strife.ingest import store_coded
from strife.model import Article, CodedArticle, EventRecord, ParsedArticle, Sentence
from strife.store import Store
from strife.store.audit import audit

DEIR = dict(country="Syria", admin1="Deir ez-Zor", location="Deir ez-Zor", latitude=35.33, longitude=40.14,
            geo_precision=1)
MOSUL = dict(country="Iraq", admin1="Ninawa", location="Mosul", latitude=36.34, longitude=43.13, geo_precision=1)


def _article(sentences: list[str], published=date(2017, 9, 14), **kw) -> tuple[Article, list[Sentence]]:
    text, sents = "", []
    for i, s in enumerate(sentences):
        sents.append(Sentence(i, len(text), len(text) + len(s), s))
        text += s + " "
    return Article(text=text, published=published, source=kw.pop("source", "Outlet"), **kw), sents


def _event(a: Article, sents: list[Sentence], i: int, toll: str | None = None, **fields) -> EventRecord:
    s = sents[i]
    fields = {"event_type": "Battles", "sub_event_type": "Armed clash", "event_date": date(2017, 9, 13),
              "time_precision": 1, "actor1": "Military Forces of Syria (2000-)", **DEIR, **fields}
    ev = EventRecord(article_id=a.id, sentence_index=i, trigger_start=s.start, trigger_end=s.start + 4,
                     trigger=s.text[:4], **fields)
    if toll:
        start = a.text.index(toll)
        ev.add_evidence("fatalities", a, start, start + len(toll))
    return ev


def _coded(a, sents, events, warnings=()):
    return CodedArticle(ParsedArticle(a, None, sents), events, warnings=list(warnings))


@pytest.fixture(scope="module")
def report():
    store = Store(":memory:")
    # article 1: four events, two of them one incident told twice; one in another country
    a1, s1 = _article(["Troops clashed with IS in Deir ez-Zor, killing 12.", "Troops clashed with IS again.",
                       "Gunmen attacked a checkpoint.", "Iraqi forces shelled Mosul."])
    one = [_event(a1, s1, 0, toll="12", fatalities=12, fatalities_reported=True), _event(a1, s1, 1),
           _event(a1, s1, 2, actor1=None, event_type="Violence against civilians", sub_event_type="Attack"),
           _event(a1, s1, 3, actor1="Military Forces of Iraq (2014-)", event_type="Explosions/Remote violence",
                  sub_event_type="Shelling/artillery/missile attack", **MOSUL)]
    # article 2: a toll over the ceiling, a fallback point, background from 2013
    a2, s2 = _article(["An air strike on a market killed 2,041 people.", "A shell fell in the province.",
                       "In 2013, rebels seized the airport."], source="Other")
    two = [_event(a2, s2, 0, toll="2,041", fatalities=2041, fatalities_reported=True, review="toll over ceiling",
                  event_type="Explosions/Remote violence", sub_event_type="Air/drone strike", actor1=None),
           _event(a2, s2, 1, geo_fallback=True, geo_precision=3, event_date=date(2017, 9, 12),
                  event_type="Explosions/Remote violence",
                  sub_event_type="Shelling/artillery/missile attack"),
           _event(a2, s2, 2, event_date=date(2013, 3, 1), background=True, actor1="Free Syrian Army")]
    # article 3: an old event coded as news
    a3, s3 = _article(["The 1982 Hama massacre killed thousands."], source="Third")
    three = [_event(a3, s3, 0, event_date=date(1982, 2, 2), event_type="Violence against civilians",
                    sub_event_type="Attack")]
    # article 4: not English, not coded
    a4, s4 = _article(["قصف على دير الزور"], lang="ar", source="Arabic")
    store_coded(store, [_coded(a1, s1, one), _coded(a2, s2, two), _coded(a3, s3, three),
                        _coded(a4, s4, [], ["not coded: article language 'ar', pipeline language 'en'"])])
    # an old store's cluster whose reports name different perpetrators and provinces
    a5, s5 = _article(["Russian jets struck Idlib."], source="Fifth", published=date(2017, 9, 15))
    a6, s6 = _article(["Regime jets struck Hama."], source="Sixth", published=date(2017, 9, 15))
    strike = dict(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                  event_date=date(2017, 9, 15))
    e5 = _event(a5, s5, 0, actor1="Military Forces of Russia (2000-)", **strike,
                **dict(DEIR, admin1="Idlib", location="Idlib", latitude=35.93, longitude=36.63))
    e6 = _event(a6, s6, 0, actor1="Military Forces of Syria (2000-)", **strike,
                **dict(DEIR, admin1="Hama", location="Hama", latitude=35.13, longitude=36.75))
    store_coded(store, [_coded(a5, s5, [e5]), _coded(a6, s6, [e6])])
    store.con.execute("UPDATE reports SET event_id = ? WHERE report_id = ?", [e5.event_id_cnty, e6.event_id_cnty])
    store.con.execute("DELETE FROM events WHERE event_id_cnty = ?", [e6.event_id_cnty])
    ids = {"one": [e.event_id_cnty for e in one], "two": [e.event_id_cnty for e in two],
           "three": [e.event_id_cnty for e in three], "a1": a1.id, "a4": a4.id, "cluster": e5.event_id_cnty}
    out = audit(store.con)
    return {line["key"]: line for line in out["lines"]}, out["totals"], ids, store


def test_totals(report):
    _, totals, _, _ = report
    assert totals == {"articles": 6, "reports": 10, "events": 9, "shown_events": 8}  # background hidden


def test_events_per_article(report):
    lines, _, ids, _ = report
    line = lines["events_per_article"]
    assert (line["max"], line["of"], line["mean"]) == (4, 5, 1.8)  # 4+2+1+1+1 shown events, 5 coded articles
    assert line["top_articles"][0]["article_id"] == ids["a1"] and set(line["ids"]) == set(ids["one"])


def test_no_actor1(report):
    lines, _, ids, _ = report
    assert lines["no_actor1"]["count"] == 2
    assert set(lines["no_actor1"]["ids"]) == {ids["one"][2], ids["two"][0]}
    assert lines["no_actor1"]["share"] == pytest.approx(2 / 8, abs=1e-4)


def test_fallback_centroids(report):
    lines, _, ids, _ = report
    assert (lines["geo_fallback"]["count"], lines["geo_fallback"]["ids"]) == (1, [ids["two"][1]])


def test_outside_the_articles_main_country(report):
    lines, _, ids, _ = report
    assert lines["outside_main_country"]["ids"] == [ids["one"][3]]


def test_largest_tolls_with_their_evidence(report):
    lines, _, ids, _ = report
    line = lines["largest_tolls"]
    assert line["count"] == 2
    assert [(x["id"], x["fatalities"], x["evidence"]) for x in line["largest"]] == [
        (ids["two"][0], 2041, "2,041"), (ids["one"][0], 12, "12")]
    assert line["largest"][0]["sentence"] == "An air strike on a market killed 2,041 people."


def test_clusters_whose_reports_disagree(report):
    lines, _, ids, _ = report
    line = lines["disagreeing_clusters"]
    assert (line["count"], line["of"], line["ids"]) == (1, 1, [ids["cluster"]])
    assert line["by_aspect"] == {"perpetrator": 1, "date": 0, "place": 1}


def test_news_dated_long_before_the_article(report):
    lines, _, ids, _ = report
    assert lines["dated_before_article"]["ids"] == [ids["three"][0]]  # not the background one


def test_background_set_aside(report):
    lines, _, ids, _ = report
    assert (lines["background"]["count"], lines["background"]["ids"], lines["background"]["reports"]) == (
        1, [ids["two"][2]], 1)


def test_non_english_articles_skipped(report):
    lines, _, ids, _ = report
    assert (lines["skipped_language"]["count"], lines["skipped_language"]["ids"]) == (1, [ids["a4"]])


def test_tolls_over_the_ceiling(report):
    lines, _, ids, store = report
    line = lines["over_ceiling"]
    assert (line["count"], line["ids"], line["flagged_for_review"]) == (1, [ids["two"][0]], 1)
    higher = {x["key"]: x for x in audit(store.con, ceiling=5000)["lines"]}
    assert higher["over_ceiling"]["count"] == 0


def test_same_article_duplicates(report):
    lines, _, ids, _ = report
    line = lines["same_article_duplicates"]
    assert line["count"] == 1 and line["ids"][0] in ids["one"][:2]


def test_examples_are_capped(report):
    _, _, _, store = report
    lines = {x["key"]: x for x in audit(store.con, examples=1)["lines"]}
    assert len(lines["no_actor1"]["ids"]) == 1 and lines["no_actor1"]["count"] == 2


def test_cli_prints_a_table_and_json(tmp_path):
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        a, s = _article(["Troops clashed with IS in Deir ez-Zor, killing 12."])
        store_coded(store, [_coded(a, s, [_event(a, s, 0, toll="12", fatalities=12, actor1=None)])])
    run = CliRunner().invoke(app, ["--db", str(db), "audit", "--json"])
    assert run.exit_code == 0, run.output
    body = json.loads(run.output)
    assert body["totals"]["events"] == 1
    assert {x["key"]: x["count"] for x in body["lines"]}["no_actor1"] == 1
    run = CliRunner().invoke(app, ["--db", str(db), "audit"])
    assert run.exit_code == 0 and "events with no actor1" in run.output
    missing = CliRunner().invoke(app, ["--db", str(tmp_path / "none.duckdb"), "audit"])
    assert missing.exit_code == 2



def test_two_perpetrators_on_one_day_are_not_duplicates():
    store = Store(":memory:")
    a, s = _article(["Regime forces broke the siege of Deir ez-Zor.", "The SDF seized an industrial zone.",
                     "Fighting went on in the city."])
    events = [_event(a, s, 0), _event(a, s, 1, actor1="SDF: Syrian Democratic Forces"),
              _event(a, s, 2, actor1=None)]
    store_coded(store, [_coded(a, s, events)])
    line = {x["key"]: x for x in audit(store.con)["lines"]}["same_article_duplicates"]
    # the unattributed fighting restates one of them; regime and SDF are two incidents
    assert line["count"] == 1
