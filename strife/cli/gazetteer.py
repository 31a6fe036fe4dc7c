"""`strife gazetteer ...`: build, inspect and extend the embedded gazetteer (GeoNames dumps, event files)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from strife.cli.context import safe

app = typer.Typer(help="The offline gazetteer: build the index, import GeoNames dumps, show stats.",
                  no_args_is_help=True)
console = Console()
err = Console(stderr=True)


@app.command("build")
def build(force: bool = typer.Option(False, "--force", help="rebuild even if the index is current")) -> None:
    """Compile the embedded gazetteer index (done automatically on first use)."""
    from strife.geo.gazetteer import default_index_path, ensure_index

    path = default_index_path()
    if force and path.exists():
        path.unlink()
    with console.status("building the gazetteer index (about a minute, once)..."):
        ensure_index(path)
    console.print(f"index: {safe(path)}")


@app.command("info")
def info(as_json: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Where the index is and how many places and names it holds."""
    from strife.geo.gazetteer import Gazetteer

    stats = Gazetteer().stats()
    if as_json:
        print(json.dumps(stats, indent=2))
    else:
        for k, v in stats.items():
            console.print(f"{safe(k)}: {safe(v)}")


@app.command("lookup")
def lookup(name: str, limit: int = typer.Option(10, help="how many candidates to show")) -> None:
    """Candidates for a place name, most populous first."""
    from strife.geo.gazetteer import Gazetteer

    cands = sorted(Gazetteer().candidates(name), key=lambda c: -c.place.population)[:limit]
    if not cands:
        err.print(f"no place called {safe(repr(name))} in the gazetteer")
        raise typer.Exit(1)
    for c in cands:
        p = c.place
        console.print(safe(f"{p.geonameid}\t{p.name}\t{p.feature_code}\t{p.country_iso}\t{p.admin1 or ''}\t"
                           f"{p.latitude:.4f},{p.longitude:.4f}\tpop {p.population}")
                      + ("\t(fuzzy)" if c.fuzzy else ""))


@app.command("import")
def import_(path: Path = typer.Argument(..., help="allCountries.txt, XX.txt or XX.zip (GeoNames dump)"),
            alternate_names: Path | None = typer.Option(None, "--alternate-names",
                                                         help="alternateNamesV2.txt (or .zip)"),
            show_errors: int = typer.Option(20, help="how many malformed lines to list")) -> None:
    """Stream a GeoNames dump into the user gazetteer (kept across index rebuilds)."""
    from strife.geo.gazetteer import USER_INDEX, default_index_path
    from strife.geo.importer import import_geonames

    for p in (path, alternate_names):
        if p is not None and not p.exists():
            err.print(f"[red]error:[/red] no such file: {safe(p)}")
            raise typer.Exit(2)
    user_index = default_index_path().parent / USER_INDEX
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    try:
        with Progress(*columns, console=err, transient=False) as bar:
            task = bar.add_task(f"importing {safe(path.name)}", total=None)
            report = import_geonames(path, user_index, alternate_names,
                                     progress=lambda done, total: bar.update(task, completed=done, total=total))
    except KeyboardInterrupt:
        err.print("[yellow]interrupted:[/yellow] the previous gazetteer is unchanged")
        raise typer.Exit(130) from None
    except ValueError as exc:
        err.print(f"[red]error:[/red] {safe(exc)}")
        raise typer.Exit(1) from exc
    if report.cleaned:
        err.print(f"removed {len(report.cleaned)} temporary file(s) left by an interrupted import")
    for line, reason in report.errors[:show_errors]:
        err.print(f"[yellow]line {line}:[/yellow] {safe(reason)} (skipped)")
    if report.skipped > show_errors:
        err.print(f"... {report.skipped - show_errors} more malformed lines skipped")
    console.print(f"imported {report.rows} places, {report.names} names into {safe(report.user_index)}; "
                  f"skipped {report.skipped} malformed lines")


@app.command("import-events")
def import_events(path: Path = typer.Argument(..., help="a UCDP GED CSV (any country) or an ACLED export"),
                  show_errors: int = typer.Option(20, help="how many malformed lines to list")) -> None:
    """Add the precise places of a conflict-event file (name, admin1/2, point) to the user gazetteer."""
    from strife.geo.conflict_places import EventFileError
    from strife.geo.gazetteer import USER_INDEX, Gazetteer
    from strife.geo.importer import import_event_places

    if not path.exists():
        err.print(f"[red]error:[/red] no such file: {path}")
        raise typer.Exit(2)
    gaz = Gazetteer()
    try:
        report = import_event_places(path, gaz.path.parent / USER_INDEX, gaz)
    except (EventFileError, ValueError, UnicodeDecodeError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    for line, reason in report.errors[:show_errors]:
        err.print(f"[yellow]line {line}:[/yellow] {reason} (skipped)" if line else f"[yellow]{reason}[/yellow]")
    console.print(f"imported {report.rows} places, {report.names} names into {report.user_index}; "
                  f"skipped {report.skipped} rows")
