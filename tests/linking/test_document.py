"""Document-level event resolution: the mentions of one incident become one report."""

from __future__ import annotations

import datetime

import pytest

from strife.linking.document import headline_end_of, resolve_document
from strife.model import Article, CodedArticle, EventRecord, ParsedArticle, Sentence

D = datetime.date(2019, 3, 8)

# Team-written: unit tests of the mechanism (each mention in its own sentence).
TEXT = ("Air strikes hit Douma on Monday, killing 12 people.\n"
        "Warplanes bombed Douma again, killing 10.\n"
        "The death toll from the strikes on Douma rose to 15, the monitor said.\n"
        "Rebels shelled Harasta on Monday.")


def _coded(text, specs):
    article = Article(text=text, published=D)
    sents, pos = [], 0
    for i, line in enumerate(text.split("\n")):
        sents.append(Sentence(i, pos, pos + len(line), line))
        pos += len(line) + 1
    events = []
    for spec in specs:
        word = spec.pop("word")
        start = text.index(word)
        sentence = next(s for s in sents if s.start <= start < s.end)
        ev = EventRecord(article_id=article.id, sentence_index=sentence.index, trigger_start=start,
                         trigger_end=start + len(word), trigger=word, disorder_type="Political violence",
                         event_type=spec.pop("etype", "Explosions/Remote violence"),
                         sub_event_type=spec.pop("sub", "Air/drone strike"), confidence=spec.pop("conf", 0.6))
        ev.add_evidence("trigger", article, start, start + len(word))
        place = spec.pop("place", None)
        if place:  # stated in the sentence when the name is there, else inherited
            at = text.find(place, sentence.start, sentence.end)
            at = at if at >= 0 else text.index(place)
            ev.location, ev.country, ev.geo_precision = place, "Syria", 1
            ev.latitude, ev.longitude = spec.pop("latlon", (33.57, 36.40))
            ev.add_evidence("location", article, at, at + len(place))
        day = spec.pop("day", None)
        ev.event_date, ev.time_precision = day or D, 1 if day else 2
        if day:  # a stated date: evidence on its expression
            at = text.find("Monday", sentence.start, sentence.end)
            ev.add_evidence("event_date", article, at, at + 6)
        else:
            ev.add_evidence("event_date", article, start, start + len(word), 0.3, "publication date")
        toll = spec.pop("toll", None)
        if toll is not None:
            at = text.find(str(toll), sentence.start, sentence.end)
            ev.fatalities, ev.fatalities_reported = toll, True
            ev.add_evidence("fatalities", article, at, at + len(str(toll)))
        for k, v in spec.items():
            setattr(ev, k, v)
        events.append(ev)
    return CodedArticle(ParsedArticle(article, doc=None, sentences=sents), events=events)


def test_restatements_of_one_strike_are_one_report_with_the_lowest_toll():
    coded = resolve_document(_coded(TEXT[:TEXT.index("\nThe death")], [
        dict(word="Air strikes", place="Douma", day=D - datetime.timedelta(days=4), toll=12),
        dict(word="bombed", place="Douma", toll=10)]))
    [ev] = coded.events
    assert ev.trigger == "Air strikes" and ev.fatalities == 10
    assert ev.evidence_for("fatalities").text == "10"
    assert [e.text for e in ev.evidence if e.field == "mention"] == ["bombed"]
    assert ev.event_date == D - datetime.timedelta(days=4) and ev.time_precision == 1


def test_a_later_toll_that_updates_the_incident_replaces_it():
    coded = resolve_document(_coded(TEXT, [
        dict(word="Air strikes", place="Douma", toll=12),
        dict(word="bombed", place="Douma", toll=10),
        dict(word="strikes on", place="Douma", toll=15)]))
    assert [e.fatalities for e in coded.events] == [15]


def test_two_named_places_are_two_incidents():
    coded = resolve_document(_coded(TEXT, [
        dict(word="Air strikes", place="Douma", toll=12),
        dict(word="shelled", place="Harasta", latlon=(33.56, 36.37 + 0.2), sub="Air/drone strike")]))
    assert len(coded.events) == 2


def test_history_never_merges_into_news():
    coded = resolve_document(_coded(TEXT, [
        dict(word="Air strikes", place="Douma"), dict(word="bombed", place="Douma", background=True)]))
    assert [e.background for e in coded.events] == [False, True]


