"""The bundled examples all read cleanly, each with its own publication date."""

from pathlib import Path

from strife.model import Article
from strife.sources import read_paths

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_examples_read_without_errors_and_dated():
    items = list(read_paths([EXAMPLES]))
    assert all(isinstance(i, Article) for i in items), [i for i in items if not isinstance(i, Article)]
    assert len(items) >= 8
    assert all(a.published is not None and a.published.year == 2017 for a in items)
    assert {a.published_from for a in items} >= {"sidecar", "dateline", "json", "html-meta", "feed", "csv"}
    assert all(a.source for a in items)
    assert len({a.id for a in items}) == len(items)


def test_examples_do_not_copy_the_founding_example(shared_dir):
    founding = (shared_dir / "examples" / "arab-today-deir-ezzor-convoy.txt").read_text(encoding="utf-8")
    sentences = [s.strip() for s in founding.replace("\n", " ").split(". ") if len(s.strip()) > 40]
    for article in read_paths([EXAMPLES]):
        for sentence in sentences:
            assert sentence not in article.text
