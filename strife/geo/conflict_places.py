"""Precise places from conflict-event files: UCDP GED CSVs, ACLED exports, the UCDP places extract.

Conflict-event datasets geolocate every event by hand, often at villages, camps, bases and
dams no population gazetteer lists.  Their rows with a precise point (UCDP ``where_prec``
1-2: the place itself or within ~25 km of it; ACLED ``geo_precision`` 1-2: the named town)
give a place's name, admin areas and coordinates.  Rows placed only at an admin unit or a
country say nothing about a village and are skipped.  One reader serves the vendored
Syrian extract (``strife/data/geo/conflict_places.tsv``) and ``strife gazetteer import-events``.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from strife.geo.normalize import name_key

#: Type words UCDP appends to a place name ("Kafr Nabl town", "Al Tanf base").
KIND_WORDS = ("oil field", "gas field", "border crossing", "military base", "air base", "refugee camp",
              "village", "town", "city", "camp", "base", "airbase", "airport", "checkpoint", "mountain",
              "dam", "farm", "hill", "road", "prison", "plain", "area", "neighbourhood", "neighborhood",
              "district", "subdistrict", "governorate", "province", "region", "bridge", "crossing",
              "factory", "station", "hospital", "school", "mosque", "market", "port", "island", "valley")
_KIND_RE = re.compile(r"\s+(" + "|".join(re.escape(k) for k in sorted(KIND_WORDS, key=len, reverse=True))
                      + r")\s*$", re.I)
#: A place kind -> GeoNames feature class / code (populated places, spots, terrain, areas).
KIND_FEATURE = {"": ("P", "PPL"), "village": ("P", "PPL"), "town": ("P", "PPL"), "city": ("P", "PPL"),
                "camp": ("P", "PPL"), "refugee camp": ("P", "PPL"), "neighbourhood": ("P", "PPLX"),
                "neighborhood": ("P", "PPLX"), "mountain": ("T", "MT"), "hill": ("T", "HLL"),
                "plain": ("T", "PLN"), "valley": ("T", "VAL"), "island": ("T", "ISL"),
                "area": ("L", "AREA"), "district": ("A", "ADMD"), "subdistrict": ("A", "ADMD"),
                "governorate": ("A", "ADMD"), "province": ("A", "ADMD"), "region": ("L", "RGN"),
                "road": ("R", "RD"), "dam": ("H", "DAM")}


def feature_of(kind: str) -> tuple[str, str]:
    """GeoNames feature class and code for an event file's place kind (a spot by default)."""
    return KIND_FEATURE.get(kind, ("S", "SITE"))


def place_id(cc: str, name: str, lat: float, lon: float) -> int:
    """A stable negative id for a place from an event file (GeoNames ids are positive)."""
    digest = hashlib.sha256(f"conflict:{cc}:{name}:{lat:.4f}:{lon:.4f}".encode()).hexdigest()
    return -int(digest[:8], 16)


PRECISE = {"ucdp": {"1", "2"}, "acled": {"1", "2"}, "places": {"1", "2"}}


class EventFileError(ValueError):
    """A file that is not a UCDP GED, ACLED or places CSV (a readable one-line reason)."""


@dataclass
class ConflictPlace:
    """One precise place as an event file gives it (names as the file spells them)."""

    name: str
    kind: str
    latitude: float
    longitude: float
    country: str  # a country name or ISO code, as the file has it
    admin1: str
    admin2: str
    precision: int
    events: int = 1
    aliases: tuple[str, ...] = ()


def split_kind(where: str) -> tuple[str, str]:
    """"Kafr Nabl town" -> ("Kafr Nabl", "town"); a name without a type word keeps kind ""."""
    where = re.sub(r"\s+", " ", where).strip()
    m = _KIND_RE.search(where)
    if m and m.start() > 0:
        return where[:m.start()].strip(" ,"), m.group(1).lower()
    return where, ""


def split_names(name: str) -> list[str]:
    """"Abu Rasin/Zarkan" and "Ain al-Arab (Kobani)" are two names of one place."""
    parts = [p.strip(" ,") for p in re.split(r"\s*/\s*|\s*\(\s*|\s*\)\s*", name)]
    return [p for p in parts if p and _is_name(p)]


_LOWER_OK = {"al", "el", "ad", "ar", "as", "az", "ash", "at", "an", "ez", "es", "de", "del", "la", "le",
             "du", "of", "bin", "ibn", "bani", "abu", "um", "umm", "wa", "w"}


def _is_name(text: str) -> bool:
    """A place name, not a description ("area between X and Y", "Euphrates river near Kobane")."""
    words = re.split(r"[\s\-]+", text)
    return 0 < len(words) <= 5 and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _LOWER_OK
                                       for w in words if w)


