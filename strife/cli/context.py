"""State shared by every CLI command: the store path and the console."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

import typer
from rich.console import Console
from rich.markup import escape

from strife.config import default_db


#: Characters a terminal may act on: C0 controls but tab and newline, DEL, C1 controls, and
#: the bidirectional overrides that can make text read differently from what it is.
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(value: object, markup: bool = True) -> str:
    """Untrusted text (titles, outlets, URLs, file names, CSV headers, error reasons) made
    safe to print: every terminal control character becomes U+FFFD (one for one, so offsets
    into the text still hold) and Rich markup is escaped, so ``[/x]`` or ``[video]`` print
    as written.  Use it in markup strings and table cells; ``Text(safe(s, markup=False))``
    where a Text (never parsed as markup) is built."""
    cleaned = _TERMINAL_CONTROL.sub("\ufffd", str(value))
    return escape(cleaned) if markup else cleaned


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
