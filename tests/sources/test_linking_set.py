"""The team-written linking set reads cleanly and its gold labels are complete and consistent."""

import csv
from collections import Counter
from pathlib import Path

from strife.model import Article
from strife.sources import read_paths

LINKING = Path(__file__).resolve().parents[1] / "data" / "linking"


def load_tsv(name):
    with open(LINKING / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_reports_read_and_gold_covers_them():
    articles = list(read_paths([LINKING / "reports.jsonl"]))
    assert all(isinstance(a, Article) for a in articles) and len(articles) >= 40
    assert all(a.published and a.source and a.url for a in articles)
    gold = load_tsv("gold.tsv")
    assert len(gold) == len(articles) == len({g["report_id"] for g in gold})
    clusters = {c["cluster_id"]: c for c in load_tsv("clusters.tsv")}
    assert {g["cluster_id"] for g in gold} == set(clusters)
    sizes = Counter(g["cluster_id"] for g in gold)
    for g in gold:
        assert g["role"] == clusters[g["cluster_id"]]["role"]
        if g["role"] == "distractor":
            assert sizes[g["cluster_id"]] == 1
    assert sum(1 for c in clusters.values() if c["role"] == "event") >= 12
    assert len({a.id for a in articles}) == len(articles)  # near-copies still differ


def test_founding_rewrite_does_not_copy_sentences(founding_path):
    founding = founding_path.read_text(encoding="utf-8")
    sentences = [s.strip() for s in founding.replace("\n", " ").split(". ") if len(s.strip()) > 30]
    for article in read_paths([LINKING / "reports.jsonl"]):
        for sentence in sentences:
            assert sentence not in article.text
