"""Where the time goes on real conflict news: CPU time per spaCy component and per Strife
stage, and the share of tokens in trigger sentences, their neighbours and the rest.

    python bench/components.py [--repeats 2] [--stock]

The corpus is ``bench/throughput.py``'s conflict-news corpus.  Components run one after the
other over the whole corpus (``pipe`` with batches of 16, as ``nlp.pipe`` does), timed in
CPU seconds of this process; the last repeat is reported (the lemmatizer's cache and the
attribute table's fill on the first).  ``--stock`` times the model without Strife's two
exact speed-ups (:mod:`strife.nlp.attributes`, :mod:`strife.nlp.matmul`).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def token_shares(articles) -> dict[str, float]:
    """Share of word tokens in pieces that may hold a trigger, in their neighbours
    (:func:`strife.candidates.pieces_to_parse`), in the head only, and elsewhere."""
    from strife.candidates import SENTENCES_AFTER, SENTENCES_BEFORE, sentence_pieces, trigger_filter
    from strife.nlp.pipeline import parsable_text
    from strife.windows import head_end

    filt = trigger_filter()
    counts = {"trigger": 0, "neighbour": 0, "head": 0, "rest": 0}
    for a in articles:
        text = parsable_text(a)
        pieces = sentence_pieces(text)
        head = max(head_end(text, a.body_start), a.body_start + 1)
        hit = [filt.verdict(text[s:e]) != "skip" for s, e in pieces]
        near = [any(hit[max(0, i - SENTENCES_AFTER): i + SENTENCES_BEFORE + 1]) for i in range(len(pieces))]
        for (s, e), h, n in zip(pieces, hit, near):
            kind = "trigger" if h else "neighbour" if n else "head" if s < head else "rest"
            counts[kind] += len(re.findall(r"\w+|[^\w\s]", text[s:e]))
    total = sum(counts.values())
    return {k: v / total for k, v in counts.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--stock", action="store_true", help="without the compiled attribute ruler and numpy BLAS")
    args = ap.parse_args(argv)

    from throughput import conflict_articles

    import strife.nlp.pipeline as nlp_pipeline
    from strife.config import Settings
    from strife.linking.document import resolve_document
    from strife.nlp.attributes import use_attribute_table
    from strife.nlp.matmul import use_matmul
    from strife.pipeline import Pipeline
    from strife.spark.rows import article_from_row

    if args.stock:
        for hook in (use_attribute_table, use_matmul):
            nlp_pipeline.COMPONENT_HOOKS.remove(hook)
    articles = [article_from_row(r) for r in conflict_articles()]
    pipeline = Pipeline(Settings(prefilter=False))
    nlp = pipeline.nlp
    texts = [nlp_pipeline.parsable_text(a) for a in articles]
    list(nlp.pipe(texts[:8]))
    for _ in range(args.repeats):
        times: dict[str, float] = {}
        t0 = time.process_time()
        docs = [nlp.make_doc(t) for t in texts]
        times["tokenizer"] = time.process_time() - t0
        for name, proc in nlp.pipeline:
            t0 = time.process_time()
            docs = list(proc.pipe(docs, batch_size=16)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            times[name] = time.process_time() - t0
    stages = dict.fromkeys(("parsed", "code", "geo", "dates", "background", "namer", "document"), 0.0)
    steps = [("code", pipeline.coder.code), ("geo", pipeline.geoparser.locate), ("dates", pipeline.dates.resolve),
             ("background", pipeline.background.mark), ("namer", pipeline.namer.name_events),
             ("document", resolve_document)]
    for article, doc in zip(articles, docs):
        t0 = time.process_time()
        coded = nlp_pipeline.to_parsed(article, doc)
        stages["parsed"] += time.process_time() - t0
        for name, step in steps:
            t0 = time.process_time()
            coded = step(coded)
            stages[name] += time.process_time() - t0
    n = len(articles)
    print(f"{n} conflict-news articles, {sum(len(d) for d in docs)} tokens; "
          f"{'stock model' if args.stock else 'Strife model'}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    for title, table in (("spaCy components", times), ("Strife stages", stages)):
        total = sum(table.values())
        print(f"{title}: {total:.2f} CPU-s ({1000 * total / n:.1f} ms per article)")
        for name, secs in table.items():
            print(f"  {name:26} {secs:6.2f} s  {100 * secs / total:5.1f} %  {1000 * secs / n:6.1f} ms/article")
    shares = token_shares(articles)
    print("tokens: " + ", ".join(f"{k} {v:.1%}" for k, v in shares.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
