from datetime import date

from strife.linking.merge import independent_sources, merge_cluster
from strife.model import EventRecord


def rep(article, **kw):
    base = dict(article_id=article, sentence_index=0, trigger_start=0, trigger_end=1, trigger="x",
                event_type="Battles", event_date=date(2017, 9, 10), time_precision=2)
    base.update(kw)
    return EventRecord(**base)


def test_most_precise_date_and_place_conservative_fatalities():
    reports = [
        rep("a", fatalities=12, confidence=0.9, actor1="SDF", latitude=35.0, longitude=40.0, geo_precision=3),
        rep("b", fatalities=9, confidence=0.5, event_date=date(2017, 9, 11), time_precision=1,
            latitude=35.3, longitude=40.1, geo_precision=1, location="Deir ez-Zor"),
        rep("c", fatalities=0, confidence=0.4),
    ]
    merged = merge_cluster("ev1", reports, {"a": "a", "b": "b", "c": "c"}, {"a": "X", "b": "Y", "c": "Z"})
    assert merged.event_id_cnty == "ev1"
    assert (merged.event_date, merged.time_precision) == (date(2017, 9, 11), 1)
    assert (merged.location, merged.geo_precision) == ("Deir ez-Zor", 1)
    assert merged.fatalities == 9          # lowest reported figure, 0 means "not reported"
    assert merged.actor1 == "SDF"          # from the most confident report
    assert (merged.source_count, merged.report_count) == (3, 3)
    assert merged.source == "X; Y; Z"


def test_copies_and_one_outlet_count_once():
    reports = [rep("a"), rep("b"), rep("c"), rep("d")]
    story = {"a": "a", "b": "a", "c": "c", "d": "d"}   # b reprints a
    outlet = {"a": "Wire", "b": "Paper", "c": "Wire", "d": "Monitor"}  # c is Wire's second story
    assert independent_sources(reports, story, outlet) == 2


def test_no_fatality_figure_gives_zero():
    assert merge_cluster("e", [rep("a"), rep("b")]).fatalities == 0
