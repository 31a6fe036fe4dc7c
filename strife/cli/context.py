"""State shared by every CLI command: the store path and the console."""

from __future__ import annotations

from dataclasses import dataclass, field

import typer
from rich.console import Console

from strife.config import default_db


@dataclass
class CliState:
    db: str = field(default_factory=default_db)
    console: Console = field(default_factory=lambda: Console(stderr=False))
    err: Console = field(default_factory=lambda: Console(stderr=True))


def state(ctx: typer.Context) -> CliState:
    """The CliState of the running command (set up by the main callback)."""
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj
