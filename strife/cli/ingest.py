"""`strife ingest`, `strife link`, `strife migrate`: write to the store."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from strife.cli.context import safe, state
from strife.store import EventFilter, Store, StoreError


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
    app.command("link")(link_command)
    app.command("migrate")(migrate_command)


WAIT_HELP = "if another process holds the store, retry for up to this many seconds"


def _open(ctx: typer.Context, wait: float = 0.0) -> Store:
    st = state(ctx)
    try:
        return Store(st.db, wait=wait)
    except StoreError as exc:
        st.err.print(f"[red]error:[/red] {safe(exc)}")
        raise typer.Exit(2) from exc


def ingest_command(
    ctx: typer.Context,
    paths: list[str] = typer.Argument(..., help="files, directories (recursive) or - for stdin"),
    published: str = typer.Option(None, help="YYYY-MM-DD for articles that carry no date of their own"),
    export: Path = typer.Option(None, help="also write events.csv/.json/.geojson into this directory"),
    model: str = typer.Option(None, help="spaCy pipeline package [default: en_core_web_sm]"),
    coder: str = typer.Option(None, help="registered event coder [default: rules]"),
    dictionaries: list[Path] = typer.Option(None, "--dictionaries", help="extra actor/trigger YAML files or dirs"),
    n_process: int = typer.Option(1, "--processes", "--n-process", min=1,
                                  help="worker processes, each running every stage (parse, code, geo, time)"),
    batch_size: int = typer.Option(32, min=1, help="articles per transaction"),
    strict: bool = typer.Option(False, help="exit 1 if any input failed (default: only if none was read)"),
    keep_background: bool = typer.Option(False, "--keep-background",
                                         help="also show and export background events (history, war-wide "
                                              "summaries); they are stored either way"),
    wait: float = typer.Option(0.0, "--wait", min=0.0, help=WAIT_HELP),
) -> None:
    """Read articles, extract events and store them (re-ingesting is a no-op).

    The model is loaded before the store is opened: the store is held only while writing."""
    from strife.config import Settings
    from strife.ingest import ingest
    from strife.pipeline import Pipeline
    from strife.sources import read_paths

    st = state(ctx)
    try:
        pub = date.fromisoformat(published) if published else None
    except ValueError as exc:
        st.err.print(f"[red]error:[/red] --published must be YYYY-MM-DD, got {safe(repr(published))}")
        raise typer.Exit(2) from exc
    settings = Settings(dictionaries=list(dictionaries or []))
    if model:
        settings.model = model
    if coder:
        settings.coder = coder
    started = time.perf_counter()
    with st.err.status("loading the spaCy pipeline and gazetteer..."):
        pipeline = Pipeline(settings)
    with _open(ctx, wait) as store:
        columns = (SpinnerColumn(), TextColumn("[progress.description]{task.description}"),
                   BarColumn(), TextColumn("{task.completed} read"), TimeElapsedColumn())
        with Progress(*columns, console=st.err, transient=False) as progress:
            task = progress.add_task("ingesting", total=None)
            try:
                result = ingest(store, read_paths(paths, published=pub), pipeline, batch_size=batch_size,
                                n_process=n_process, on_item=lambda _: progress.advance(task))
            finally:
                pipeline.close()
        events = [e for e in _events_of(store, result.stored_ids) if keep_background or not e.get("background")]
        if export:
            _export(store, export, keep_background)
    elapsed = time.perf_counter() - started

    from strife.cli.events import events_table

    if events:
        st.console.print(events_table(events, f"{len(events)} events from this run"))
    st.console.print(
        f"read {result.read} articles: stored {result.stored}, already stored {result.already_stored}; "
        f"{result.reports} event reports, {result.events_touched} canonical events created or updated "
        f"in {elapsed:.1f} s")
    if result.background:
        shown = ("shown above" if keep_background
                 else "stored, hidden; --keep-background or `strife events --background` shows them")
        st.console.print(f"{result.background} event reports set aside as background "
                         f"(history and war-wide summaries; {shown})")
    st.console.print(f"store: [bold]{safe(Path(st.db).resolve())}[/bold]")
    if export:
        st.console.print(f"exports: [bold]{safe(export.resolve())}[/bold] (events.csv, events.json, events.geojson)")
    if result.errors:
        table = Table(title=f"{len(result.errors)} inputs could not be read", title_style="red")
        table.add_column("input", overflow="fold")
        table.add_column("reason", overflow="fold")
        for err in result.errors:
            table.add_row(safe(err.origin), safe(err.reason))
        st.err.print(table)
    if result.read == 0 or (strict and result.errors):
        raise typer.Exit(1)


def _events_of(store: Store, article_ids: list[str]) -> list[dict]:
    from strife.store.queries import events_of_articles

    return events_of_articles(store.con, article_ids)


def _export(store: Store, directory: Path, background: bool = False) -> None:
    from strife.store.export import write_events
    from strife.store.queries import iter_events

    directory.mkdir(parents=True, exist_ok=True)
    flt = EventFilter(sort="date", background=background)
    for fmt, name in (("csv", "events.csv"), ("json", "events.json"), ("geojson", "events.geojson")):
        write_events(iter_events(store.con, flt, with_evidence=True), fmt, directory / name)


def link_command(ctx: typer.Context,
                 rebuild: bool = typer.Option(False, "--rebuild", help="recompute every cluster"),
                 wait: float = typer.Option(0.0, "--wait", min=0.0, help=WAIT_HELP)) -> None:
    """Re-link stored reports into canonical events (ingest links incrementally already)."""
    from strife.ingest import relink_all

    st = state(ctx)
    if not rebuild:
        st.err.print("ingest links new reports as they arrive; use --rebuild to recompute all clusters")
        raise typer.Exit(0)
    with _open(ctx, wait) as store:
        n = relink_all(store)
    st.console.print(f"{n} canonical events")


def migrate_command(ctx: typer.Context) -> None:
    """Apply any pending schema migrations to the store."""
    st = state(ctx)
    with _open(ctx) as store:
        st.console.print(f"{safe(st.db)}: schema version {store.version()}")