def test_conflicting_named_actors_are_two_incidents_an_unidentified_one_is_not():
    two = resolve_document(_coded(TEXT, [
        dict(word="Air strikes", place="Douma", actor1="Military Forces of Russia (2000-)"),
        dict(word="bombed", place="Douma", actor1="Military Forces of Syria (2000-)")]))
    assert len(two.events) == 2
    one = resolve_document(_coded(TEXT, [
        dict(word="Air strikes", place="Douma", actor1="Unidentified Armed Group (Syria)", inter1=3),
        dict(word="bombed", place="Douma", actor1="Military Forces of Russia (2000-)", inter1=8)]))
    [ev] = one.events
    assert ev.actor1 == "Military Forces of Russia (2000-)" and ev.inter1 == 8


def test_nothing_ties_two_unplaced_undated_acts_of_one_type():
    coded = resolve_document(_coded(TEXT, [dict(word="Air strikes"), dict(word="bombed")]))
    assert len(coded.events) == 2


def test_a_catch_all_type_needs_the_same_word():
    coded = resolve_document(_coded(TEXT, [
        dict(word="hit", place="Douma", sub="Other", etype="Strategic developments"),
        dict(word="bombed", place="Douma", sub="Other", etype="Strategic developments")]))
    assert len(coded.events) == 2


def test_a_headline_restating_the_lead_is_one_report():
    text = "Suicide bomber kills 11 at a wake in Cameroon\nAt least 11 people were killed at a wake on Wednesday."
    coded = _coded(text, [dict(word="Suicide bomber", sub="Suicide bomb", conf=0.5),
                          dict(word="killed", sub="Attack", etype="Violence against civilians", conf=0.8)])
    assert headline_end_of(coded.article) == text.index("\n")
    [ev] = resolve_document(coded).events
    assert ev.trigger == "Suicide bomber" and ev.sub_event_type == "Attack"


def test_a_headline_ties_only_like_acts_of_strategic_developments():
    """Arrests, seized weapons, looting and agreements share a disorder type but are unlike
    acts: a headline about one is not restated by the body's first sentence about another."""
    text = "Explosive devices found near the zoo\nPolice have arrested at least 233 activists nationwide."
    coded = _coded(text, [dict(word="found", sub="Disrupted weapons use", etype="Strategic developments",
                               disorder_type="Strategic developments"),
                          dict(word="arrested", sub="Arrests", etype="Strategic developments",
                               disorder_type="Strategic developments")])
    assert headline_end_of(coded.article) == text.index("\n")
    assert len(resolve_document(coded).events) == 2


def test_a_body_first_line_ending_a_sentence_is_no_headline():
    assert headline_end_of(Article(text="Rebels shelled Aleppo on Monday.\nFive died.")) is None


# Real text: CASE 2021 task 2 snippets of the tune split, through the whole pipeline.
@pytest.mark.slow
@pytest.mark.parametrize("text, sub", [
    ("At least 11 people were killed and 20 injured after suicide bombers targeted a wake in northern "
     "Cameroon on Wednesday. The attack on the locality of Nguetchewe in Cameroon's Far North Region that "
     "borders Nigeria was carried out by two female suicide bombers, staff sergeant Tih Richard",
     "Suicide bomb"),
    ("Seven army men suffered injuries when militants set off an Improvised Explosive Device (IED) fitted in "
     "a car at a village in south Kashmir's Pulwama district on Monday evening. Two civilians also sustained "
     "injuries in the explosion.", "Remote explosive/landmine/IED"),
    ("Seven people were wounded when a grenade exploded on Thursday afternoon in Davao City, the hometown of "
     "President Rodrigo Duterte. Police said the blast rocked the village of Lamanan in Calinan district. "
     "Fragments of an MK2 grenade were recovered from the scene, reportedly lobbed by two militants.",
     "Grenade"),
])
def test_one_incident_told_in_several_sentences_is_one_event(pipeline, text, sub):
    coded = pipeline.process(Article(text=text, published=D))
    violent = [e for e in coded.events if e.disorder_type == "Political violence" and not e.background]
    assert [e.sub_event_type for e in violent] == [sub]


