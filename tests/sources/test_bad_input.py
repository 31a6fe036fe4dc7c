"""The bad-input corpus (tests/data/bad): every file is reported, every good article still read."""

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from strife.model import Article, SourceError
from strife.sources import read_paths

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
GOOD = "Hama - Orontes Post\nGovernment forces and rebels clashed north of Hama on Tuesday.\n"

EXPECTED = {  # file -> words the reason must contain
    "empty.txt": "empty",
    "binary.txt": "binary",
    "invalid-utf8.txt": "invalid UTF-8",
    "no-body.html": "no body text",
    "empty-feed.rss": "feed has no items",
    "no-text-column.csv": "no text column",
    "truncated.jsonl:3": "truncated",
}


@pytest.fixture
def batch(tmp_path):
    folder = tmp_path / "batch"
    shutil.copytree(BAD, folder)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "huge.txt").write_bytes(b"A" * (20 * 1024 * 1024))  # one 20 MB line, made here, not committed
    (folder / "huge.jsonl").write_bytes(b'{"text": "' + b"B" * (20 * 1024 * 1024) + b'"}\n{"text": "After."}\n')
    return folder


def test_every_bad_file_reported_every_good_article_read(batch):
    items = list(read_paths([batch]))
    errors = {Path(e.origin).name: e.reason for e in items if isinstance(e, SourceError)}
    for name, words in EXPECTED.items():
        assert name in errors, f"{name} not reported: {errors}"
        assert words in errors[name]
    assert "too large" in errors["huge.txt"] and "20,971,520 bytes" in errors["huge.txt"]
    assert "too large" in errors["huge.jsonl:1"]
    texts = [a.text for a in items if isinstance(a, Article)]
    assert GOOD in texts and "After." in texts
    assert len([t for t in texts if "Government forces and rebels clashed" in t]) == 2  # good.txt + jsonl line 1
    assert all(isinstance(i, (Article, SourceError)) for i in items)
    assert all(e.origin.startswith(str(batch)) for e in items if isinstance(e, SourceError))


def test_cp1256_file_is_decoded_not_lost(caplog):
    [article] = list(read_paths([BAD / "cp1256.txt"]))
    assert isinstance(article, Article)
    assert "اشتباكات" in article.text and article.lang == "ar"
    assert article.dateline == "حلب"
    assert "cp1256" in caplog.text


def test_limit_is_configurable(tmp_path, monkeypatch):
    path = tmp_path / "mid.txt"
    path.write_text("word " * 400, encoding="utf-8")
    [err] = list(read_paths([path], max_bytes=1000))
    assert isinstance(err, SourceError) and "2,000 bytes" in err.reason
    monkeypatch.setenv("STRIFE_MAX_ARTICLE_BYTES", "1000")
    assert isinstance(next(read_paths([path])), SourceError)
    assert isinstance(next(read_paths([path], max_bytes=10_000)), Article)


SUFFIXES = [".txt", ".jsonl", ".json", ".html", ".rss", ".xml", ".csv", ".tsv", ""]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=600),
                      st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
                      st.sampled_from([b"<rss><channel><item>", b'{"text": 1}', b"text\n\x00",
                                       b"<html><body><p>", b"[{\"text\": \"a\"}, 3"])),
       suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_never_crash(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    for item in read_paths([path]):
        assert isinstance(item, (Article, SourceError))
        if isinstance(item, Article):
            assert item.text.strip() and 0 <= item.body_start <= len(item.text)
        else:
            assert item.origin.startswith(str(path)) and item.reason
