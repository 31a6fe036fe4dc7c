import json
from datetime import date

from strife.model import Article, SourceError, content_id
from strife.sources import read_json, read_jsonl

REC = {"id": "r1", "url": "https://example.org/1", "title": "Clashes", "source": "Levant Wire",
       "published": "2017-03-21", "lang": "en",
       "text": "HAMA, Syria (Levant Wire) - Government forces and rebels clashed on Tuesday."}


def test_fields_mapped():
    [article] = list(read_jsonl(json.dumps(REC) + "\n", origin="f.jsonl"))
    assert (article.title, article.url, article.source) == ("Clashes", "https://example.org/1", "Levant Wire")
    assert article.published == date(2017, 3, 21) and article.published_from == "json"
    assert article.dateline == "Hama, Syria"
    assert article.text[article.body_start:].startswith("Government forces")
    assert article.origin == "f.jsonl:1"
    assert article.id == content_id(REC["text"], "a")  # content hash, not the record id


def test_bad_line_is_one_error_others_read():
    lines = [json.dumps(REC), '{"text": "cut off in the mid', "", json.dumps({**REC, "text": "Second."}),
             json.dumps({"title": "no text"}), "[1, 2]"]
    items = list(read_jsonl("\n".join(lines), origin="f.jsonl"))
    errors = [i for i in items if isinstance(i, SourceError)]
    assert [e.origin for e in errors] == ["f.jsonl:2", "f.jsonl:5", "f.jsonl:6"]
    assert "truncated" in errors[0].reason and "no text" in errors[1].reason
    assert [a.text for a in items if isinstance(a, Article)] == [REC["text"], "Second."]


def test_unreadable_date_keeps_article(caplog):
    [article] = list(read_jsonl(json.dumps({**REC, "published": "last spring"})))
    assert isinstance(article, Article) and article.published is None
    assert "last spring" in caplog.text


def test_flag_fills_missing_date_only():
    no_date = {k: v for k, v in REC.items() if k != "published"}
    items = list(read_jsonl(json.dumps(REC) + "\n" + json.dumps({**no_date, "text": "Other."}),
                            published=date(2018, 1, 1)))
    assert [(a.published, a.published_from) for a in items] == [
        (date(2017, 3, 21), "json"), (date(2018, 1, 1), "flag")]


def test_json_object_array_and_wrapper():
    assert [a.title for a in read_json(json.dumps(REC))] == ["Clashes"]
    items = list(read_json(json.dumps([REC, 5, {**REC, "text": "Two."}]), origin="f.json"))
    assert [type(i) for i in items] == [Article, SourceError, Article]
    assert items[1].origin == "f.json#2"
    assert len(list(read_json(json.dumps({"articles": [REC, REC]})))) == 2


def test_json_that_is_really_json_lines():
    items = list(read_json(json.dumps(REC) + "\n" + json.dumps(REC)))
    assert all(isinstance(i, Article) for i in items) and len(items) == 2


def test_json_errors():
    [err] = list(read_json("[]", origin="e.json"))
    assert isinstance(err, SourceError) and "no articles" in err.reason
    [err] = list(read_json('{"text": ', origin="e.json"))
    assert "invalid JSON" in err.reason
    [err] = list(read_json("[" * 100_000, origin="deep.json"))
    assert isinstance(err, SourceError)


def test_non_string_text_and_metadata():
    [err] = list(read_jsonl(json.dumps({"text": ["a", "b"]})))
    assert isinstance(err, SourceError) and "list" in err.reason
    [article] = list(read_jsonl(json.dumps({"text": "Body.", "title": 42, "source": {"x": 1}})))
    assert article.title == "42" and article.source is None


def test_garbage_file_gives_up_early():
    items = list(read_jsonl("\n".join(["not json"] * 500), origin="g.jsonl"))
    assert len(items) <= 22 and "gave up" in items[-1].reason
