from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from strife.linking.events import (
    LinkRule, Linker, block_keys, haversine_km, is_fallback, pair_score, perpetrators_conflict, sentence_key,
)
from strife.model import EventRecord


def rep(article="a1", day=date(2017, 9, 10), p=1, lat=35.34, lon=40.14, gp=1, actor1="SDF",
        etype="Battles", sub="Armed clash", country="Syria", **kw):
    return EventRecord(article_id=article, sentence_index=0, trigger_start=0, trigger_end=1, trigger="x",
                       event_date=day, time_precision=p, latitude=lat, longitude=lon, geo_precision=gp,
                       actor1=actor1, event_type=etype, sub_event_type=sub, country=country, **kw)


def test_same_article_never_links():
    assert pair_score(rep(), rep(), LinkRule()) is None


def test_windows_grow_with_vagueness():
    rule = LinkRule()
    assert pair_score(rep(), rep("a2", day=date(2017, 9, 12)), rule) is None          # 2 days, both p1
    assert pair_score(rep(), rep("a2", day=date(2017, 9, 12), p=2), rule) is not None  # a week window
    far = dict(lat=35.34 + 0.6, lon=40.14)                                             # ~67 km north
    assert pair_score(rep(), rep("a2", **far), rule) is None
    assert pair_score(rep(), rep("a2", gp=3, **far), rule) is not None


def test_contradicting_actors_and_types_do_not_link():
    rule = LinkRule()
    assert pair_score(rep(), rep("a2", actor1="Islamic State (Syria)"), rule) is None
    assert pair_score(rep(), rep("a2", actor1=None), rule) is not None  # unknown is compatible
    assert pair_score(rep(), rep("a2", etype="Riots"), rule) is None
    assert pair_score(rep(), rep("a2", country="Iraq"), rule) is None


def test_haversine_known_distance():
    # Deir ez-Zor to Abu Kamal is about 120 km
    assert 110 < haversine_km(35.34, 40.14, 34.45, 40.92) < 130


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
       st.integers(min_value=0, max_value=40), st.sampled_from([1, 2, 3]), st.sampled_from([1, 2, 3]))
def test_any_linkable_pair_shares_a_block(day, gap, p1, p2):
    """Blocking must never hide a pair the rule would link (no false negatives from blocking)."""
    a = rep(day=day, p=p1)
    b = rep("a2", day=day + timedelta(days=gap), p=p2)
    if pair_score(a, b, LinkRule()) is not None:
        assert set(block_keys(a)) & set(block_keys(b))


def test_province_level_report_matches_only_inside_its_province():
    rule = LinkRule()
    vague = rep(gp=3, admin1="Idlib", lat=35.77, lon=36.67)                 # same day, shared actor
    assert pair_score(vague, rep("a2", admin1="Homs", lat=34.72, lon=36.73), rule) is None
    assert pair_score(vague, rep("a2", admin1="Idlib", lat=35.93, lon=36.63), rule) is not None
    # a province-level report of "this week" and a day-precise one two days off are not one event
    assert pair_score(rep(gp=3, admin1="Idlib", p=2, lat=35.77, lon=36.67),
                      rep("a2", admin1="Idlib", lat=35.93, lon=36.63, day=date(2017, 9, 12)), rule) is None


def test_one_family_different_act_needs_an_actor_or_the_same_spot():
    rule = LinkRule()
    ied = rep(etype="Explosions/Remote violence", sub="Remote explosive/landmine/IED",
              disorder_type="Political violence", actor1=None)
    attack = rep("a2", etype="Violence against civilians", sub="Attack", disorder_type="Political violence",
                 actor1=None)
    assert pair_score(ied, attack, rule) is not None                     # same town, same day
    later = rep("a2", etype="Violence against civilians", sub="Attack", disorder_type="Political violence",
                actor1=None, day=date(2017, 9, 11))
    assert pair_score(ied, later, rule) is None
    protest = rep("a2", etype="Protests", sub="Peaceful protest", disorder_type="Demonstrations", actor1=None)
    assert pair_score(ied, protest, rule) is None


def test_a_qualified_name_and_the_bare_name_are_one_actor():
    rule = LinkRule()
    assert pair_score(rep(actor1="Islamic State (Syria)"), rep("a2", actor1="Islamic State"), rule) is not None
    assert pair_score(rep(actor1="Military Forces of Syria (2000-)"),
                      rep("a2", actor1="Military Forces of Syria"), rule) is not None


def test_an_unidentified_actor_contradicts_no_one():
    rule = LinkRule()
    assert pair_score(rep(actor1="Unidentified Armed Group (Syria)"), rep("a2", actor1="SDF"), rule) is not None


