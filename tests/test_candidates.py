"""strife.candidates: the pre-parser filter never rejects an article the coder finds an event in."""

import copy
import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from strife.candidates import LemmaTables, Tiers, TriggerFilter, could_contain_event

ROOT = Path(__file__).resolve().parents[1]


def _tables():
    return LemmaTables(rules=[("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ies", "y")],
                       exceptions={"shoot": {"shot"}, "take": {"took"}})


def _filter(classes, tiers=None):
    return TriggerFilter(classes, _tables(), tiers)


def test_inflected_and_irregular_forms_pass():
    f = _filter({"attack": {"verbs": ["shoot", "raid"], "nouns": ["raid"]}})
    assert f.could_contain_event("Police raided the house.")
    assert f.could_contain_event("Gunmen SHOT two guards.")
    assert f.could_contain_event("Two raids were reported.")
    assert not f.could_contain_event("The market closed higher on Monday.")


def test_phrases_need_their_words_in_sequence():
    f = _filter({"fight": {"phrases": [["exchange", "of", "fire"], ["shoot", "-", "out"]]}})
    assert not f.could_contain_event("They exchanged gifts.")
    assert not f.could_contain_event("Fire broke out at the exchange, a fraction of the floor burned.")
    assert f.could_contain_event("There was an exchange of fire at dawn.")
    assert f.could_contain_event("A shoot-out followed.")


def test_verb_objects_need_verb_and_object_in_one_sentence():
    f = _filter({"capture": {"verb_objects": {"take": ["control"], "ambush": ["*"]}}})
    assert not f.could_contain_event("She took the train.")
    assert f.could_contain_event("Rebels took full control of the town.")
    assert f.could_contain_event("Militants ambushed a patrol.")
    assert not f.could_contain_event("She took the train home. Quality control was lax at the plant.")
    # no split at an abbreviation or an initial: the parser may not split there either
    assert f.could_contain_event("Troops of Gen. Control took the hill.")


def test_noun_triggers_use_noun_forms_only():
    tables = LemmaTables(pos_rules={"noun": [("s", "")], "verb": [("ing", ""), ("ed", "")]})
    f = TriggerFilter({"agree": {"nouns": ["accord"]}, "kill": {"verbs": ["murder"], "nouns": ["murder"]}}, tables)
    assert f.could_contain_event("The accords were signed.")
    assert not f.could_contain_event("According to the mayor, the bridge opens in May.")
    assert f.could_contain_event("He was murdered.")  # a verb trigger too: verb forms count


def test_hyphenated_and_glued_words_are_split():
    f = _filter({"attack": {"verbs": ["kill"]}})
    assert f.could_contain_event("a 2killed-in-action report")
    assert f.could_contain_event("self-killing")


def test_context_tier_ambiguous_triggers_need_a_context_word():
    classes = {"attack": {"verbs": ["attack", "beat", "massacre"]},
               "capture": {"verb_objects": {"take": ["control"]}}}
    tiers = Tiers(ambiguous={"attack", "beat"}, context={"militant", "armed forces", "beat"},
                  context_as_written={"IS"})
    f = _filter(classes, tiers)
    assert f.verdict("Villagers were massacred.") == "trigger"
    assert f.verdict("The home side beat the visitors and attacked down the left.") == "skip"
    assert f.verdict("Militants attacked a checkpoint.") == "context"
    assert f.verdict("The armed forces attacked at dawn.") == "context"
    assert f.verdict("The forces were armed. Then they attacked.") == "skip"  # a phrase is a sequence
    assert f.verdict("IS fighters attacked the town.") == "context"
    assert f.verdict("It is what it is: they attacked well.") == "skip"  # short names as written
    assert f.verdict("The striker took control of the game.") == "skip"  # verb + object: ambiguous
    assert f.verdict("Militants took control of the town.") == "context"
    # without tiers the same lexicon is the single-tier test
    assert _filter(classes).verdict("The home side beat the visitors.") == "trigger"


@pytest.mark.slow
def test_builtin_context_tier_names_only_lexicon_triggers():
    """Every ambiguous trigger in the cues is a word or phrase of the trigger lexicon."""
    from strife.dictionaries import load_dictionaries

    dicts = load_dictionaries()
    words = set()
    for spec in dicts.classes.values():
        words |= {str(w).lower() for w in (spec.get("verbs") or []) + (spec.get("nouns") or [])}
        words |= {" ".join(str(w).lower() for w in p if w != "-") for p in spec.get("phrases") or []}
    assert set(dicts.cues["ambiguous_triggers"]) <= words
    tiers = Tiers.from_dictionaries(dicts)
    assert {"soldiers", "police", "militants", "grenade"} <= tiers.context
    assert "SDF" in tiers.context_as_written


@pytest.mark.slow
def test_builtin_lexicon_and_model():
    assert could_contain_event("Gunmen shot dead two policemen in Kirkuk on Tuesday.")
    assert not could_contain_event("The museum opens a new wing of modern paintings next spring.")
    sport = "Rovers beat United 2-1 and regained the lead with a late strike."
    assert could_contain_event(sport)
    assert not could_contain_event(sport, context=True)
    assert could_contain_event("Rovers beat United. Militants attacked a checkpoint.", context=True)


# ---------------------------------------------------------------- proofs on real text
@pytest.fixture(scope="module")
def unfiltered(pipeline):
    """The session pipeline without its candidate filter (no second model load)."""
    plain = copy.copy(pipeline)
    plain.candidates = None
    return plain


def _lost(unfiltered, articles) -> dict:
    """Run ``articles`` through the coder without the filter; count what the filter would lose."""
    out = {"articles": len(articles), "with_events": 0, "events": 0, "skipped": 0,
           "lost_articles": 0, "lost_events": 0}
    for article, coded in zip(articles, unfiltered.process_many(articles)):
        n = len(coded.events)
        out["events"] += n
        out["with_events"] += bool(n)
        if not could_contain_event(article.text):
            out["skipped"] += 1
            out["lost_articles"] += bool(n)
            out["lost_events"] += n
    return out


@pytest.mark.slow
def test_no_event_is_lost_on_the_case2021_gold(shared_dir, unfiltered):
    """(a) Every CASE 2021 snippet the coder finds an event in passes the filter."""
    from strife.model import Article

    path = shared_dir / "gold" / "events" / "case2021-task2-snippets.tsv"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    counts = _lost(unfiltered, [Article(text=r["EventSnippet"]) for r in rows])
    print("CASE 2021 snippets:", counts)
    assert counts["events"] > 0
    assert counts["lost_events"] == 0, counts


def _geo_texts(path: Path) -> list[str]:
    """Article texts of a geo gold file (LGL/TR-News/GeoVirus layout); the labels are not read."""
    return [a.findtext("text") or "" for a in ET.parse(path).getroot().iter("article")]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["lgl", "TR-News", "GeoVirus"])
def test_no_event_is_lost_on_real_news(shared_dir, unfiltered, name):
    """(b) Real news, mostly not about conflict (geo gold sets, text only, labels unread):
    every article the coder finds an event in passes the filter, and some are skipped.
    LGL is read every second article (294 of 588) to keep the run short; the others whole."""
    from strife.model import Article

    path = shared_dir / "gold" / "geo" / f"{name}.xml"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    texts = _geo_texts(path)[::2 if name == "lgl" else 1]
    counts = _lost(unfiltered, [Article(text=t) for t in texts if t.strip()])
    print(f"{name}:", counts)
    assert counts["events"] > 0
    assert counts["lost_events"] == 0, counts
    assert counts["skipped"] > 0


@pytest.mark.slow
def test_no_event_is_lost_on_bundled_reports(unfiltered):
    """(c) The bundled examples and the linking reports."""
    from strife.model import Article
    from strife.sources import read_paths

    items = read_paths([ROOT / "examples", ROOT / "tests" / "data" / "linking" / "reports.jsonl"])
    articles = [a for a in items if isinstance(a, Article)]
    counts = _lost(unfiltered, articles)
    print("bundled reports:", counts)
    assert counts["articles"] >= 50 and counts["events"] > 0
    assert counts["lost_events"] == 0, counts


@pytest.mark.slow
def test_pipeline_prefilter_keeps_order_and_events(pipeline, unfiltered):
    from strife.model import Article

    texts = ["The bank kept interest rates unchanged on Thursday.",
             "MOSUL, Iraq (Wire) - A car bomb killed five soldiers at a checkpoint on Tuesday.",
             "The home side won the cup final in front of a large crowd."]
    articles = [Article(text=t) for t in texts]
    assert pipeline.candidates is not None
    plain = list(unfiltered.process_many(articles))
    filtered = list(pipeline.process_many(articles))
    assert [c.article.id for c in filtered] == [a.id for a in articles]
    assert [[e.event_id_cnty for e in c.events] for c in filtered] == \
        [[e.event_id_cnty for e in c.events] for c in plain]
    assert filtered[0].parsed.doc is None and filtered[1].parsed.doc is not None
