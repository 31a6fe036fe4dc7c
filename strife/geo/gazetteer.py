"""The gazetteer index: built once into the cache directory, then opened read-only.

Two SQLite files live in the cache directory: ``gazetteer-<version>.sqlite`` (the embedded
sources, rebuilt whenever they change) and ``gazetteer-user.sqlite`` (rows a user
imported from full GeoNames dumps; survives rebuilds).  Lookups query both.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from strife.config import cache_dir
from strife.geo import sources
from strife.geo.build import KIND_DEMONYM, SCHEMA_VERSION, STAND_IN, build_index
from strife.geo.normalize import name_key, similar, skeleton
from strife.model import Place

USER_INDEX = "gazetteer-user.sqlite"
#: Answers of :meth:`Gazetteer.known_keys` kept before the cache starts again.
KNOWN_CACHE_SIZE = 200_000
_UNASKED = object()


@dataclass
class Candidate:
    """A gazetteer entry a name may refer to, and how the name matched it."""

    place: Place
    kind: int  # build.KIND_*: own name, alternate, alias, demonym
    fuzzy: bool = False  # matched only by transliteration skeleton
    partial: bool = False  # matched by a part of a longer name the gazetteer lacks


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
        self._admin_cache: dict[str, tuple[str | None, str | None]] = {}
        self._known_cache: dict[tuple[str, str], int | None] = {}  # (column, value) -> population or None
        #: units whose point is borrowed from the unit above them (build.STAND_IN)
        self.stand_ins = frozenset(row[0] for row in self.con.execute(
            "SELECT id FROM place WHERE src = ?", (STAND_IN,)))

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
        rows = [(r, False) for r in self._query("key", key)]
        only_units = bool(rows) and all(r[5] in ("ADM1", "ADM2", "ADM3") for r, _ in rows)
        if (not rows or only_units) and fuzzy:
            skel = skeleton(text)
            if skel and len(skel) >= 4:
                # the skeleton is loose: keep names that are also close as spelled; beside an
                # admin unit's exact name, only the town it is named after ("Maarat al-Numan")
                rows += [(r, True) for r in self._query("skel", skel) if similar(key, r[-2])
                         and (not only_units or r[4] == "P")]
        best: dict[int, Candidate] = {}
        for row, is_fuzzy in rows:
            cand = Candidate(self._place(row), row[-1], is_fuzzy)
            old = best.get(cand.place.geonameid)
            # a user-imported GeoNames row knows more (feature code, admin2) than the base row
            if old is None or (old.fuzzy and not cand.fuzzy) or (cand.kind > old.kind and cand.fuzzy == old.fuzzy) \
                    or row[10] == "user":
                best[cand.place.geonameid] = cand
        return list(best.values())

    def loose_candidates(self, text: str) -> list[Candidate]:
        """Transliteration-skeleton matches only (all marked fuzzy), whatever the exact key finds."""
        key, skel = name_key(text), skeleton(text)
        if not skel or len(skel) < 4:
            return []
        return [Candidate(self._place(r), r[-1], True) for r in self._query("skel", skel) if similar(key, r[-2])]

    def known_keys(self, keys: set[str]) -> dict[str, int]:
        """Normalised keys that name some place -> the largest population among them
        (for the gazetteer matcher; demonyms excluded)."""
        return self._known("key", keys)

    def known_skeletons(self, skels: set[str]) -> dict[str, int]:
        return self._known("skel", {s for s in skels if s})

    def _known(self, column: str, values: set[str]) -> dict[str, int]:
        """Answers are kept per value (the index is read-only while it is open): the
        recogniser asks about the same few names many times per article."""
        cache = self._known_cache
        if len(cache) > KNOWN_CACHE_SIZE:
            cache.clear()
        out: dict[str, int] = {}
        todo = []
        for value in values:
            hit = cache.get((column, value), _UNASKED)
            if hit is _UNASKED:
                todo.append(value)
            elif hit is not None:
                out[value] = hit
        found = self._query_known(column, todo) if todo else {}
        for value in todo:
            cache[(column, value)] = found.get(value)
        out.update(found)
        return out

    def _query_known(self, column: str, values: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
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

    def capital_of(self, iso: str) -> Place | None:
        """The country's capital city (the one town per country the index marks PPLC)."""
        row = self.con.execute("SELECT id FROM place WHERE cc = ? AND fcode = 'PPLC' ORDER BY population DESC LIMIT 1",
                               (iso,)).fetchone()
        return self.get(row[0]) if row else None

    def country(self, iso: str) -> Place | None:
        row = self._countries.get(iso)
        return self.get(row[4]) if row else None

    def country_code(self, name: str) -> str | None:
        """ISO2 of a country given by name, alias, ISO2/ISO3 or ISO numeric ("DR Congo (Zaire)")."""
        text = (name or "").strip()
        if not text:
            return None
        if text.upper() in self._countries:
            return text.upper()
        for row in self._countries.values():
            if text.upper() == row[1] or text == str(row[2]):
                return row[0]
        from strife.geo.conflict_places import split_names

        for part in split_names(text):
            found = [c.place.country_iso for c in self.candidates(part, fuzzy=False)
                     if c.place.feature_code == "PCLI" and c.place.country_iso]
            if found:
                return found[0]
        return None

    def admin_codes(self, cc: str, admin1: str, admin2: str, lat: float, lon: float) -> tuple[str, str]:
        """Admin1/admin2 codes of a point: the units the file names, matched by name within the
        country; else the units of the nearest known town."""
        from strife.geo.build import strip_admin_words

        def unit(name: str, fcode: str, a1: str = "") -> tuple[str, str] | None:
            if not name:
                return None
            for text in (name, strip_admin_words(name)):
                for c in self.candidates(text):
                    p = c.place
                    if p.country_iso == cc and p.feature_code == fcode:
                        row = self.con.execute("SELECT a1, a2 FROM place WHERE id = ?", (p.geonameid,)).fetchone()
                        if row and (not a1 or row[0] == a1):
                            return row[0] or "", row[1] or ""
            return None

        a1 = (unit(admin1, "ADM1") or ("", ""))[0]
        a2 = (unit(admin2, "ADM2", a1) or ("", ""))[1] if a1 else ""
        if not a1 or not a2:
            d = 0.5
            near = self.con.execute(
                "SELECT a1, a2 FROM place WHERE cc = ? AND fclass = 'P' AND lat BETWEEN ? AND ? "
                "AND lon BETWEEN ? AND ? AND a1 != '' ORDER BY (lat - ?) * (lat - ?) + (lon - ?) * (lon - ?) "
                "LIMIT 1", (cc, lat - d, lat + d, lon - d, lon + d, lat, lat, lon, lon)).fetchone()
            if near:
                if not a1:
                    a1 = near[0]
                if not a2 and near[0] == a1:
                    a2 = near[1] or ""
        return a1, a2

    # -- country facts -------------------------------------------------------------
    def iso_numeric(self, iso: str | None) -> int | None:
        row = self._countries.get(iso or "")
        return row[2] if row else None

    def country_name(self, iso: str | None) -> str | None:
        row = self._countries.get(iso or "")
        return row[3] if row else None

    def _admin(self, code: str) -> tuple[str | None, str | None]:
        if code not in self._admin_cache:
            row = self.con.execute("SELECT name, pcode FROM admin WHERE code = ?", (code,)).fetchone()
            self._admin_cache[code] = (row[0], row[1] or None) if row else (None, None)
        return self._admin_cache[code]

    def admin_name(self, code: str) -> str | None:
        """An admin unit's name ("SY.07" -> "Deir-ez-Zor", the ACLED / OCHA spelling)."""
        return self._admin(code)[0]

    def admin_pcode(self, code: str) -> str | None:
        """An admin unit's OCHA P-code, where known ("SY.07" -> "SY09")."""
        return self._admin(code)[1]

    def _place(self, row: tuple) -> Place:
        pid, name, lat, lon, fclass, fcode, cc, a1, a2, pop = row[:10]
        admin1, p1 = self._admin(f"{cc}.{a1}") if a1 else (None, None)
        admin2, p2 = self._admin(f"{cc}.{a1}.{a2}") if a2 else (None, None)
        if fcode == "ADM1":
            admin1 = admin1 or name  # the code table's spelling, as the unit's towns carry it
        elif fcode == "ADM2":
            admin2 = admin2 or name
        return Place(name=name, latitude=lat, longitude=lon, geonameid=pid, country_iso=cc or None,
                     country=self.country_name(cc), admin1=admin1, admin2=admin2,
                     admin1_pcode=p1, admin2_pcode=p2,
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


@lru_cache(maxsize=4)
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """A shared Gazetteer per index path (opening is cheap, but reuse the connection)."""
    return Gazetteer(Path(path) if path else None)
