"""strife.candidates: the pre-parser filter never rejects an article the coder finds an event in."""

import csv

import pytest

from strife.candidates import LemmaTables, TriggerFilter, could_contain_event


def _filter(classes):
    tables = LemmaTables(rules=[("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ies", "y")],
                         exceptions={"shoot": {"shot"}, "take": {"took"}})
    return TriggerFilter(classes, tables)


def test_inflected_and_irregular_forms_pass():
    f = _filter({"attack": {"verbs": ["shoot", "raid"], "nouns": ["raid"]}})
    assert f.could_contain_event("Police raided the house.")
    assert f.could_contain_event("Gunmen SHOT two guards.")
    assert f.could_contain_event("Two raids were reported.")
    assert not f.could_contain_event("The market closed higher on Monday.")


def test_phrases_need_every_word_and_verb_objects_need_an_object():
    f = _filter({"fight": {"phrases": [["exchange", "of", "fire"]],
                           "verb_objects": {"take": ["control"], "ambush": ["*"]}}})
    assert not f.could_contain_event("They exchanged gifts.")
    assert f.could_contain_event("There was an exchange of heavy fire.")
    assert not f.could_contain_event("She took the train.")
    assert f.could_contain_event("Rebels took full control of the town.")
    assert f.could_contain_event("Militants ambushed a patrol.")


def test_hyphenated_and_glued_words_are_split():
    f = _filter({"attack": {"verbs": ["kill"]}})
    assert f.could_contain_event("a 2killed-in-action report")
    assert f.could_contain_event("self-killing")


@pytest.mark.slow
def test_builtin_lexicon_and_model():
    assert could_contain_event("Gunmen shot dead two policemen in Kirkuk on Tuesday.")
    assert not could_contain_event("The museum opens a new wing of modern paintings next spring.")


@pytest.fixture(scope="module")
def unfiltered():
    from strife.config import Settings
    from strife.pipeline import Pipeline

    return Pipeline(Settings(prefilter=False))


@pytest.mark.slow
def test_no_event_is_lost_on_the_case2021_gold(shared_dir, unfiltered):
    """Every CASE 2021 snippet the coder finds an event in passes the filter."""
    from strife.model import Article

    path = shared_dir / "gold" / "events" / "case2021-task2-snippets.tsv"
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    articles = [Article(text=r["EventSnippet"]) for r in rows]
    lost = rejected = events = 0
    for article, coded in zip(articles, unfiltered.process_many(articles)):
        events += len(coded.events)
        if not could_contain_event(article.text):
            rejected += 1
            lost += len(coded.events)
    assert events > 0
    assert lost == 0, f"{lost} events in {rejected} rejected snippets"


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
