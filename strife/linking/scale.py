"""ACLED's ``source_scale``: the geographic scale of the outlets an event comes from.

The rule, per outlet (outlets and their bases and reach are data: ``outlets.yaml``, whose
header states it): an international outlet is International, new media are New media;
otherwise an outlet based in the event's country is National (Subnational for a local
outlet), one based elsewhere in the event's ACLED region is Regional, any other is
International.  An event reported by several outlets joins their scales in ACLED's order
with "-" ("National-International").  An outlet not in the table gives no scale, and an
event none of whose outlets is known keeps ``source_scale`` empty: an unknown outlet's
reach is not guessed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from strife.dictionaries.loader import DictionaryError, read_yaml

OUTLETS_FILE = Path(__file__).resolve().parent / "outlets.yaml"
REACHES = ("international", "national", "subnational", "new media")
#: ACLED's order of scales in a combined value.
SCALE_ORDER = ("Local partner", "Subnational", "National", "Regional", "International", "New media")
_KEYS = {"name", "aliases", "country", "region", "reach", "__line__"}


@dataclass(frozen=True)
class Outlet:
    name: str
    country: str | None  # ISO 3166-1 alpha-2 of its base
    region: str | None  # ACLED region, for outlets with no single country
    reach: str


def load_outlets(path: Path = OUTLETS_FILE) -> dict[str, Outlet]:
    """Lower-cased name or alias -> Outlet; unknown keys or reaches are errors naming file:line."""
    data = read_yaml(path) or {}
    if not isinstance(data, dict) or set(data) - {"outlets", "__line__"}:
        raise DictionaryError(f"{path}:1: expected one section 'outlets:'")
    table: dict[str, Outlet] = {}
    for item in data.get("outlets") or []:
        where = f"{path}:{item.get('__line__', 0) if isinstance(item, dict) else 0}"
        if not isinstance(item, dict) or not item.get("name"):
            raise DictionaryError(f"{where}: an outlet needs a name")
        unknown = set(item) - _KEYS
        if unknown:
            raise DictionaryError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} for {item['name']!r}")
        reach = item.get("reach", "national")
        if reach not in REACHES:
            raise DictionaryError(f"{where}: reach {reach!r} must be one of {', '.join(REACHES)}")
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list):
            raise DictionaryError(f"{where}: aliases must be a list")
        outlet = Outlet(str(item["name"]), item.get("country"), item.get("region"), reach)
        for alias in [outlet.name, *map(str, aliases)]:
            table[alias.lower()] = outlet
    return table


@functools.lru_cache(maxsize=1)
def _builtin() -> dict[str, Outlet]:
    return load_outlets()


def find_outlet(name: str | None, url: str | None = None,
                table: dict[str, Outlet] | None = None) -> Outlet | None:
    """The outlet named ``name`` (the whole name, case-insensitive), else the one whose
    domain the URL's host is or ends in."""
    table = _builtin() if table is None else table
    if name and name.strip().lower() in table:
        return table[name.strip().lower()]
    host = (urlsplit(url).hostname or "") if url else ""
    while host:
        if host in table:
            return table[host]
        host = host.partition(".")[2] if "." in host else ""
    return None


def outlet_scale(outlet: Outlet, event_country: str | None, event_region: str | None,
                 region_of: dict[str, str]) -> str:
    """One outlet's scale for an event in ``event_country`` (ISO2) and ``event_region``."""
    if outlet.reach == "international":
        return "International"
    if outlet.reach == "new media":
        return "New media"
    if outlet.country and outlet.country == event_country:
        return "Subnational" if outlet.reach == "subnational" else "National"
    home_region = outlet.region or region_of.get(outlet.country or "")
    if home_region and home_region == event_region:
        return "Regional"
    return "International"


def combined_scale(scales: list[str]) -> str | None:
    """Several outlets' scales in ACLED's order, "-"-joined; None when there are none."""
    found = set(scales)
    return "-".join(s for s in SCALE_ORDER if s in found) or None


@functools.lru_cache(maxsize=1)
def _geography() -> tuple[dict[str, str], dict[int, str]]:
    """(ISO2 -> ACLED region, ISO numeric -> ISO2)."""
    from strife.geo import sources

    return sources.acled_regions(), {c["isonum"]: c["iso"] for c in sources.countries()}


def event_scale(iso_numeric: int | None, region: str | None, outlets: list[str | None]) -> str | None:
    """The source scale of an event in the country ``iso_numeric`` reported by ``outlets``."""
    region_of, iso2_of = _geography()
    country = iso2_of.get(iso_numeric) if iso_numeric is not None else None
    known = [o for o in (find_outlet(name) for name in outlets) if o is not None]
    return combined_scale([outlet_scale(o, country, region, region_of) for o in known])
