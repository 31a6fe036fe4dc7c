"""Run-time settings, from the environment with sensible defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB = "strife.duckdb"
DEFAULT_MODEL = "en_core_web_sm"


def default_db() -> str:
    return os.environ.get("STRIFE_DB", DEFAULT_DB)


def cache_dir() -> Path:
    """Where compiled indexes (the gazetteer) are kept; ``STRIFE_CACHE`` overrides."""
    base = os.environ.get("STRIFE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "strife")
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _positive(name: str, default: float):
    """A positive number from the environment variable ``name``, else ``default``."""
    try:
        value = type(default)(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass
class Settings:
    """What a pipeline run needs to know; every field has a default."""

    model: str = field(default_factory=lambda: os.environ.get("STRIFE_MODEL", DEFAULT_MODEL))
    coder: str = field(default_factory=lambda: os.environ.get("STRIFE_CODER", "rules"))
    dictionaries: list[Path] = field(default_factory=list)  # extra user YAML dirs/files
    gazetteer: Path | None = None  # compiled gazetteer index; None = default cache location
    # a single event's toll above this needs a statement in the trigger's own clause, and is flagged
    fatality_ceiling: int = field(default_factory=lambda: int(os.environ.get("STRIFE_FATALITY_CEILING", "1000")))
    #: longer articles are coded in windows of this many characters (strife.windows)
    window_chars: int = field(default_factory=lambda: _positive("STRIFE_WINDOW_CHARS", 20_000))
    #: seconds one article may take before it is reported "too slow to code" (checked between windows)
    article_seconds: float = field(default_factory=lambda: _positive("STRIFE_ARTICLE_SECONDS", 60.0))
    #: parse only the sentences that may hold an event and their neighbours (strife.candidates.pieces_to_parse);
    #: off by default: lossless but measured slower (the NER still reads everything, a third of partly
    #: parsed articles are parsed again whole); STRIFE_SENTENCE_FILTER=1 turns it on
    sentence_filter: bool = field(default_factory=lambda: os.environ.get("STRIFE_SENTENCE_FILTER", "0") == "1")
    # skip the parser where the coder finds no trigger (strife.candidates); "context": faster, lossy
    prefilter: bool | str = True