@pytest.mark.slow
def test_a_definite_mention_points_back_across_sub_event_types(pipeline):
    """Moved from the coder's tests: "the raid" is the air strike told before."""
    coded = pipeline.process(Article(text="Air strikes hit a school in the town on Monday, killing 12 people. "
                                          "Local officials blamed foreign warplanes for the raid.", published=D))
    violent = [e for e in coded.events if e.disorder_type == "Political violence"]
    assert len(violent) == 1 and violent[0].sub_event_type == "Air/drone strike"


def test_force_against_a_protest_and_the_protest_are_one_demonstration():
    """The protesters are actor1 of the protest and actor2 of the force used against it."""
    text = "Police fired tear gas at protesters in Tahrir Square.\nThe demonstrators were demanding reform."
    coded = _coded(text, [
        dict(word="protesters", sub="Excessive force against protesters", etype="Protests",
             actor1="Police Forces of Iraq (2014-)", inter1=1, actor2="Protesters (Iraq)", inter2=6),
        dict(word="demonstrators", sub="Peaceful protest", etype="Protests", actor1="Protesters (Iraq)", inter1=6)])
    [ev] = resolve_document(coded).events
    assert ev.sub_event_type == "Excessive force against protesters"
    assert (ev.actor1, ev.actor2) == ("Police Forces of Iraq (2014-)", "Protesters (Iraq)")
    reverse = _coded("Demonstrators gathered in Tahrir Square.\nPolice fired tear gas at the protesters.", [
        dict(word="Demonstrators", sub="Peaceful protest", etype="Protests", actor1="Protesters (Iraq)", inter1=6),
        dict(word="protesters", sub="Excessive force against protesters", etype="Protests",
             actor1="Police Forces of Iraq (2014-)", inter1=1, actor2="Protesters (Iraq)", inter2=6)])
    [ev] = resolve_document(reverse).events
    assert (ev.sub_event_type, ev.actor1) == ("Excessive force against protesters", "Police Forces of Iraq (2014-)")


def test_a_clash_and_the_territory_it_won_are_one_battle_with_its_outcome():
    # ACLED: a battle in which territory changes hands takes the territorial sub-event type
    text = "Fighters captured the stadium in Raqqa on Monday.\nCombat in Raqqa was over, a spokesman said."
    coded = resolve_document(_coded(text, [
        dict(word="captured", place="Raqqa", day=D, sub="Non-state actor overtakes territory", etype="Battles",
             conf=0.5, actor2="Islamic State (Syria)"),
        dict(word="Combat", place="Raqqa", sub="Armed clash", etype="Battles", conf=0.9)]))
    [ev] = coded.events
    assert ev.sub_event_type == "Non-state actor overtakes territory" and ev.actor2 == "Islamic State (Syria)"
    clash_first = resolve_document(_coded(text, [
        dict(word="Combat", place="Raqqa", sub="Armed clash", etype="Battles", conf=0.9),
        dict(word="captured", place="Raqqa", day=D, sub="Non-state actor overtakes territory", etype="Battles",
             conf=0.5)]))
    assert [e.sub_event_type for e in clash_first.events] == ["Non-state actor overtakes territory"]


def test_a_clash_elsewhere_is_another_battle():
    text = "Fighters captured the stadium in Raqqa on Monday.\nCombat in Tabqa went on, a spokesman said."
    coded = resolve_document(_coded(text, [
        dict(word="captured", place="Raqqa", day=D, sub="Non-state actor overtakes territory", etype="Battles"),
        dict(word="Combat", place="Tabqa", latlon=(35.84, 38.55), sub="Armed clash", etype="Battles")]))
    assert len(coded.events) == 2


def test_document_words_must_be_acled_sub_event_types(tmp_path):
    from strife.dictionaries.loader import DictionaryError
    from strife.linking.document import LEXICON_PATH, load_lexicon

    bad = tmp_path / "document.yaml"
    bad.write_text(LEXICON_PATH.read_text(encoding="utf-8").replace("  - Armed clash", "  - Armed clashes"))
    with pytest.raises(DictionaryError, match="Armed clashes"):
        load_lexicon(bad)


