import json
from datetime import date

from strife.model import Article, SourceError, content_id
from strife.sources import read_paths, read_text

STORY = "Beirut - Levant Wire\nGovernment forces broke the siege of the city last week, a monitor said.\n"


def only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def test_dateline_line_recognised_text_kept_whole():
    article = only(read_text(STORY, origin="story.txt"))
    assert isinstance(article, Article)
    assert article.text == STORY  # offsets into the full file text stay valid
    assert (article.dateline, article.source) == ("Beirut", "Levant Wire")
    assert article.text[article.body_start:].startswith("Government forces")
    assert article.id == content_id(STORY, "a")
    assert article.published is None and article.published_from is None


def test_sidecar_overrides_and_dates(tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text(json.dumps(
        {"published": "2017-09-14", "source": "Other Outlet", "title": "Siege broken",
         "url": "https://example.org/a"}), encoding="utf-8")
    article = only(read_paths([tmp_path / "story.txt"], published=date(2020, 1, 1)))
    assert article.published == date(2017, 9, 14) and article.published_from == "sidecar"
    assert (article.source, article.title, article.url) == ("Other Outlet", "Siege broken", "https://example.org/a")
    assert article.dateline == "Beirut"


def test_flag_date_only_when_none_of_its_own(tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    article = only(read_paths([tmp_path / "story.txt"], published=date(2017, 9, 14)))
    assert article.published == date(2017, 9, 14) and article.published_from == "flag"


def test_broken_sidecar_is_reported_and_article_still_read(tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text("{not json", encoding="utf-8")
    items = list(read_paths([tmp_path / "story.txt"]))
    assert [type(i) for i in items] == [SourceError, Article]
    assert items[0].origin.endswith("story.meta.json") and "sidecar" in items[0].reason


def test_bad_sidecar_date_keeps_article_without_date(tmp_path, caplog):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text('{"published": "the other day"}', encoding="utf-8")
    article = only(read_paths([tmp_path / "story.txt"]))
    assert isinstance(article, Article) and article.published is None
    assert "the other day" in caplog.text


def test_no_dateline_body_starts_at_zero():
    article = only(read_text("Government forces advanced on Thursday.\nMore text."))
    assert (article.dateline, article.source, article.body_start) == (None, None, 0)


def test_crlf_normalised_and_same_id_on_reread(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(STORY.replace("\n", "\r\n").encode())
    first, second = only(read_paths([path])), only(read_paths([path]))
    assert first.text == STORY and first.id == second.id


def test_founding_example(founding_path):
    article = only(read_paths([founding_path]))
    assert isinstance(article, Article)
    assert article.text == founding_path.read_text(encoding="utf-8")
    assert (article.dateline, article.source) == ("Beirut", "Arab Today")
    assert article.published == date(2017, 9, 14) and article.published_from == "sidecar"
    assert article.text[article.body_start:].startswith("A convoy")
    assert article.lang == "en"
