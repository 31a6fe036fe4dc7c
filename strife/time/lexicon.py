"""The temporal lexicon (``lexicon.yaml``) loaded once, with regex alternatives built from it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")


def alternation(words) -> str:
    """A regex alternative of ``words``, longest first, spaces matching any whitespace."""
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace("'", "['’]") for w in ordered)


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    month_names: dict[int, list[str]]  # number -> spellings, full name first
    weekday_names: dict[int, list[str]]
    numbers: dict[str, int]
    day_parts: tuple[str, ...]
    month_cues: tuple[str, ...]
    month_parts: dict[str, tuple[int, int]]
    future_cues: tuple[re.Pattern, ...]
    reporting_verbs: frozenset[str]
    fixed_holidays: dict[str, tuple[int, int]]
    event_nouns: frozenset[str]

    def number(self, word: str) -> int | None:
        word = " ".join(word.lower().split())
        if word.isdigit():
            return int(word)
        return self.numbers.get(word)


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Read the lexicon YAML (cached)."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))

    def invert(table) -> dict[str, int]:
        return {str(w).lower(): int(k) for k, words in table.items() for w in words}

    return Lexicon(
        months=invert(raw["months"]),
        weekdays=invert(raw["weekdays"]),
        month_names={int(k): [str(w) for w in v] for k, v in raw["months"].items()},
        weekday_names={int(k): [str(w) for w in v] for k, v in raw["weekdays"].items()},
        numbers={str(k).lower(): int(v) for k, v in raw["numbers"].items()},
        day_parts=tuple(raw["day_parts"]),
        month_cues=tuple(raw["month_cues"]),
        month_parts={str(k): (int(v[0]), int(v[1])) for k, v in raw["month_parts"].items()},
        future_cues=tuple(re.compile(p, re.I) for p in raw["future_cues"]),
        reporting_verbs=frozenset(raw["reporting_verbs"]),
        event_nouns=frozenset(str(w).lower() for w in raw.get("event_nouns") or ()),
        fixed_holidays={str(k).lower(): (int(v[0]), int(v[1])) for k, v in (raw.get("fixed_holidays") or {}).items()},
    )