def detect_layout(header: Iterable[str]) -> str:
    cols = {c.strip().lower() for c in header}
    if {"where_coordinates", "latitude", "longitude", "where_prec"} <= cols:
        return "places" if "name" in cols and "kind" in cols else "ucdp"
    if {"location", "latitude", "longitude", "geo_precision"} <= cols:
        return "acled"
    raise EventFileError("not a UCDP GED or ACLED file: expected columns where_coordinates/where_prec "
                         "(UCDP) or location/geo_precision (ACLED) beside latitude/longitude")


def read_event_places(path: Path, errors: list[tuple[int, str]] | None = None) -> Iterator[ConflictPlace]:
    """Precise places of a UCDP GED / ACLED / places CSV (tab- or comma-separated), one per
    row; rows with a malformed point are listed in ``errors`` as (line, reason) and skipped."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        sample = fh.read(4096)
        fh.seek(0)
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
        reader = csv.DictReader(fh, delimiter=delimiter)
        if not reader.fieldnames:
            raise EventFileError(f"{path}: empty file")
        layout = detect_layout(reader.fieldnames)
        for row in reader:
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            line = reader.line_num
            place = _row_place(layout, row)
            if isinstance(place, str):
                if errors is not None and place:
                    errors.append((line, place))
                continue
            yield place


def _row_place(layout: str, row: dict) -> ConflictPlace | str:
    """A row's place, or why it has none ("" when it is merely imprecise)."""
    prec = row.get("where_prec" if layout != "acled" else "geo_precision", "")
    if prec not in PRECISE[layout]:
        return ""
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
    except (KeyError, ValueError):
        return f"bad coordinates {row.get('latitude')!r}, {row.get('longitude')!r}"
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return f"coordinates out of range {lat}, {lon}"
    if layout == "acled":
        name, kind = row.get("location", ""), ""
        country = row.get("country", "")
        admin1, admin2 = row.get("admin1", ""), row.get("admin2", "")
    else:
        if layout == "places":
            name, kind = row.get("name", ""), row.get("kind", "")
        else:
            name, kind = split_kind(row.get("where_coordinates", ""))
        country = row.get("country", "") or ("Syria" if layout == "places" else "")
        admin1, admin2 = row.get("adm_1", ""), row.get("adm_2", "")
    names = split_names(name)
    if not names or not name_key(names[0]):
        return "empty place name"
    try:
        events = int(row.get("events") or 1)
    except ValueError:
        events = 1
    return ConflictPlace(names[0], kind, lat, lon, country, admin1, admin2, int(prec), events,
                         tuple(names[1:]))


def merge_places(places: Iterable[ConflictPlace], km: float = 2.0) -> list[ConflictPlace]:
    """One place per (name, point within ``km``): an event file repeats a place per event."""
    from strife.geo.resolve import haversine_km

    out: dict[str, list[ConflictPlace]] = {}
    for p in places:
        same = out.setdefault(name_key(p.name) + "|" + name_key(p.country), [])
        for q in same:
            if haversine_km(p.latitude, p.longitude, q.latitude, q.longitude) <= km:
                q.events += p.events
                q.precision = min(q.precision, p.precision)
                q.aliases = tuple(dict.fromkeys(q.aliases + p.aliases))
                break
        else:
            same.append(p)
    return [p for group in out.values() for p in group]


TSV_HEADER = ("name", "aliases", "kind", "latitude", "longitude", "country", "admin1", "admin2",
              "precision", "events")


def write_tsv(places: Iterable[ConflictPlace], out) -> None:
    """The vendored normal form: one place per line, names as the source spells them."""
    out.write("\t".join(TSV_HEADER) + "\n")
    for p in sorted(places, key=lambda p: (p.country, p.admin1, name_key(p.name), p.latitude)):
        out.write("\t".join([p.name, ";".join(p.aliases), p.kind, f"{p.latitude:.5f}", f"{p.longitude:.5f}",
                             p.country, p.admin1, p.admin2, str(p.precision), str(p.events)]) + "\n")


def read_tsv(path: Path) -> Iterator[ConflictPlace]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(("#", "name\t")) or not line.strip():
                continue
            c = line.rstrip("\n").split("\t")
            yield ConflictPlace(c[0], c[2], float(c[3]), float(c[4]), c[5], c[6], c[7], int(c[8]), int(c[9]),
                                tuple(a for a in c[1].split(";") if a))


if __name__ == "__main__":  # python -m strife.geo.conflict_places places.csv > conflict_places.tsv
    import sys

    rows = merge_places(read_event_places(Path(sys.argv[1])))
    for p in rows:
        p.country = "SY" if p.country.lower() == "syria" else p.country
    sys.stdout.write("# Precise conflict places from UCDP GED (CC BY 4.0): Sundberg & Melander 2013, JPR 50(4);\n"
                     "# Hogbladh 2019, UCDP GED Codebook 19.1. Syria 2016-01..2019-11, where_prec 1-2.\n"
                     "# Regenerate: python -m strife.geo.conflict_places "
                     "../shared/gazetteer/ucdp_ged_syria/places.csv\n")
    write_tsv(rows, sys.stdout)
