"""The compiled attribute ruler (strife.nlp.attributes) annotates exactly as spaCy's own."""

from __future__ import annotations

import pytest
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from strife.nlp.attributes import AttributeTable, compile_ruler

ATTRS = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "SENT_START"]


def _both(vocab, patterns):
    stock = AttributeRuler(vocab)
    stock.add_patterns(patterns)
    return stock, AttributeTable(patterns, vocab)


def _compare(nlp, texts, stock, table) -> int:
    """Tokens of ``texts`` (parsed up to the ruler) that the two annotate differently."""
    before = [n for n in nlp.pipe_names if n not in ("attribute_ruler", "lemmatizer", "strife_actors", "ner")]
    differing = 0
    for doc in nlp.pipe(texts, disable=[n for n in nlp.pipe_names if n not in before]):
        a, b = stock(Doc(nlp.vocab).from_bytes(doc.to_bytes())), table(Doc(nlp.vocab).from_bytes(doc.to_bytes()))
        for attr in ATTRS:
            differing += int((a.to_array(attr) != b.to_array(attr)).sum())
        differing += sum(x.morph.to_json() != y.morph.to_json() or x.pos_ != y.pos_ for x, y in zip(a, b))
    return differing


def test_the_loaded_pipeline_uses_the_table(nlp):
    from strife.nlp.pipeline import split_components

    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeTable)
    parse, entities = split_components(nlp)
    assert "attribute_ruler" in parse and entities[-1] == "ner"


def test_order_index_and_regex_as_the_ruler(nlp):
    patterns = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
        {"patterns": [[{"LOWER": {"IN": ["town", "city"]}, "TAG": "NN"}]], "attrs": {"LEMMA": "PLACE"}},
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "PROPN"}},  # later: wins over the first
        {"patterns": [[{"LOWER": "the"}, {"LOWER": {"REGEX": "^to"}}]], "attrs": {"LEMMA": "TOWNISH"}, "index": 1},
        {"patterns": [[{"DEP": {"NOT_IN": ["det", ""]}, "TAG": {"IN": ["DT"]}}]], "attrs": {"POS": "PRON"}},
    ]
    stock, table = _both(nlp.vocab, patterns)
    texts = ["Troops shelled the town near the city.", "That was the town.", "Shelling hit the tower."]
    assert _compare(nlp, texts, stock, table) == 0
    doc = table(nlp("Troops shelled the town.", disable=["attribute_ruler", "lemmatizer", "ner"]))
    town = doc[3]
    assert (town.pos_, town.lemma_, str(town.morph)) == ("PROPN", "TOWNISH", "Number=Sing")


def test_an_unsupported_pattern_keeps_the_stock_ruler(nlp):
    stock = AttributeRuler(nlp.vocab)
    stock.add_patterns([{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"POS": "DET"}}])
    assert compile_ruler(stock) is None
    stock = AttributeRuler(nlp.vocab)
    stock.add_patterns([{"patterns": [[{"SHAPE": "Xxxx"}]], "attrs": {"POS": "PROPN"}}])
    assert compile_ruler(stock) is None


@pytest.mark.slow
def test_the_models_ruler_on_real_news(nlp, real_news_texts):
    """Every token of the conflict-news corpus, the CASE 2021 snippets and the geo gold sets'
    articles: the model's own patterns, through both."""
    assert len(real_news_texts) > 1000
    table = nlp.get_pipe("attribute_ruler")
    stock, _ = _both(nlp.vocab, table.patterns)
    assert _compare(nlp, real_news_texts, stock, table) == 0
