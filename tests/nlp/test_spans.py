"""entity_of finds, from a token alone, the same span doc.ents holds."""

from __future__ import annotations

from strife.nlp.spans import entity_of


def test_entity_of_agrees_with_doc_ents_on_every_token(nlp, founding_path):
    doc = nlp(founding_path.read_text(encoding="utf-8"))
    owner = {t: e for e in doc.ents for t in range(e.start, e.end)}
    assert owner, "the founding example has named entities"
    for tok in doc:
        got, want = entity_of(tok), owner.get(tok.i)
        if want is None:
            assert got is None, tok
        else:
            assert (got.start, got.end, got.label_, got.ent_id_) == (want.start, want.end, want.label_, want.ent_id_)
            assert got == want


def test_adjacent_entities_stay_apart(nlp):
    doc = nlp("Turkish troops shelled Afrin.")
    doc.ents = []
    from spacy.tokens import Span

    doc.ents = [Span(doc, 0, 1, label="NORP"), Span(doc, 1, 2, label="ACTOR")]
    assert (entity_of(doc[0]).start, entity_of(doc[0]).end) == (0, 1)
    assert (entity_of(doc[1]).start, entity_of(doc[1]).end) == (1, 2)
    assert entity_of(doc[2]) is None


def test_entities_and_entities_in_agree_with_doc_and_span_ents(nlp, founding_path):
    from strife.nlp.spans import entities, entities_in

    doc = nlp(founding_path.read_text(encoding="utf-8"))
    key = lambda ents: [(e.start, e.end, e.label_, e.ent_id_) for e in ents]  # noqa: E731
    assert key(entities(doc)) == key(doc.ents) and entities(doc) is entities(doc)  # built once
    for sent in doc.sents:
        assert key(entities_in(sent)) == key(sent.ents), sent.text
    # spans that cut an entity in two: Span.ents stops at the first entity that runs past the end
    for a, b in ((0, 7), (3, 40), (10, len(doc) - 5)):
        assert key(entities_in(doc[a:b])) == key(doc[a:b].ents), (a, b)
