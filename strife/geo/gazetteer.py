"""The gazetteer index: built once into the cache directory, then opened read-only.

Two SQLite files live in the cache directory: ``gazetteer-<version>.sqlite`` (the embedded
sources, rebuilt whenever they change) and ``gazetteer-user.sqlite`` (rows a user
imported from full GeoNames dumps; survives rebuilds).  Lookups query both.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from strife.config import cache_dir
from strife.geo import sources
from strife.geo.build import KIND_DEMONYM, SCHEMA_VERSION, build_index
from strife.geo.normalize import name_key, skeleton
from strife.model import Place

USER_INDEX = "gazetteer-user.sqlite"


@dataclass
class Candidate:
    """A gazetteer entry a name may refer to, and how the name matched it."""

    place: Place
    kind: int  # build.KIND_*: own name, alternate, alias, demonym
    fuzzy: bool = False  # matched only by transliteration skeleton


def default_index_path(directory: Path | None = None) -> Path:
    version = sources.sources_version(SCHEMA_VERSION)
    return (directory or cache_dir()) / f"gazetteer-{version}.sqlite"


def ensure_index(path: Path | None = None) -> Path:
    """Path of a built base index, building it first if the sources changed."""
    path = Path(path) if path else default_index_path()
    if not path.exists():
        build_index(path, sources.sources_version(SCHEMA_VERSION))
        for stale in path.parent.glob("gazetteer-*.sqlite"):  # indexes of older sources
            if stale != path and stale.name != USER_INDEX:
                stale.unlink(missing_ok=True)
    return path


class Gazetteer:
    """Name -> candidate places, over the base index plus any user-imported GeoNames rows."""

    def __init__(self, path: Path | None = None, user_path: Path | None = None):
        self.path = ensure_index(path)
        self.user_path = Path(user_path) if user_path else self.path.parent / USER_INDEX
        self.con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self.has_user = self.user_path.exists()
        if self.has_user:
            self.con.execute("ATTACH DATABASE ? AS u", (f"file:{self.user_path}?mode=ro",))
        self._countries = {row[0]: row for row in self.con.execute(
            "SELECT iso, iso3, isonum, name, id, continent FROM country")}
        self._admin_cache: dict[str, str | None] = {}

    # -- lookups -----------------------------------------------------------------
    def _query(self, column: str, value: str) -> list[tuple]:
        sql = (f"SELECT p.*, n.key, n.kind FROM name n JOIN place p ON p.id = n.id WHERE n.{column} = ?")
        rows = list(self.con.execute(sql, (value,)))
        if self.has_user:
            rows += list(self.con.execute(sql.replace("name n", "u.name n").replace("place p", "u.place p"),
                                          (value,)))
        return rows

    def candidates(self, text: str, fuzzy: bool = True) -> list[Candidate]:
        """Places the name may refer to (exact key first; skeleton matches only if none)."""
        key = name_key(text)
        if not key:
            return []
        rows = self._query("key", key)
        is_fuzzy = False
        if not rows and fuzzy:
            skel = skeleton(text)
            if skel and len(skel) >= 4:
                # the skeleton is loose: keep names that are also close as spelled
                rows = [r for r in self._query("skel", skel) if _similar(key, r[-2])]
                is_fuzzy = True
        best: dict[int, Candidate] = {}
        for row in rows:
            cand = Candidate(self._place(row), row[-1], is_fuzzy)
            old = best.get(cand.place.geonameid)
            # a user-imported GeoNames row knows more (feature code, admin2) than the base row
            if old is None or cand.kind > old.kind or row[10] == "user":
                best[cand.place.geonameid] = cand
        return list(best.values())

    def known_keys(self, keys: set[str]) -> dict[str, int]:
        """Normalised keys that name some place -> the largest population among them
        (for the gazetteer matcher; demonyms excluded)."""
        return self._known("key", keys)

    def known_skeletons(self, skels: set[str]) -> dict[str, int]:
        return self._known("skel", {s for s in skels if s})

    def _known(self, column: str, values: set[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        values = list(values)
        dbs = ["", "u."] if self.has_user else [""]
        for i in range(0, len(values), 500):
            chunk = values[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for db in dbs:
                sql = (f"SELECT n.{column}, max(CASE WHEN p.fcode IN ('PCLI','ADM1','CONT','RGN','SEA','STM','LK') "
                       f"THEN 10000000 ELSE p.population END) FROM {db}name n JOIN {db}place p ON p.id = n.id "
                       f"WHERE n.{column} IN ({marks}) AND n.kind > ? GROUP BY n.{column}")
                for value, pop in self.con.execute(sql, (*chunk, KIND_DEMONYM)):
                    found[value] = max(found.get(value, 0), pop or 0)
        return found

    def get(self, geonameid: int) -> Place | None:
        for db in (("u." if self.has_user else None), ""):
            if db is None:
                continue
            row = self.con.execute(f"SELECT p.*, '', 0 FROM {db}place p WHERE id = ?", (geonameid,)).fetchone()
            if row:
                return self._place(row)
        return None

    def country(self, iso: str) -> Place | None:
        row = self._countries.get(iso)
        return self.get(row[4]) if row else None

    # -- country facts -------------------------------------------------------------
    def iso_numeric(self, iso: str | None) -> int | None:
        row = self._countries.get(iso or "")
        return row[2] if row else None

    def country_name(self, iso: str | None) -> str | None:
        row = self._countries.get(iso or "")
        return row[3] if row else None

    def admin_name(self, code: str) -> str | None:
        if code not in self._admin_cache:
            row = self.con.execute("SELECT name FROM admin WHERE code = ?", (code,)).fetchone()
            self._admin_cache[code] = row[0] if row else None
        return self._admin_cache[code]

    def _place(self, row: tuple) -> Place:
        pid, name, lat, lon, fclass, fcode, cc, a1, a2, pop, src = row[:11]
        admin1 = self.admin_name(f"{cc}.{a1}") if a1 else None
        admin2 = self.admin_name(f"{cc}.{a1}.{a2}") if a2 else None
        if fcode == "ADM1":
            admin1 = admin1 or name  # the code table's spelling, as the unit's towns carry it
        elif fcode == "ADM2":
            admin2 = admin2 or name
        return Place(name=name, latitude=lat, longitude=lon, geonameid=pid, country_iso=cc or None,
                     country=self.country_name(cc), admin1=admin1, admin2=admin2,
                     feature_class=fclass, feature_code=fcode, population=pop or 0)

    def version(self) -> str:
        return self.con.execute("SELECT v FROM meta WHERE k = 'version'").fetchone()[0]

    def stats(self) -> dict:
        out = {"path": str(self.path), "version": self.version(),
               "places": self.con.execute("SELECT count(*) FROM place").fetchone()[0],
               "names": self.con.execute("SELECT count(*) FROM name").fetchone()[0],
               "user_path": str(self.user_path) if self.has_user else None}
        if self.has_user:
            out["user_places"] = self.con.execute("SELECT count(*) FROM u.place").fetchone()[0]
        return out

    def with_score(self, place: Place, score: float) -> Place:
        return replace(place, score=score)


def _similar(a: str, b: str, threshold: float = 0.8) -> bool:
    """Spelling similarity of two keys (spaces ignored), for transliteration variants."""
    a, b = a.replace(" ", ""), b.replace(" ", "")
    return SequenceMatcher(None, a, b).ratio() >= threshold


@lru_cache(maxsize=4)
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """A shared Gazetteer per index path (opening is cheap, but reuse the connection)."""
    return Gazetteer(Path(path) if path else None)
