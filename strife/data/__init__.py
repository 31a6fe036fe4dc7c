"""Data files shipped with Strife, and the readers every stage shares.

The files live in ``strife/data/geo`` (licences and credits: ``CREDITS.md`` there).  The
readers here are the stage-neutral ones: the geo stage builds its gazetteer from them
(:mod:`strife.geo.sources`), and the coder, which runs before geo, reads the same tables
for its hints (:mod:`strife.coding.cities`).
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

DATA = Path(str(resources.files("strife") / "data" / "geo"))


def data_path(name: str) -> Path:
    """The path of a shipped geo data file."""
    return DATA / name


def tsv(path: Path) -> Iterator[list[str]]:
    """Rows of a tab-separated file (gzip if it ends in .gz); blank and ``#`` lines skipped."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line.split("\t")


def admin1() -> Iterator[tuple[str, str, str, int]]:
    """GeoNames' first-order divisions: (code "CC.A1", name, asciiname, geonameid)."""
    for row in tsv(data_path("admin1CodesASCII.txt")):
        if len(row) >= 4 and row[3].isdigit():
            yield row[0], row[1], row[2], int(row[3])


def countries() -> Iterator[dict]:
    """countryInfo.txt rows: iso, iso3, isonum, name, capital, population, continent, geonameid."""
    for row in tsv(data_path("countryInfo.txt")):
        if len(row) < 17 or not row[16].isdigit():
            continue
        yield {"iso": row[0], "iso3": row[1], "isonum": int(row[2]), "name": row[4],
               "capital": row[5], "population": int(row[7] or 0), "continent": row[8],
               "geonameid": int(row[16])}


def demonyms() -> Iterator[tuple[str, str]]:
    """(demonym or adjective, ISO alpha-2) from demonyms.tsv ("Turkish", "TR")."""
    for row in tsv(data_path("demonyms.tsv")):
        if len(row) >= 2:
            yield row[0].strip(), row[1].strip()