def test_an_unplaced_undated_restatement_joins_the_one_placed_act_of_its_kind():
    text = "Fighters captured the stadium in Raqqa on Monday.\nThe whole city had been freed, he said."
    one = resolve_document(_coded(text, [
        dict(word="captured", place="Raqqa", day=D, sub="Non-state actor overtakes territory", etype="Battles"),
        dict(word="freed", sub="Non-state actor overtakes territory", etype="Battles")]))
    assert [e.trigger for e in one.events] == ["captured"]
    two = "Fighters captured Tabqa on Monday.\nThey captured Raqqa on Monday.\nThe city had been freed, he said."
    kept = resolve_document(_coded(two, [
        dict(word="captured Tabqa", place="Tabqa", day=D, latlon=(35.84, 38.55),
             sub="Non-state actor overtakes territory", etype="Battles"),
        dict(word="captured Raqqa", place="Raqqa", day=D, sub="Non-state actor overtakes territory", etype="Battles"),
        dict(word="freed", sub="Non-state actor overtakes territory", etype="Battles")]))
    assert len(kept.events) == 3  # which of two places "the city" is, is not for this rule to guess


def test_paragraphs_about_two_towns_or_two_countries_are_two_incidents():
    text2 = ("Gunmen attacked a checkpoint in Douma.\n\nGunmen also attacked soldiers, officials in Mosul said.")
    abroad = resolve_document(_coded(text2, [
        dict(word="attacked a checkpoint", place="Douma", sub="Armed clash", etype="Battles"),
        dict(word="attacked soldiers", place="Mosul", latlon=(36.34, 43.13), country="Iraq", sub="Armed clash",
             etype="Battles")]))
    assert len(abroad.events) == 2
    text3 = "Gunmen attacked a checkpoint in Douma.\n\nHarasta had been quiet.\nGunmen attacked soldiers there."
    inherited = _coded(text3, [
        dict(word="attacked a checkpoint", place="Douma", sub="Armed clash", etype="Battles"),
        dict(word="attacked soldiers", place="Harasta", latlon=(33.56, 36.57), sub="Armed clash",
             etype="Battles")])
    assert len(resolve_document(inherited).events) == 2  # two towns, each from its own paragraph


def test_acled_generic_actors_tie_no_incidents():
    text = "Protesters rallied outside the ministry.\nStudents marched to the university."
    crowd = resolve_document(_coded(text, [
        dict(word="rallied", sub="Peaceful protest", etype="Protests", actor1="Protesters (Belarus)", inter1=6),
        dict(word="marched", sub="Peaceful protest", etype="Protests", actor1="Protesters (Belarus)", inter1=6)]))
    assert len(crowd.events) == 2  # every protest of a country has this actor: no sign of one incident
    named = resolve_document(_coded(text, [
        dict(word="rallied", sub="Peaceful protest", etype="Protests", actor1="Protesters (Belarus)",
             actor2="Police Forces of Belarus (1994-)"),
        dict(word="marched", sub="Peaceful protest", etype="Protests", actor1="Protesters (Belarus)",
             actor2="Police Forces of Belarus (1994-)")]))
    assert len(named.events) == 1
    text2 = "Gunmen killed a farmer.\nGunmen killed a teacher."
    attacks = resolve_document(_coded(text2, [
        dict(word="killed a farmer", sub="Attack", etype="Violence against civilians",
             actor1="Unidentified Armed Group (Nigeria)", actor2="Civilians (Nigeria)"),
        dict(word="killed a teacher", sub="Attack", etype="Violence against civilians",
             actor1="Unidentified Armed Group (Nigeria)", actor2="Civilians (Nigeria)")]))
    assert len(attacks.events) == 2


def test_a_demonstration_told_again_in_its_paragraph_keeps_its_most_severe_form():
    """One paragraph tells one demonstration: the march, then the scuffles at it (no place or
    day tells them apart); in another paragraph it takes a tie of its own."""
    text = "Thousands of demonstrators marched on Saturday. There were scuffles and a demonstrator was hurt."
    specs = [dict(word="marched", sub="Peaceful protest", etype="Protests", actor1="Protesters (France)", inter1=6,
                  conf=0.78),
             dict(word="demonstrator was", sub="Violent demonstration", etype="Riots", actor1="Rioters (France)",
                  inter1=5, conf=0.70)]
    [ev] = resolve_document(_coded(text, [dict(s) for s in specs])).events
    assert (ev.sub_event_type, ev.actor1) == ("Violent demonstration", "Rioters (France)")
    two = resolve_document(_coded(text.replace(". There", ".\nThere"), [dict(s) for s in specs]))
    assert [e.sub_event_type for e in two.events] == ["Peaceful protest", "Violent demonstration"]
