import io
import json
import sys

from strife.model import Article, SourceError
from strife.sources import READERS, read_paths, register_reader, sniff
from strife.sources.feed import read_feed_input
from strife.sources.html import read_html_input
from strife.sources.jsonrecords import read_json_input, read_jsonl_input
from strife.sources.text import read_text_input


def test_directory_sorted_recursive_skips_hidden_sidecars_unknown(tmp_path):
    (tmp_path / "b.txt").write_text("Second story.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First story.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"title": "A"}', encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("Hidden too.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("Not an article.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.jsonl").write_text(json.dumps({"text": "Third story."}), encoding="utf-8")
    items = list(read_paths([tmp_path]))
    assert [a.text for a in items] == ["First story.", "Second story.", "Third story."]
    assert items[0].title == "A"


def test_missing_path_and_good_ones_still_read(tmp_path):
    (tmp_path / "a.txt").write_text("Story.", encoding="utf-8")
    items = list(read_paths([tmp_path / "nope.txt", tmp_path / "a.txt"]))
    assert isinstance(items[0], SourceError) and "no such file" in items[0].reason
    assert isinstance(items[1], Article)


def test_stdin_is_sniffed(monkeypatch):
    lines = json.dumps({"text": "One."}) + "\n" + json.dumps({"text": "Two."}) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    items = list(read_paths(["-"]))
    assert [a.text for a in items] == ["One.", "Two."]
    assert items[0].origin == "<stdin>:1"


def test_sniffing():
    assert sniff(b'<?xml version="1.0"?><rss version="2.0">') is read_feed_input
    assert sniff(b"\xef\xbb\xbf  <feed xmlns='http://www.w3.org/2005/Atom'>") is read_feed_input
    assert sniff(b"<!DOCTYPE html><html>") is read_html_input
    assert sniff(b'{"text": "a"}\n{"text": "b"}') is read_jsonl_input
    assert sniff(b'{\n  "text": "a"\n}') is read_json_input
    assert sniff(b"[{}]") is read_json_input
    assert sniff(b"Beirut - Arab Today\n") is read_text_input


def test_unknown_extension_given_explicitly_is_sniffed(tmp_path):
    path = tmp_path / "feed.download"
    path.write_text("<rss version='2.0'><channel><title>T</title><item><title>i</title>"
                    "<description>Item text.</description></item></channel></rss>", encoding="utf-8")
    [article] = list(read_paths([path]))
    assert article.text == "Item text." and article.source == "T"


def test_xml_that_is_not_a_feed(tmp_path):
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><config><a>1</a></config>", encoding="utf-8")
    [err] = list(read_paths([path]))
    assert isinstance(err, SourceError)


def test_register_reader(tmp_path, monkeypatch):
    monkeypatch.setitem(READERS, ".eml", READERS[".txt"])  # restored after the test
    def shout(inp):
        yield Article(text=inp.read_bytes().decode().upper(), origin=inp.origin)
    register_reader("eml", shout)
    (tmp_path / "m.eml").write_text("hello", encoding="utf-8")
    assert [a.text for a in read_paths([tmp_path])] == ["HELLO"]


def test_reader_bug_becomes_source_error(tmp_path, monkeypatch):
    monkeypatch.setitem(READERS, ".boom", READERS[".txt"])
    def broken(inp):
        raise KeyError("oops")
        yield
    register_reader(".boom", broken)
    (tmp_path / "x.boom").write_text("x", encoding="utf-8")
    (tmp_path / "y.txt").write_text("Fine.", encoding="utf-8")
    items = list(read_paths([tmp_path]))
    assert isinstance(items[0], SourceError) and "KeyError" in items[0].reason
    assert isinstance(items[1], Article)


def test_single_path_string_is_one_path(tmp_path):
    (tmp_path / "a.txt").write_text("Story.", encoding="utf-8")
    assert [a.text for a in read_paths(str(tmp_path))] == ["Story."]
