"""`strife eval KIND FILE...`: measure a stage against gold data."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import typer

from strife.cli.context import safe, state
from strife.eval.split import SPLITS

eval_app = typer.Typer(help="Measure accuracy against gold data; --json prints one JSON object.",
                       no_args_is_help=True)

#: KIND -> (module, function(paths, as_json) -> dict)
EVALUATORS = {
    "events": ("strife.eval.events", "run_eval_events"),
    "geo": ("strife.eval.geo", "run_eval_geo"),
    "time": ("strife.eval.time", "run_eval_time"),
    "linking": ("strife.eval.linking", "run_eval_linking"),
    "news": ("strife.eval.news", "run_eval_news"),
    "joined": ("strife.eval.joined", "run_eval_joined"),
}


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")


#: kinds whose gold is cut into a tune and a held-out part (strife.eval.split)
SPLIT_KINDS = ("events", "geo", "joined")


def _run(ctx: typer.Context, kind: str, paths: list[Path], as_json: bool, split: str = "all",
         **options) -> None:
    st = state(ctx)
    missing = [p for p in [*paths, *(v for v in options.values() if isinstance(v, Path))] if not p.exists()]
    if missing:
        st.err.print(f"[red]error:[/red] no such file: {safe(', '.join(map(str, missing)))}")
        raise typer.Exit(2)
    if split not in SPLITS:
        st.err.print(f"[red]error:[/red] --split must be one of {', '.join(SPLITS)}, not {safe(repr(split))}")
        raise typer.Exit(2)
    if split != "all" and kind not in SPLIT_KINDS:
        st.err.print(f"[red]error:[/red] --split applies to {' and '.join(SPLIT_KINDS)} only")
        raise typer.Exit(2)
    module, function = EVALUATORS[kind]
    extra = {"split": split} if kind in SPLIT_KINDS else {}
    try:
        figures = getattr(importlib.import_module(module), function)(paths, as_json, **extra, **options)
    except ValueError as exc:  # a malformed gold file or corpus: one readable line
        st.err.print(f"[red]error:[/red] {safe(exc)}")
        raise typer.Exit(2) from None
    if as_json:
        print(json.dumps(figures, indent=2, default=str))


def _command(kind: str, help_text: str):
    def command(ctx: typer.Context,
                paths: list[Path] = typer.Argument(..., help="gold files"),
                as_json: bool = typer.Option(False, "--json", help="print one JSON object"),
                split: str = typer.Option("all", "--split",
                                          help="tune (80 %) or heldout (20 %) part of the gold; "
                                               "events, geo and joined only")) -> None:
        _run(ctx, kind, paths, as_json, split)

    command.__doc__ = help_text
    eval_app.command(kind)(command)


_command("events", "Event coding vs ACLED-layout CSV or CASE 2021 TSV gold.")
_command("geo", "Toponym detection and resolution vs LGL / TR-News / GeoVirus XML.")
_command("time", "Event dates vs a TSV of text, published, gold_date, gold_precision.")
_command("linking", "Linking vs a labelled directory (reports.jsonl + gold.tsv).")
_command("joined", "CASE 2021 snippets joined into articles: one event per incident, in context and alone.")


@eval_app.command("news")
def news(ctx: typer.Context,
         directory: Path = typer.Argument(..., help="corpus directory: NAME.txt (+ NAME.meta.json) articles"),
         gold: Path = typer.Option(None, "--gold", help="gold events CSV (default DIRECTORY/gold.csv)"),
         as_json: bool = typer.Option(False, "--json", help="print one JSON object")) -> None:
    """Whole real articles through the full pipeline vs hand-coded gold events (tests/data/realnews)."""
    _run(ctx, "news", [directory], as_json, **({"gold": gold} if gold else {}))