def test_a_report_known_only_to_its_country_matches_anywhere_in_it():
    rule = LinkRule()
    country_only = dict(lat=35.0, lon=38.5, gp=3, admin1=None)              # Syria's centroid
    abu_kamal = dict(lat=34.45, lon=40.92, gp=1, admin1="Deir ez-Zor")       # ~230 km away
    assert pair_score(rep(**country_only), rep("a2", **abu_kamal), rule) is not None
    assert pair_score(rep(gp=3, admin1="Homs", lat=34.7, lon=36.7), rep("a2", **abu_kamal), rule) is None


def test_week_precision_means_within_a_week():
    rule = LinkRule()
    a = rep(day=date(2017, 9, 4), p=2, date_end=date(2017, 9, 10))           # "last week"
    assert pair_score(a, rep("a2", day=date(2017, 9, 14), p=2), rule) is not None
    assert pair_score(a, rep("a2", day=date(2017, 9, 19), p=2), rule) is None


IDLIB = dict(lat=35.93, lon=36.63, gp=3, admin1="Idlib", location="Idlib", actor1=None,
             etype="Explosions/Remote violence", sub="Air/drone strike")
UNKNOWN = dict(IDLIB, geo_fallback=True)   # an unknown village placed on its province


def test_named_perpetrators_that_conflict_never_link():
    rule = LinkRule()
    strike = dict(etype="Explosions/Remote violence", sub="Air/drone strike")
    russia = rep(actor1="Military Forces of Russia (2000-)", actor2="Civilians (Syria)", **strike)
    regime = rep("a2", actor1="Military Forces of Syria (2000-)", actor2="Civilians (Syria)", **strike)
    assert perpetrators_conflict(russia, regime) and pair_score(russia, regime, rule) is None
    # one side's perpetrator named as the other's target: not a battle, so a conflict
    reversed_ = rep("a2", actor1="Civilians (Syria)", actor2="Military Forces of Russia (2000-)", **strike)
    assert pair_score(russia, reversed_, rule) is None
    # a co-perpetrator, and an unidentified one, conflict with no one
    joint = rep("a2", actor1="Military Forces of Syria (2000-)", assoc_actor_1="Military Forces of Russia (2000-)",
                **strike)
    assert pair_score(russia, joint, rule) is not None
    assert pair_score(russia, rep("a2", actor1="Unidentified Armed Group (Syria)", **strike), rule) is not None
    # protesters (an unnamed collective) do not conflict with the force that fired on them
    protest = dict(etype="Protests", sub="Peaceful protest")
    assert not perpetrators_conflict(rep(actor1="Protesters (Iraq)", inter1=6, **protest),
                                     rep("a2", actor1="Police Forces of Iraq (2014-)", inter1=1, **protest))
    # a clash is the same clash told from either side
    assert pair_score(rep(actor1="SDF", actor2="Islamic State"), rep("a2", actor1="Islamic State", actor2="SDF"),
                      rule) is not None


def test_dates_a_year_wide_do_not_link():
    rule = LinkRule()
    in_2014 = rep(day=date(2014, 1, 1), date_end=date(2014, 12, 31), p=3)
    assert pair_score(in_2014, rep("a2", day=date(2014, 6, 3)), rule) is None
    assert block_keys(in_2014) == []
    august = rep(day=date(2014, 8, 1), date_end=date(2014, 8, 31), p=3)       # a month still compares
    assert pair_score(august, rep("a2", day=date(2014, 8, 20)), rule) is not None


def test_background_never_links_with_news():
    rule = LinkRule()
    assert pair_score(rep(background=True), rep("a2"), rule) is None
    assert pair_score(rep(background=True), rep("a2", background=True), rule) is not None


def test_fallback_points_are_recognised():
    assert is_fallback(rep(geo_fallback=True))
    assert is_fallback(rep(gp=3, admin1="Idlib"))
    assert is_fallback(rep(gp=2, location="Syria", admin1=None))
    assert not is_fallback(rep(gp=2, location="Saraqib", admin1="Idlib"))
    assert not is_fallback(rep(gp=1, location="Idlib", admin1="Idlib"))        # the city itself
    # a town named like its province or district is still a town, "near" it too
    assert not is_fallback(rep(gp=2, location="Idlib", admin1="Idlib"))
    assert not is_fallback(rep(gp=2, location="Douma", admin1="Rural Damascus", admin2="Douma"))


def test_a_town_named_like_its_province_is_a_place_reports_share():
    """Two reports that both name Kabul (a city named like its province) on one day are one
    place; a stand-in for an unknown village keeps only the village's own name."""
    from strife.linking.events import named_places, stated_places

    kabul = dict(etype="Explosions/Remote violence", sub="Remote explosive/landmine/IED", country="Afghanistan",
                 actor1="Unidentified Armed Group (Afghanistan)", location="Kabul", admin1="Kabul",
                 lat=34.53, lon=69.17)
    assert pair_score(rep(gp=2, **kabul), rep("a2", gp=1, **kabul), LinkRule()) is not None
    assert stated_places(rep(gp=3, **kabul)) == stated_places(rep(gp=1, **kabul)) != set()
    assert named_places(rep(gp=3, **kabul)) == set()                           # no town besides the province
    assert stated_places(rep(gp=3, geo_fallback=True, **kabul)) == set()       # a stand-in's admin name
    assert stated_places(rep(gp=3, location="Syria", admin1=None)) == set()    # a country is no shared place
    # two province-level reports on one centroid: the spot alone is a coincidence, not one event
    sinai = dict(country="Egypt", location="North Sinai", admin1="North Sinai", gp=3, actor1=None,
                 etype="Explosions/Remote violence", lat=30.6, lon=33.6)
    assert pair_score(rep(sub="Remote explosive/landmine/IED", **sinai), rep("a2", sub="Air/drone strike", **sinai),
                      LinkRule()) is None
    assert pair_score(rep(sub="Air/drone strike", **sinai), rep("a2", sub="Air/drone strike", **sinai),
                      LinkRule()) is not None


def test_two_unknown_villages_on_one_province_centroid_are_not_one_place():
    """An unknown village is placed on its province (geo_fallback); two of them share no place."""
    rule = LinkRule()
    a, b = rep(**UNKNOWN), rep("a2", **UNKNOWN)
    assert pair_score(a, b, rule) is None                                       # same spot, no name, no actor
    named = dict(UNKNOWN, actor1="Military Forces of Russia (2000-)")
    assert pair_score(rep(**named), rep("a2", **named), rule) is not None       # named actor, same day
    assert pair_score(rep(**named), rep("a2", day=date(2017, 9, 12), **named), rule) is None
    # a week-precise report is "the same day" as anything within its week, but a day-precise
    # report is not the same day as something two days off
    assert pair_score(rep(**named), rep("a2", day=date(2017, 9, 12), p=2, **named), rule) is None
    assert pair_score(rep(p=2, **named), rep("a2", day=date(2017, 9, 12), p=2, **named), rule) is not None
    village = dict(UNKNOWN, geo_fallback=True, location="Kafr Nabl")
    assert pair_score(rep(**village), rep("a2", **village), rule) is not None   # a shared village name
    assert pair_score(rep(**village), rep("a2", **dict(village, location="Hass")), rule) is None
    # ... even when both name the same perpetrator
    russian = dict(village, actor1="Military Forces of Russia (2000-)")
    assert pair_score(rep(**russian), rep("a2", **dict(russian, location="Hass")), rule) is None
    # civilians are the people an act happens to, not a named actor the reports share
    victims = dict(UNKNOWN, actor1="Unidentified Armed Group (Syria)", actor2="Civilians (Syria)", inter2=7)
    assert pair_score(rep(**victims), rep("a2", **victims), rule) is None


def test_two_reports_that_name_the_same_province_are_one_place_on_one_day():
    """"Air strikes in Idlib province" in two reports of one day: the place the texts name is
    the same, as ACLED codes it (one location, one day, one kind of act, one event)."""
    rule = LinkRule()
    assert pair_score(rep(**IDLIB), rep("a2", **IDLIB), rule) is not None
    assert pair_score(rep(**IDLIB), rep("a2", day=date(2017, 9, 12), **IDLIB), rule) is None   # two days off
    assert pair_score(rep(**IDLIB), rep("a2", **dict(IDLIB, sub="Shelling/artillery/missile attack")), rule) is None


def test_sentence_key_folds_case_punctuation_and_figures():
    one = sentence_key("The war has killed more than 280,000 people.")
    assert one == sentence_key("the war has killed more than 300,000 people")
    assert one != sentence_key("The war has wounded more than 280,000 people.")


def _stock(article, story_key="s-stock"):
    return rep(article, etype="Protests", sub="Peaceful protest", actor1=None, sentence_key=story_key)


def test_boilerplate_sentences_never_drive_a_merge():
    linker = Linker()
    for i in range(1, 6):
        linker.add_article([_stock(f"a{i}")], story=f"story{i}")
    sizes = sorted(len(c.reports) for c in linker.clusters.values())
    # the first two stories merge before the sentence is known to be stock; from the third on, never
    assert sizes == [1, 1, 1, 2]
    # copies of one story count once
    linker = Linker()
    for i in range(1, 6):
        linker.add_article([_stock(f"a{i}")], story="wire")
    assert len(linker.clusters) == 1


def test_disagreements_use_the_linking_measures():
    from strife.linking.events import disagreements

    assert disagreements(rep(), rep("a2")) == set()
    assert disagreements(rep(actor1="Military Forces of Russia (2000-)", etype="Explosions/Remote violence"),
                         rep("a2", actor1="Military Forces of Syria (2000-)", etype="Explosions/Remote violence")
                         ) == {"perpetrator"}
    assert disagreements(rep(), rep("a2", day=date(2018, 9, 10))) == {"date"}
    assert disagreements(rep(admin1="Idlib"), rep("a2", admin1="Hama")) == {"place"}
    assert disagreements(rep(), rep("a2", lat=36.34, lon=43.13)) == {"place"}           # Mosul, 280 km
