"""State shared by every CLI command: the store path and the console."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import typer
from rich.console import Console

from strife.config import default_db


def _console(stderr: bool) -> Console:
    # Rich wraps at 80 columns when output is piped; event tables need more room.
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, width=None if stream.isatty() else 160)


@dataclass
class CliState:
    db: str = field(default_factory=default_db)
    console: Console = field(default_factory=lambda: _console(False))
    err: Console = field(default_factory=lambda: _console(True))


def state(ctx: typer.Context) -> CliState:
    """The CliState of the running command (set up by the main callback)."""
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj
