"""`strife`: the command-line entry point; each command lives in its own module."""

from __future__ import annotations

from pathlib import Path

import typer

from strife.cli.context import CliState
from strife.config import default_db

app = typer.Typer(
    name="strife",
    help="Strife: news reports of armed conflict in, evidence-backed events out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


def _version(value: bool) -> None:
    if value:
        from strife import __version__

        typer.echo(f"strife {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Path = typer.Option(
        None, "--db", envvar="STRIFE_DB", help="DuckDB store file [default: ./strife.duckdb]"),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="print the version and exit"),
) -> None:
    """Global options apply to every command."""
    ctx.obj = CliState(db=str(db) if db else default_db())


# --- command registration ---
from strife.cli import audit as _audit  # noqa: E402
from strife.cli import eval as _eval  # noqa: E402
from strife.cli import events as _events  # noqa: E402
from strife.cli import gazetteer as _gazetteer  # noqa: E402
from strife.cli import ingest as _ingest  # noqa: E402
from strife.cli import serve as _serve  # noqa: E402
from strife.cli import spark as _spark  # noqa: E402
from strife.cli import watch as _watch  # noqa: E402

_ingest.register(app)
_events.register(app)
_eval.register(app)
_serve.register(app)
_spark.register(app)
_watch.register(app)
_audit.register(app)
app.add_typer(_gazetteer.app, name="gazetteer", help="Build, inspect and extend the gazetteer.")
# --- end of command registration ---
