"""Import full GeoNames dumps (allCountries.txt, XX.txt, XX.zip) into the user gazetteer.

Rows stream into a copy of the user index inside one transaction; the copy replaces the
index only when the whole file went in, so an interrupted import leaves the previous
index as it was.  Malformed rows (wrong column count, bad id or coordinates) are skipped
and reported with their line numbers.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: imports are not locked against each other
    fcntl = None

from strife.geo.build import INDEXES, KIND_ALT, KIND_NAME, SCHEMA, atomic_sqlite
from strife.geo.normalize import is_latin, name_key, skeleton

GEONAMES_COLUMNS = 19
BATCH = 5000
_SKIP_LANGS = {"link", "post", "iata", "icao", "faac", "tcid", "unlc", "wkdt", "fr_1793", "abbr"}

Progress = Callable[[int, int], None]  # (bytes done, bytes total)


@dataclass
class ImportReport:
    path: str
    rows: int = 0
    names: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    user_index: str = ""
    cleaned: list[str] = field(default_factory=list)  # temporary files of interrupted imports removed

    def add_error(self, line: int, reason: str, keep: int = 1000) -> None:
        self.skipped += 1
        if len(self.errors) < keep:
            self.errors.append((line, reason))


class _Counting(io.RawIOBase):
    """Wraps a binary stream and counts bytes read, for the progress bar."""

    def __init__(self, raw, progress: Progress | None, total: int):
        self.raw, self.progress, self.total, self.done = raw, progress, total, 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        data = self.raw.read(len(b))
        n = len(data)
        b[:n] = data
        self.done += n
        if self.progress and n:
            self.progress(self.done, self.total)
        return n


@contextmanager
def _open_lines(path: Path, progress: Progress | None, member_suffix: str = ".txt") -> Iterator[Iterator[str]]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.infolist() if m.filename.endswith(member_suffix)
                       and not m.filename.lower().startswith("readme")]
            if not members:
                raise ValueError(f"{path}: no {member_suffix} file inside the zip")
            member = max(members, key=lambda m: m.file_size)
            with zf.open(member) as raw:
                counted = io.BufferedReader(_Counting(raw, progress, member.file_size), 1 << 20)
                yield io.TextIOWrapper(counted, encoding="utf-8", errors="replace")
    else:
        with open(path, "rb") as raw:
            counted = io.BufferedReader(_Counting(raw, progress, os.path.getsize(path)), 1 << 20)
            yield io.TextIOWrapper(counted, encoding="utf-8", errors="replace")


def parse_row(line: str) -> tuple | str:
    """A GeoNames dump line as a place tuple, or the reason it is malformed."""
    cols = line.rstrip("\n").rstrip("\r").split("\t")
    if len(cols) != GEONAMES_COLUMNS:
        return f"expected {GEONAMES_COLUMNS} tab-separated columns, found {len(cols)}"
    if not cols[0].isdigit():
        return f"bad geonameid {cols[0]!r}"
    try:
        lat, lon = float(cols[4]), float(cols[5])
    except ValueError:
        return f"bad coordinates {cols[4]!r}, {cols[5]!r}"
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return f"coordinates out of range {lat}, {lon}"
    if not cols[1].strip():
        return "empty name"
    try:
        population = int(cols[14] or 0)
    except ValueError:
        population = 0
    return (int(cols[0]), cols[1], lat, lon, cols[6], cols[7], cols[8], cols[10], cols[11],
            population, "user", cols[2], cols[3])


@contextmanager
def _import_lock(user_index: Path) -> Iterator[list[Path]]:
    """Hold ``USER_INDEX.import-lock`` (one import at a time) and, once held, remove the
    temporary copies (``USER_INDEX.*.tmp`` and their SQLite journals) that an import killed
    before it could clean up left behind; yields the files removed."""
    user_index.parent.mkdir(parents=True, exist_ok=True)
    with open(user_index.with_name(user_index.name + ".import-lock"), "a+b") as lock:
        if fcntl is not None:
            try:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise ValueError(f"another gazetteer import into {user_index} is running") from None
        removed = []
        for stale in user_index.parent.glob(user_index.name + ".*.tmp*"):
            try:
                stale.unlink()
                removed.append(stale)
            except OSError:
                pass
        yield removed


def import_geonames(path: Path, user_index: Path, alternate_names: Path | None = None,
                    progress: Progress | None = None) -> ImportReport:
    """Stream a GeoNames dump (and optionally alternateNamesV2) into ``user_index``."""
    path, user_index = Path(path), Path(user_index)
    report = ImportReport(str(path), user_index=str(user_index))
    with _import_lock(user_index) as removed, atomic_sqlite(user_index, start_from_existing=True) as con:
        report.cleaned = [str(p) for p in removed]
        con.executescript(SCHEMA + "CREATE INDEX IF NOT EXISTS name_id ON name(id);")
        con.execute("BEGIN")
        places, names = [], []
        with _open_lines(path, progress) as lines:
            for lineno, line in enumerate(lines, 1):
                if not line.strip() or line.startswith("#"):
                    continue
                row = parse_row(line)
                if isinstance(row, str):
                    report.add_error(lineno, row)
                    continue
                gid = row[0]
                places.append(row[:11])
                seen = set()
                for text, kind in [(row[1], KIND_NAME), (row[11], KIND_NAME)] + \
                        [(a, KIND_ALT) for a in row[12].split(",") if a]:
                    key = name_key(text)
                    if key and key not in seen and (kind == KIND_NAME or is_latin(text)):
                        seen.add(key)
                        names.append((key, skeleton(text) or None, gid, kind))
                if len(places) >= BATCH:
                    _flush(con, places, names, report)
        _flush(con, places, names, report)
        if report.rows == 0:
            raise ValueError(f"{path}: no valid GeoNames rows ({report.skipped} malformed)")
        if alternate_names:
            _import_alternates(con, Path(alternate_names), report)
        con.executescript(INDEXES)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('imported:' || ?, ?)", (path.name, str(report.rows)))
    return report


def _flush(con, places: list, names: list, report: ImportReport) -> None:
    if places:
        ids = [(p[0],) for p in places]
        con.executemany("DELETE FROM name WHERE id = ?", ids)  # re-import replaces a place's names
        con.executemany("INSERT OR REPLACE INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
        con.executemany("INSERT INTO name VALUES (?,?,?,?)", names)
        report.rows += len(places)
        report.names += len(names)
    places.clear()
    names.clear()


def _import_alternates(con, path: Path, report: ImportReport) -> None:
    """alternateNamesV2.txt: add Latin-script names of places already in the index."""
    batch = []
    with _open_lines(path, None) as lines:
        for lineno, line in enumerate(lines, 1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or not cols[1].isdigit():
                report.add_error(lineno, f"alternate names: malformed row ({len(cols)} columns)")
                continue
            if cols[2] in _SKIP_LANGS or not is_latin(cols[3]):
                continue
            batch.append((name_key(cols[3]), skeleton(cols[3]) or None, int(cols[1]), KIND_ALT, int(cols[1])))
            if len(batch) >= BATCH:
                _flush_alternates(con, batch, report)
    _flush_alternates(con, batch, report)


def _flush_alternates(con, batch: list, report: ImportReport) -> None:
    con.executemany("INSERT INTO name SELECT ?,?,?,? WHERE EXISTS (SELECT 1 FROM place WHERE id = ?)", batch)
    report.names += len(batch)
    batch.clear()


def import_event_places(path: Path, user_index: Path, gazetteer) -> ImportReport:
    """Add the precise places of a UCDP GED CSV or an ACLED export to ``user_index``: name,
    admin1/admin2 (the file's names matched to the gazetteer's units, else the nearest known
    town's), point and the file's precision.  Rows placed only at an admin unit or a country
    are skipped; rows with a bad point are reported with their line numbers."""
    from strife.geo.conflict_places import feature_of, merge_places, place_id, read_event_places

    path, user_index = Path(path), Path(user_index)
    report = ImportReport(str(path), user_index=str(user_index))
    errors: list[tuple[int, str]] = []
    places = merge_places(read_event_places(path, errors))
    for line, reason in errors:
        report.add_error(line, reason)
    rows, names = [], []
    unknown_countries: set[str] = set()
    for cp in places:
        cc = gazetteer.country_code(cp.country)
        if cc is None:
            unknown_countries.add(cp.country)
            report.skipped += 1
            continue
        a1, a2 = gazetteer.admin_codes(cc, cp.admin1, cp.admin2, cp.latitude, cp.longitude)
        fclass, fcode = feature_of(cp.kind)
        pid = place_id(cc, cp.name, cp.latitude, cp.longitude)
        rows.append((pid, cp.name, cp.latitude, cp.longitude, fclass, fcode, cc, a1, a2, 0, "user"))
        for nm in dict.fromkeys((cp.name, *cp.aliases)):
            if name_key(nm):
                names.append((name_key(nm), skeleton(nm) or None, pid, KIND_NAME))
    for country in sorted(unknown_countries):
        report.errors.append((0, f"unknown country {country!r}: its places were skipped"))
    if not rows:
        raise ValueError(f"{path}: no precise places (precision 1-2 with coordinates) in the file")
    with atomic_sqlite(user_index, start_from_existing=True) as con:
        con.executescript(SCHEMA + "CREATE INDEX IF NOT EXISTS name_id ON name(id);")
        _flush(con, rows, names, report)
        con.executescript(INDEXES)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('imported:' || ?, ?)", (path.name, str(report.rows)))
    return report

