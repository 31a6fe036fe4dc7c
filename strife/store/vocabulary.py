"""The values a filter may name: countries (name, ISO2, ISO3, ISO numeric), event types, admin1.

An unknown value is an error that names the closest valid ones, never a silent empty result:
"Syrai" is a typo the user wants to hear about, not a country with no events.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache


class UnknownValue(ValueError):
    """A filter value that names nothing Strife knows; carries the closest valid values."""

    def __init__(self, field: str, value: str, suggestions: list[str]) -> None:
        self.field, self.value, self.suggestions = field, value, suggestions
        hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {field} {value!r}{hint}")


def fold(text: str) -> str:
    """Case, accents and punctuation folded away ("Deir-ez-Zor" ~ "deir ez zor")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def closest(value: str, candidates: list[str], n: int = 3) -> list[str]:
    """Up to ``n`` candidates nearest to ``value`` by spelling (folded), best first; only
    those about as close as the best (a clear winner is named alone)."""
    by_key: dict[str, str] = {}
    for c in candidates:
        by_key.setdefault(fold(c), c)
    target = fold(value)
    keys = difflib.get_close_matches(target, list(by_key), n=n, cutoff=0.6)
    if not keys:
        return []

    def score(key: str) -> float:
        return difflib.SequenceMatcher(None, target, key).ratio()

    best = score(keys[0])
    return list(dict.fromkeys(by_key[k] for k in keys if score(k) >= best - 0.1))


@lru_cache(maxsize=1)
def countries() -> dict[str, tuple[int, str]]:
    """Folded name / ISO2 / ISO3 / ISO numeric -> (ISO numeric, name), from GeoNames countryInfo."""
    from strife.geo.sources import countries as country_rows

    table: dict[str, tuple[int, str]] = {}
    for c in country_rows():
        entry = (c["isonum"], c["name"])
        for key in (c["name"], c["iso"], c["iso3"], str(c["isonum"])):
            if key:
                table.setdefault(fold(key), entry)
    return table


def resolve_country(value: str, store_names: Callable[[], list[str]]) -> tuple[int | None, str]:
    """(ISO numeric or None, name) for a country given by name, ISO2, ISO3 or ISO numeric.

    ``store_names()`` (the countries events in the store carry) are valid too, so a name
    the store spells its own way still filters.  Unknown values raise UnknownValue.
    """
    table = countries()
    key = fold(value)
    if key in table:
        return table[key]
    if value.isdigit():
        return int(value), value
    in_store = store_names()
    for name in in_store:
        if fold(name) == key:
            return None, name
    names = sorted({name for _, name in table.values()} | set(in_store))
    raise UnknownValue("country", value, closest(value, names))


def resolve_choice(field: str, value: str, valid: list[str]) -> str:
    """The valid value ``value`` names (ignoring case, accents, punctuation), or UnknownValue."""
    key = fold(value)
    for v in valid:
        if fold(v) == key:
            return v
    raise UnknownValue(field, value, closest(value, valid))
