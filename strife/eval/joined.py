"""`strife eval joined CASE.tsv`: real snippets joined into articles -- one event per incident?

The real-news issue asks for a corpus of full-length articles the team did not write, and,
failing licensable ones, for the longest CASE snippets joined by topic.  This builds that
corpus at eval time from the CASE 2021 TSV (nothing of it is copied into the repo): the
rows of one split (``strife.eval.split``, the same cut as ``strife eval events``) are
grouped by topic -- the ACLED event type of their gold label -- taken longest first, and
joined :data:`SNIPPETS_PER_ARTICLE` to an article, one paragraph each, with one snippet that
reports no ACLED event (disaster, crime, diplomacy) as the last paragraph while they last.

Each event snippet tells one incident, as CASE's annotators labelled it; a non-event
snippet tells none.  The article goes through the full pipeline, and its news events (not
background, with a sub-event type) are assigned to the snippet that holds their trigger.
Per event snippet: *found* (an event in it), *main sub-event right* (the coder's main event
among those in the snippet, by ``coding.primary_event``'s rule), *events per snippet*; per
article: *merged* events (one event whose trigger and other mentions lie in two or more
snippets: different incidents told as one) and events on non-event snippets.  The same
snippets coded alone give the baseline, so the difference is what the article context does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from strife.coding import primary_event
from strife.coding.taxonomy import EVENT_TYPE_OF
from strife.eval.events import CASE_NON_EVENTS, CASE_TO_ACLED, CoderRunner, read_case_tsv
from strife.eval.split import select
from strife.model import Article, CodedArticle, EventRecord, ParsedArticle

SNIPPETS_PER_ARTICLE = 4
PARAGRAPH = "\n\n"


@dataclass
class Snippet:
    row_id: str
    text: str
    gold: str | None  # ACLED sub-event type; None for a non-event snippet
    start: int = 0  # offsets in the joined article
    end: int = 0


@dataclass
class JoinedArticle:
    article: Article
    topic: str
    snippets: list[Snippet]

    def snippet_at(self, offset: int) -> int | None:
        for i, s in enumerate(self.snippets):
            if s.start <= offset < s.end:
                return i
        return None


def gold_sub_event(code: str) -> str | None:
    """A CASE label as an ACLED sub-event type (None for the non-event classes)."""
    code = code.strip()
    return None if code in CASE_NON_EVENTS else CASE_TO_ACLED.get(code)


def join(rows: list[dict[str, str]], per_article: int = SNIPPETS_PER_ARTICLE) -> list[JoinedArticle]:
    """Articles of ``per_article`` event snippets of one event type, longest first, each closed
    by a non-event snippet while there are any (deterministic: ties keep file order)."""
    def longest_first(items: list[Snippet]) -> list[Snippet]:
        return sorted(items, key=lambda s: -len(s.text))

    snippets = [Snippet(r["id"], " ".join(r["EventSnippet"].split()), gold_sub_event(r["SubType"])) for r in rows]
    fillers = longest_first([s for s in snippets if s.gold is None])
    topics: dict[str, list[Snippet]] = {}
    for s in snippets:
        if s.gold is not None:
            topics.setdefault(EVENT_TYPE_OF[s.gold], []).append(s)
    out = []
    for topic in sorted(topics):
        ordered = longest_first(topics[topic])
        for i in range(0, len(ordered) - per_article + 1, per_article):
            parts = ordered[i:i + per_article] + ([fillers.pop(0)] if fillers else [])
            pos, texts = 0, []
            for s in parts:
                s.start, s.end = pos, pos + len(s.text)
                texts.append(s.text)
                pos = s.end + len(PARAGRAPH)
            aid = "case-joined-" + "-".join(s.row_id for s in parts)
            out.append(JoinedArticle(Article(text=PARAGRAPH.join(texts), id=aid), topic, parts))
    return out


def news_events(coded: CodedArticle) -> list[EventRecord]:
    return [e for e in coded.events if e.sub_event_type and not e.background]


def _main(coded: CodedArticle, events: list[EventRecord]) -> EventRecord | None:
    return primary_event(CodedArticle(ParsedArticle(coded.article, doc=None), events=events))


def score(joined: list[JoinedArticle], coded: list[CodedArticle], alone: list[CodedArticle]) -> dict[str, Any]:
    """The figures of the module docstring, in the article and for the snippets coded alone."""
    found, right, counts, merged, noise, total_events = [], [], [], 0, 0, 0
    found_alone, right_alone, counts_alone, noise_alone = [], [], [], 0
    k = 0
    for art, c in zip(joined, coded):
        events = news_events(c)
        total_events += len(events)
        by_snippet: dict[int, list[EventRecord]] = {}
        for ev in events:
            at = art.snippet_at(ev.trigger_start)
            if at is not None:
                by_snippet.setdefault(at, []).append(ev)
            told = {art.snippet_at(ev.trigger_start)} | {art.snippet_at(e.start) for e in ev.evidence
                                                         if e.field == "mention"}
            merged += len(told - {None}) > 1
        for i, s in enumerate(art.snippets):
            own, solo_coded = by_snippet.get(i, []), alone[k]
            solo = news_events(solo_coded)
            k += 1
            if s.gold is None:
                noise += bool(own)
                noise_alone += bool(solo)
                continue
            found.append(bool(own))
            found_alone.append(bool(solo))
            main, main_alone = _main(c, own), _main(solo_coded, solo)
            right.append(main is not None and main.sub_event_type == s.gold)
            right_alone.append(main_alone is not None and main_alone.sub_event_type == s.gold)
            counts.append(len(own))
            counts_alone.append(len(solo))
    n_event = len(found)
    n_filler = sum(1 for a in joined for s in a.snippets if s.gold is None)

    def rate(flags: list[bool]) -> float:
        return round(sum(flags) / len(flags), 4) if flags else 0.0

    return {
        "articles": len(joined), "event_snippets": n_event, "non_event_snippets": n_filler,
        "events": total_events,
        "in_article": {"found": rate(found), "main_sub_event_right": rate(right),
                       "events_per_event_snippet": round(sum(counts) / n_event, 3) if n_event else 0.0,
                       "event_snippets_with_2_or_more": rate([n > 1 for n in counts]),
                       "merged_across_snippets": merged,
                       "non_event_snippets_with_an_event": noise},
        "alone": {"found": rate(found_alone), "main_sub_event_right": rate(right_alone),
                  "events_per_event_snippet": round(sum(counts_alone) / n_event, 3) if n_event else 0.0,
                  "event_snippets_with_2_or_more": rate([n > 1 for n in counts_alone]),
                  "non_event_snippets_with_an_event": noise_alone},
    }


def evaluate_joined(path: Path, runner: CoderRunner | None = None, split: str = "all") -> dict[str, Any]:
    rows = select(read_case_tsv(path), split, key=lambda r: f"case:{r['id']}")
    joined = join(rows)
    if not joined:
        raise ValueError(f"{path}: no CASE snippets to join (split {split})")
    runner = runner or CoderRunner()
    coded = runner.code_many([a.article for a in joined])
    alone = runner.code_many([Article(text=s.text, id=f"case-{s.row_id}") for a in joined for s in a.snippets])
    return {"file": str(path), "split": split, "snippets_per_article": SNIPPETS_PER_ARTICLE,
            **score(joined, coded, alone)}


def print_figures(fig: dict[str, Any], echo: Callable[[str], None] = print) -> None:
    echo(f"{fig['file']} (split {fig['split']}): {fig['articles']} articles joined from "
         f"{fig['event_snippets']} event and {fig['non_event_snippets']} non-event CASE snippets")
    echo(f"  {'':40s} {'in article':>10s} {'alone':>10s}")
    a, b = fig["in_article"], fig["alone"]
    for key in ("found", "main_sub_event_right", "events_per_event_snippet", "event_snippets_with_2_or_more",
                "non_event_snippets_with_an_event"):
        echo(f"  {key.replace('_', ' '):40s} {a[key]:>10} {b[key]:>10}")
    echo(f"  {'events merged across snippets':40s} {a['merged_across_snippets']:>10}")


def run_eval_joined(paths: list[Path], as_json: bool, split: str = "all") -> dict[str, Any]:
    """CLI entry: one CASE TSV."""
    if len(paths) != 1:
        raise ValueError("strife eval joined takes one CASE 2021 TSV")
    figures = evaluate_joined(Path(paths[0]), split=split)
    if not as_json:
        print_figures(figures)
    return figures
