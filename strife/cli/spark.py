"""`strife spark-extract` (run the extraction on Spark) and `strife load-parquet` (its output into the store)."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from strife.cli.context import safe, state


def register(app: typer.Typer) -> None:
    app.command("spark-extract")(spark_extract_command)
    app.command("load-parquet")(load_parquet_command)


def spark_extract_command(
    ctx: typer.Context,
    input: str = typer.Option(..., "--input", "-i", help="articles: Parquet or JSON Lines, path or URI"),
    output: str = typer.Option(..., "--output", "-o", help="output directory (articles/, reports/)"),
    master: str = typer.Option(None, help="Spark master, e.g. local[2] [default: local[*]]"),
    fmt: str = typer.Option(None, "--format", help="parquet or json [default: from the suffix]"),
    model: str = typer.Option(None, help="spaCy pipeline package [default: en_core_web_sm]"),
    coder: str = typer.Option(None, help="event coder [default: STRIFE_CODER or rules]"),
    dictionaries: list[Path] = typer.Option(None, "--dictionaries", help="extra actor/trigger YAML files or dirs"),
    partitions: int = typer.Option(None, min=1, help="minimum number of partitions"),
) -> None:
    """Extract events from many articles with Apache Spark; write Parquet for `strife load-parquet`."""
    st = state(ctx)
    try:
        from strife.spark.job import run
    except ImportError as exc:
        st.err.print(f"[red]error:[/red] Spark support needs pyspark (pip install 'strife\\[spark]'): {safe(exc)}")
        raise typer.Exit(2) from exc
    if fmt and fmt not in ("parquet", "json", "jsonl"):
        st.err.print(f"[red]error:[/red] --format must be parquet or json, got {safe(repr(fmt))}")
        raise typer.Exit(2)
    options = {"model": model, "coder": coder, "dictionaries": [str(p.resolve()) for p in dictionaries or []]}
    started = time.perf_counter()
    summary = run(input, output, master=master or "local[*]",
                  fmt="json" if fmt == "jsonl" else fmt, options=options, partitions=partitions)
    st.console.print(
        f"{summary.articles} articles, {summary.reports} reports, {summary.failed} failed "
        f"in {time.perf_counter() - started:.1f}s -> {safe(output)}/articles, {safe(output)}/reports")
    if summary.failed:
        st.err.print(f"[yellow]{summary.failed} article(s) failed:[/yellow] see the `error` column of "
                     f"{safe(output)}/articles")
    if summary.articles and summary.failed == summary.articles:
        raise typer.Exit(1)


def load_parquet_command(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="a `strife spark-extract` output directory"),
    batch_size: int = typer.Option(256, min=1, help="articles per transaction"),
) -> None:
    """Load Spark output into the store and link its reports into canonical events (as ingest does)."""
    from strife.spark.load import load_parquet
    from strife.store import Store, StoreError

    st = state(ctx)
    started = time.perf_counter()
    try:
        with Store(st.db) as store:
            report = load_parquet(store, path, batch_size=batch_size)
    except (StoreError, FileNotFoundError) as exc:
        st.err.print(f"[red]error:[/red] {safe(exc)}")
        raise typer.Exit(2) from exc
    st.console.print(
        f"{report.stored} articles stored ({report.already_stored} already there, {report.failed} "
        f"failed in Spark), {report.reports} reports, {report.events_touched} canonical events "
        f"touched in {time.perf_counter() - started:.1f}s -> {safe(st.db)}")
    for where, why in report.failures[:20]:
        st.err.print(f"  [yellow]{safe(where)}[/yellow]: {safe(why)}")
