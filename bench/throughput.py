"""Throughput of Strife against the bare spaCy baseline, 1 and 2 processes and on Spark.

    python bench/throughput.py --conflict --repeats 3            # real conflict news
    python bench/throughput.py -n 400 --repeats 3 [--spark] [--gold ../shared/gold/events/case2021-task2-snippets.tsv]
        [--news ../shared/gold/geo/lgl.xml ../shared/gold/geo/TR-News.xml ../shared/gold/geo/GeoVirus.xml]

Two corpora: ``--conflict``, real conflict news (:func:`conflict_articles`: CASE 2021 snippets
of ACLED event types joined into texts of about 430 tokens, the founding example, the
bundled ``examples/`` and the real-news regression corpus), or by default the generated mix
of ``bench/corpus.py`` (70 % non-conflict news).  For each mode it measures wall articles/s,
articles per CPU-second (the process, its finished children and its live worker processes:
less sensitive than wall time to other load on the machine) and peak RSS (the whole process
tree) for

  (a) ``bare``: ``nlp.pipe`` of the same spaCy model over every article (the baseline every
      spaCy-based coder pays), n_process 1 and 2;
  (a') ``tuned``: the same with Strife's two exact speed-ups of the model itself (the compiled
      attribute ruler, :mod:`strife.nlp.attributes`; the encoders on numpy's BLAS,
      :mod:`strife.nlp.matmul`): how much of the (b)/(a) ratio those alone make;
  (b) ``full``: the Strife pipeline (parse, code, geo, time) with no filter: every sentence of
      every article parsed; with 2 processes each worker runs every stage;
  (b+f) ``filtered``: the article-level candidate filter (``strife.candidates``) in front;
  (b+s) ``sentences``: the article filter and the sentence filter (only sentences that may
      hold an event and their neighbours are parsed): Strife's default;
  (b+c) ``context``: the opt-in context tier (ambiguous triggers need a conflict-context word);

and beside every filtered figure the events of the ``full`` run that the filtered run loses
or changes (any coded field: :func:`event_fields`), then the (b)/(a) ratios.  ``--news``
counts what each tier skips on real news (the geo gold XML files: article text only) and
``--gold`` what it loses on CASE 2021.  With ``--spark``: ``spark-extract`` articles/s on
local[1] and local[2].  Every measurement runs in a fresh subprocess (so peak RSS is its
own); model loading is excluded from the timings and reported apart.  Medians over ``--repeats``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

MODES = ("bare-1", "bare-2", "tuned-1", "tuned-2", "full-1", "full-2", "filtered-1", "filtered-2",
         "sentences-1", "sentences-2", "context-1", "context-2")


# ---------------------------------------------------------------- measuring
class PeakRSS:
    """Samples the summed RSS of this process and all its descendants (Linux /proc)."""

    def __init__(self, interval: float = 0.1):
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _tree_rss(root: int) -> int:
        children: dict[int, list[int]] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    stat = fh.read()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                with open(f"/proc/{entry}/statm") as fh:
                    rss[int(entry)] = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
        total, todo = 0, [root]
        while todo:
            pid = todo.pop()
            total += rss.get(pid, 0)
            todo += children.get(pid, [])
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._tree_rss(os.getpid()))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._tree_rss(os.getpid()))


def _articles(corpus: Path):
    from strife.spark.rows import article_from_row

    with open(corpus, encoding="utf-8") as fh:
        return [article_from_row(json.loads(line)) for line in fh if line.strip()]


def _bare_model():
    import importlib

    from strife.config import Settings
    from strife.nlp.pipeline import _PACKAGE_ALIASES

    model = Settings().model
    for name in _PACKAGE_ALIASES.get(model, (model,)):
        try:
            return importlib.import_module(name).load()
        except ImportError:
            continue
    import spacy

    return spacy.load(model)


def _cpu_seconds() -> float:
    """CPU time of this process, its finished children (spaCy workers once joined) and its
    live descendants (Strife's worker processes, read from /proc)."""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime + _live_descendants_cpu()


def _live_descendants_cpu() -> float:
    tick = os.sysconf("SC_CLK_TCK")
    parent_of, cpu = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent_of[int(entry)] = int(fields[1])
        cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    me, total = os.getpid(), 0.0
    for pid in cpu:
        p = parent_of.get(pid)
        while p and p != me:
            p = parent_of.get(p)
        if p == me:
            total += cpu[pid]
    return total


#: Pipeline modes: (article-level candidate filter, sentence filter).  "full": neither (every
#: sentence of every article parsed); "filtered": the article filter (trigger tier);
#: "sentences": both, Strife's default; "context": the opt-in context tier, no sentence filter.
PIPELINE_MODES = {"full": (False, False), "filtered": (True, False), "sentences": (True, True),
                  "context": ("context", False)}


def measure(mode: str, corpus: Path, batch_size: int | None = None) -> dict:
    """One timed run of ``mode`` over the corpus (run in a fresh process)."""
    kind, n_process = mode.rsplit("-", 1)
    n_process = int(n_process)
    articles = _articles(corpus)
    started = time.perf_counter()
    events, digests, parsed = 0, [], len(articles)
    with PeakRSS() as rss:
        if kind in ("bare", "tuned"):
            nlp = _bare_model()
            if kind == "tuned":
                from strife.nlp.attributes import use_attribute_table
                from strife.nlp.matmul import use_matmul

                use_attribute_table(nlp, {})
                use_matmul(nlp, {})
            loaded = time.perf_counter()
            list(nlp.pipe([a.text for a in articles[:8]], batch_size=16))  # warm-up
            t0, cpu0 = time.perf_counter(), _cpu_seconds()
            for _ in nlp.pipe([a.text for a in articles], batch_size=batch_size or 16, n_process=n_process):
                pass
        else:
            from strife.config import Settings
            from strife.pipeline import Pipeline

            prefilter, sentence_filter = PIPELINE_MODES[kind]
            pipeline = Pipeline(Settings(prefilter=prefilter, sentence_filter=sentence_filter))
            loaded = time.perf_counter()
            batch = {"batch_size": batch_size} if batch_size else {}
            list(pipeline.process_many(articles[:4 * n_process], n_process=n_process, batch_size=2))  # warm-up
            t0, cpu0 = time.perf_counter(), _cpu_seconds()
            for coded in pipeline.process_many(articles, n_process=n_process, **batch):
                events += len(coded.events)
                digests.append(sorted(_digest(e) for e in coded.events))
        elapsed, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
        if kind not in ("bare", "tuned"):
            pipeline.close()
            parsed = sum(pipeline.may_hold_events(a) for a in articles)
    return {"mode": mode, "articles": len(articles), "seconds": elapsed, "cpu_seconds": cpu,
            "load_seconds": loaded - started,
            "peak_rss_mb": rss.peak / 2**20, "events": events, "digests": digests, "parsed": parsed}


def _digest(ev) -> str:
    """One event, every compared field (see :func:`event_fields`), as a short hash."""
    import hashlib

    return hashlib.sha256(json.dumps(event_fields(ev), sort_keys=True, default=str).encode()).hexdigest()[:16]


def lost_events(reference: dict, other: dict) -> int:
    """Events of the ``reference`` run (every sentence parsed) that the ``other`` run does not
    give with every field equal."""
    from collections import Counter

    lost = 0
    for a, b in zip(reference["digests"], other["digests"]):
        lost += sum((Counter(a) - Counter(b)).values())
    return lost


def measure_spark(master: str, corpus: Path, repeats: int) -> list[dict]:
    """spark-extract over the corpus on ``master``: a warm-up job, then ``repeats`` timed jobs."""
    from strife.spark.job import read_articles, spark_session, write_outputs

    with PeakRSS() as rss:
        t0 = time.perf_counter()
        spark = spark_session(master, "strife-bench", conf={
            "spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4",
            "spark.driver.host": "127.0.0.1", "spark.driver.memory": "2g"})
        spark.sparkContext.setLogLevel("ERROR")
        started = time.perf_counter() - t0
        cores = spark.sparkContext.defaultParallelism
        out = []
        with tempfile.TemporaryDirectory() as tmp:
            from strife.spark.job import extract

            df = read_articles(spark, str(corpus), "json").cache()
            n = df.count()
            t0 = time.perf_counter()  # warm-up: every Python worker loads the pipeline once
            write_outputs(extract(df.limit(4 * cores), partitions=cores), f"{tmp}/warm")
            warm = time.perf_counter() - t0
            for i in range(repeats):
                t0 = time.perf_counter()
                write_outputs(extract(df, partitions=2 * cores), f"{tmp}/run{i}")
                out.append({"mode": f"spark {master}", "articles": n, "seconds": time.perf_counter() - t0,
                            "session_seconds": started, "warmup_seconds": warm})
        spark.stop()
    for row in out:
        row["peak_rss_mb"] = rss.peak / 2**20
    return out


# ---------------------------------------------------------------- comparing outputs
#: EventRecord fields left out of the comparison: the index of the trigger's sentence counts
#: the Doc's sentences, and an unparsed piece is one sentence where the parser may see two
#: (the sentence itself, its text and offsets, are compared through ``sentence_key``).
NOT_COMPARED = ("sentence_index",)


def event_fields(ev) -> dict:
    """Every coded field of an event, evidence as sorted (field, start, end, text) tuples."""
    d = ev.to_dict()
    for name in NOT_COMPARED:
        d.pop(name, None)
    d["evidence"] = sorted((e["field"], e["start"], e["end"], e["text"], e["note"], round(e["confidence"], 6))
                           for e in d["evidence"])
    return d


def differences(plain, other) -> list[tuple]:
    """(article id, event id, field, plain value, other value) for every event field that
    differs between two runs over the same articles (field "event": present in one run only)."""
    from strife.linking.events import set_sentence_keys

    out = []
    for p, o in zip(plain, other):
        set_sentence_keys(p)
        set_sentence_keys(o)
        a = {e.event_id_cnty: event_fields(e) for e in p.events}
        b = {e.event_id_cnty: event_fields(e) for e in o.events}
        for key in sorted(a.keys() | b.keys()):
            if key not in a or key not in b:
                out.append((p.article.id, key, "event", a.get(key, {}).get("trigger"), b.get(key, {}).get("trigger")))
                continue
            out += [(p.article.id, key, f, a[key][f], b[key][f]) for f in a[key] if a[key][f] != b[key][f]]
    return out


# ---------------------------------------------------------------- the conflict-news corpus
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
CASE = SHARED / "gold" / "events" / "case2021-task2-snippets.tsv"
FOUNDING = SHARED / "examples" / "arab-today-deir-ezzor-convoy.txt"
#: CASE 2021 labels outside ACLED's taxonomy (crime, disasters, diplomacy, attribution, other).
NOT_CONFLICT = {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB", "OTHER"}
ARTICLE_TOKENS = 430


def conflict_articles(tokens: int = ARTICLE_TOKENS) -> list[dict]:
    """Real conflict news, as JSON records: the CASE 2021 snippets of ACLED event types joined
    in file order into texts of about ``tokens`` words (one paragraph per snippet), the
    founding example, the bundled examples (``examples/``) and the real-news regression
    corpus (``tests/data/realnews``, whose articles live in ``../shared/examples``)."""
    import csv

    from strife.sources import read_paths
    from strife.model import Article

    records: list[dict] = []
    if CASE.exists():
        with open(CASE, encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["SubType"] not in NOT_CONFLICT]
        parts: list[str] = []
        n = 0
        for row in rows:
            parts.append(row["EventSnippet"].strip())
            n += len(parts[-1].split()) * 1.2  # spaCy tokens per word in news text, about
            if n >= tokens:
                records.append({"text": "\n\n".join(parts), "source": "CASE 2021 (joined snippets)"})
                parts, n = [], 0
    paths = [FOUNDING, ROOT / "examples", *sorted((ROOT / "tests" / "data" / "realnews").glob("*.txt"))]
    for a in read_paths([p for p in paths if p.exists()]):
        if isinstance(a, Article):  # as the reader made it (dateline, body start, publication date)
            records.append({"text": a.text, "title": a.title, "url": a.url, "source": a.source,
                            "published": a.published.isoformat() if a.published else None,
                            "lang": a.lang, "dateline": a.dateline, "body_start": a.body_start,
                            "origin": a.origin})
    return records


# ---------------------------------------------------------------- reporting
def _child(args: list[str]) -> list[dict]:
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"{args}: {proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def corpus_tokens(corpus: Path) -> int:
    from strife.nlp import load_nlp

    tok = load_nlp().tokenizer
    return sum(len(tok(a.text)) for a in _articles(corpus))


def gold_loss(path: Path, context: bool = False) -> dict:
    """CASE 2021 snippets through the coder with and without the filter: events lost, and
    the gold labels of the snippets whose events were lost."""
    import csv

    from strife.candidates import could_contain_event
    from strife.config import Settings
    from strife.model import Article
    from strife.pipeline import Pipeline

    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    articles = [Article(text=r["EventSnippet"]) for r in rows]
    out = {"tier": "context" if context else "trigger", "snippets": len(rows), "rejected": 0,
           "events_without_filter": 0, "events_with_filter": 0, "lost_by_label": {}}
    for row, article, coded in zip(rows, articles, Pipeline(Settings(prefilter=False)).process_many(articles)):
        keep = could_contain_event(article.text, context=context)
        out["events_without_filter"] += len(coded.events)
        if keep:
            out["events_with_filter"] += len(coded.events)
        else:
            out["rejected"] += 1
            if coded.events:
                label = row["SubType"]
                out["lost_by_label"][label] = out["lost_by_label"].get(label, 0) + 1
    out["events_lost"] = out["events_without_filter"] - out["events_with_filter"]
    return out


def news_skips(paths: list[Path]) -> list[dict]:
    """How many real news articles (geo gold XML, text only) each tier skips (no parsing)."""
    import xml.etree.ElementTree as ET

    from strife.candidates import trigger_filter

    out = []
    for path in paths:
        texts = [a.findtext("text") or "" for a in ET.parse(path).getroot().iter("article")]
        row = {"file": path.name, "articles": len(texts)}
        for context in (False, True):
            filt = trigger_filter(context=context)
            row["skipped_" + ("context" if context else "trigger")] = sum(
                not filt.could_contain_event(t) for t in texts)
        out.append(row)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Strife throughput benchmark")
    ap.add_argument("-n", type=int, default=400, help="articles in the generated corpus")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--corpus", type=Path, help="use this JSONL corpus instead of generating one")
    ap.add_argument("--modes", default=",".join(MODES), help=f"comma list of {', '.join(MODES)}")
    ap.add_argument("--conflict", action="store_true",
                    help="real conflict news instead of the generated mix (see conflict_articles)")
    ap.add_argument("--spark", action="store_true", help="also Spark local[1] vs local[2]")
    ap.add_argument("--gold", type=Path, help="CASE 2021 snippets TSV: count events the filter loses")
    ap.add_argument("--news", type=Path, nargs="*", default=[],
                    help="geo gold XML files of real news: count the articles each filter tier skips")
    ap.add_argument("--batch-size", type=int, help="nlp.pipe batch size (default: Pipeline.process_many's)")
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    ap.add_argument("--measure-spark", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.measure:
        print(json.dumps([measure(args.measure, args.corpus, args.batch_size)]))
        return 0
    if args.measure_spark:
        print(json.dumps(measure_spark(args.measure_spark, args.corpus, args.repeats)))
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if corpus is None:
            from corpus import generate, write_jsonl

            corpus = Path(tmp) / "corpus.jsonl"
            write_jsonl(conflict_articles() if args.conflict else generate(args.n), corpus)
        print("corpus:", args.corpus or ("real conflict news (CASE 2021 snippets joined to ~430 tokens, the founding "
                                         "example, examples/, tests/data/realnews)" if args.conflict else
                                         f"generated mix (bench/corpus.py, -n {args.n})"),
              time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), flush=True)
        tokens = corpus_tokens(corpus)
        n_articles = len(_articles(corpus))
        print(f"corpus: {n_articles} articles, {tokens} tokens ({tokens / n_articles:.0f}/article), "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)
        results: dict[str, list[dict]] = {}
        for mode in [m for m in args.modes.split(",") if m]:
            child = ["--measure", mode, "--corpus", str(corpus)]
            if args.batch_size:
                child += ["--batch-size", str(args.batch_size)]
            results[mode] = [_child(child)[0] for _ in range(args.repeats)]
            _print_row(mode, results[mode], tokens, results.get(f"full-{mode.rsplit('-', 1)[1]}"))
        if args.spark:
            for master in ("local[1]", "local[2]"):
                runs = _child(["--measure-spark", master, "--corpus", str(corpus), "--repeats", str(args.repeats)])
                results[f"spark {master}"] = runs
                _print_row(f"spark {master}", runs, tokens)
        _print_ratios(results)
        for row in news_skips(args.news):
            print("candidate filter on real news:", json.dumps(row), flush=True)
        if args.gold:
            for context in (False, True):
                print("candidate filter on the gold snippets:", json.dumps(gold_loss(args.gold, context)), flush=True)
    return 0


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _print_row(mode: str, runs: list[dict], tokens: int, reference: list[dict] | None = None) -> None:
    secs = _median(runs, "seconds")
    extra = ""
    if "parsed" in runs[0] and not mode.startswith(("bare", "tuned")):
        extra = f"  parsed {runs[0]['parsed']}/{runs[0]['articles']}  events {runs[0]['events']}"
        if reference and not mode.startswith("full"):
            extra += f" (lost {lost_events(reference[0], runs[0])} of {reference[0]['events']})"
    if "cpu_seconds" in runs[0]:
        extra += f"  {runs[0]['articles'] / _median(runs, 'cpu_seconds'):.2f} articles/CPU-s"
    if "load_seconds" in runs[0]:
        extra += f"  load {_median(runs, 'load_seconds'):.1f}s"
    if "warmup_seconds" in runs[0]:
        extra += f"  session {runs[0]['session_seconds']:.1f}s  warm-up {runs[0]['warmup_seconds']:.1f}s"
    print(f"{mode:>16}: {runs[0]['articles'] / secs:7.2f} articles/s  {tokens / secs:9.0f} tokens/s  "
          f"peak RSS {_median(runs, 'peak_rss_mb'):6.0f} MB  (median of {len(runs)}: "
          f"{', '.join(format(r['seconds'], '.1f') + 's' for r in runs)}){extra}", flush=True)


def _print_ratios(results: dict[str, list[dict]]) -> None:
    rate = {m: runs[0]["articles"] / _median(runs, "seconds") for m, runs in results.items()}
    per_cpu = {m: runs[0]["articles"] / _median(runs, "cpu_seconds") for m, runs in results.items()
               if "cpu_seconds" in runs[0]}
    for k in ("1", "2"):
        full = results.get(f"full-{k}")
        for kind in ("filtered", "sentences", "context"):
            runs = results.get(f"{kind}-{k}")
            if full and runs:
                print(f"{kind}-{k}: skipped {runs[0]['articles'] - runs[0]['parsed']}/{runs[0]['articles']} "
                      f"articles, events {runs[0]['events']} of {full[0]['events']} "
                      f"(lost or changed {lost_events(full[0], runs[0])})")
    for k in ("1", "2"):
        for ref in ("bare", "tuned"):
            base = rate.get(f"{ref}-{k}")
            for kind in ("tuned", "full", "filtered", "sentences", "context"):
                m = f"{kind}-{k}"
                if base and m in rate and kind != ref and not (ref == "tuned" and kind == "tuned"):
                    cpu = f", articles/CPU-s {per_cpu[m] / per_cpu[f'{ref}-{k}']:.2f}" if m in per_cpu else ""
                    print(f"ratio ({m})/({ref}-{k}): articles/s {rate[m] / base:.2f}{cpu}")
    if "spark local[1]" in rate and "spark local[2]" in rate:
        print(f"spark scaling local[2]/local[1]: {rate['spark local[2]'] / rate['spark local[1]']:.2f}")


if __name__ == "__main__":
    sys.exit(main())
