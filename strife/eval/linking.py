"""`strife eval linking DIR`: cluster quality of ingest's linking on a labelled set.

DIR holds ``reports.jsonl`` (articles) and ``gold.tsv`` (``report_id, cluster_id, ...``).
Every report is ingested in publication order into a temporary store through the
real pipeline and linker; a report's predicted cluster is the canonical event of
its main event (the most confident event of its first two event-bearing
sentences -- the lead, where news puts its main event).  Reports without any
event form their own cluster.  Prints pairwise precision/recall/F1 and B-cubed F1.

A second, looser pairwise score ("any_event") counts two reports as linked when
any of their events share a canonical event: it does not depend on which event
is taken as a report's main one, which matters when the coder finds one real
event twice in an article.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from strife.model import content_id


def _pair_scores(linked, gold: dict[str, str]) -> dict[str, float]:
    """Precision/recall/F1 over item pairs; ``linked(a, b)`` says if the system put them together."""
    tp = fp = fn = 0
    for a, b in combinations(sorted(gold), 2):
        same_p, same_g = linked(a, b), gold[a] == gold[b]
        tp += same_p and same_g
        fp += same_p and not same_g
        fn += same_g and not same_p
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """Pairwise precision/recall/F1: pairs of items put together by both, by either."""
    return _pair_scores(lambda a, b: pred[a] == pred[b], gold)


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision/recall/F1 (Bagga & Baldwin 1998), averaged over items."""
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for item in gold:
        by_pred[pred[item]].add(item)
        by_gold[gold[item]].add(item)
    p = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_pred[pred[i]]) for i in gold) / len(gold)
    r = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in gold) / len(gold)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def load_gold(directory: Path) -> tuple[list[dict], dict[str, str]]:
    records = [json.loads(line) for line in (directory / "reports.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip()]
    with (directory / "gold.tsv").open(encoding="utf-8", newline="") as f:
        gold = {row["report_id"]: row["cluster_id"] for row in csv.DictReader(f, delimiter="\t")}
    return records, gold


def pairwise_any(events_of: dict[str, set[str]], gold: dict[str, str]) -> dict[str, float]:
    """Pairwise scores where two reports are linked when their canonical event sets meet."""
    return _pair_scores(lambda a, b: bool(events_of.get(a, set()) & events_of.get(b, set())), gold)


def predicted_clusters(records: list[dict], pipeline=None) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Ingest the reports into a temporary store.

    Returns report id -> canonical event of its main event, and report id -> all its
    canonical events.
    """
    from strife.ingest import ingest
    from strife.pipeline import Pipeline
    from strife.sources import read_paths
    from strife.store import Store
    from strife.store.records import report_assignments

    pipeline = pipeline or Pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "reports.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        articles = sorted((a for a in read_paths([src]) if not hasattr(a, "reason")),
                          key=lambda a: (a.published or "", a.id))
        with Store(Path(tmp) / "eval.duckdb") as store:
            ingest(store, articles, pipeline, batch_size=1)  # one at a time: the incremental path
            rows = report_assignments(store.con)
    by_article = defaultdict(list)
    for aid, sent, conf, event_id in rows:
        by_article[aid].append((sent, conf, event_id))
    pred, events_of = {}, {}
    for r in records:
        aid = content_id(r["text"].replace("\r\n", "\n"), "a")
        events = by_article.get(aid)
        events_of[r["id"]] = {e[2] for e in events or ()}
        if not events:
            pred[r["id"]] = f"none:{r['id']}"
            continue
        lead = sorted({s for s, _, _ in events})[:2]
        main = max((e for e in events if e[0] in lead), key=lambda e: (e[1] or 0, -e[0]))
        pred[r["id"]] = main[2]
    return pred, events_of


def evaluate(directory: Path, pipeline=None) -> dict:
    records, gold = load_gold(directory)
    records = [r for r in records if r["id"] in gold]
    pred, events_of = predicted_clusters(records, pipeline)
    return {
        "reports": len(records),
        "gold_clusters": len(set(gold.values())),
        "predicted_clusters": len(set(pred.values())),
        "reports_without_event": sum(p.startswith("none:") for p in pred.values()),
        "pairwise": pairwise(pred, gold),
        "bcubed": bcubed(pred, gold),
        "any_event": pairwise_any(events_of, gold),
    }


def run_eval_linking(paths: list[Path], as_json: bool) -> dict:
    """Evaluate every labelled directory given; print a table unless ``as_json``."""
    results = {Path(p).name or str(p): evaluate(Path(p)) for p in paths}
    if not as_json:
        from rich.console import Console
        from rich.table import Table

        table = Table(title="linking")
        for col in ("set", "reports", "gold", "predicted", "no event", "pair P", "pair R", "pair F1",
                    "B3 F1", "any-event F1"):
            table.add_column(col)
        for name, r in results.items():
            table.add_row(name, str(r["reports"]), str(r["gold_clusters"]), str(r["predicted_clusters"]),
                          str(r["reports_without_event"]),
                          *(f"{r['pairwise'][k]:.3f}" for k in ("precision", "recall", "f1")),
                          f"{r['bcubed']['f1']:.3f}", f"{r['any_event']['f1']:.3f}")
        Console().print(table)
    return results
