from datetime import date

import pytest

from strife.model import Article

pytestmark = pytest.mark.slow

ENGLISH = ("Raqqa - Levant Wire\nCoalition aircraft struck the town of Tabqa on Tuesday, killing "
           "at least 12 civilians, the Syrian Observatory for Human Rights said.")


def test_articles_in_another_language_are_stored_uncoded(pipeline):
    arabic = Article(text="قصفت طائرات التحالف مدينة الطبقة يوم الثلاثاء", lang="ar",
                     published=date(2017, 3, 22))
    english = Article(text=ENGLISH, published=date(2017, 3, 22))
    coded = list(pipeline.process_many([arabic, english, arabic]))
    assert [c.article.id for c in coded] == [arabic.id, english.id, arabic.id]
    assert coded[0].events == [] and "language" in coded[0].warnings[0]
    assert coded[1].events, "the English report of an air strike yields an event"
    assert pipeline.process(arabic).events == []


def test_process_and_process_many_agree(pipeline):
    article = Article(text=ENGLISH, published=date(2017, 3, 22))
    one = pipeline.process(article)
    [many] = list(pipeline.process_many([article]))
    assert [e.to_dict() for e in one.events] == [e.to_dict() for e in many.events]
