"""Open a DuckDB store, apply migrations, run writes in transactions."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, UTC
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb


class StoreError(RuntimeError):
    pass


# -- who holds the store ---------------------------------------------------------------
# DuckDB lets one process open a store file for writing (and then no other may read it).
# The writer leaves a small holder file beside the store (``STORE.holder``: PID, command,
# start time) so that a second process can say *which* Strife command holds it.

LOCK_CONFLICT = re.compile(r"Conflicting lock is held in (?P<exe>.*?) \(PID (?P<pid>\d+)\)")


def holder_path(store_path: str) -> Path:
    return Path(store_path + ".holder")


def _command_line() -> str:
    args = [Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python", *sys.argv[1:]]
    return " ".join(args)[:300]


def write_holder(store_path: str) -> Path | None:
    """Record this process as the store's writer (best effort: a read-only directory is fine)."""
    path = holder_path(store_path)
    info = {"pid": os.getpid(), "command": _command_line(),
            "since": datetime.now(UTC).isoformat(timespec="seconds")}
    try:
        path.write_text(json.dumps(info), encoding="utf-8")
    except OSError:
        return None
    return path


def release_holder(path: Path) -> None:
    """Remove the holder file if it is still this process's."""
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError, AttributeError):
        pass


def _process_command(pid: int) -> str | None:
    """The command line of a live process (Linux /proc), or None."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    args = [a.decode("utf-8", "backslashreplace") for a in raw.split(b"\0") if a]
    if args and Path(args[0]).name.startswith("python") and len(args) > 1:
        args = args[1:]
    return " ".join([Path(args[0]).name, *args[1:]])[:300] if args else None


def in_use_message(store_path: str, duckdb_error: str, waited: float) -> str:
    """A readable line for a store another process holds: which command, which PID, what to do."""
    m = LOCK_CONFLICT.search(duckdb_error)
    pid = int(m.group("pid")) if m else None
    holder = None
    try:
        info = json.loads(holder_path(store_path).read_text(encoding="utf-8"))
        if info.get("pid") == pid:
            holder = f"`{info.get('command')}` (PID {pid}, since {info.get('since')})"
    except (OSError, ValueError, AttributeError):
        pass
    if holder is None and pid is not None:
        command = _process_command(pid)
        holder = f"`{command}` (PID {pid})" if command else f"process {pid}"
    waited_text = f" after waiting {waited:g} s" if waited > 0 else ""
    return (f"store {store_path} is in use by {holder or 'another process'}{waited_text}. "
            "DuckDB lets one process write a store, and no other open it while it does: "
            "wait for it (--wait SECONDS), stop it, or send articles to a server started with "
            "--write-token-file (POST /articles) or --watch")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every migration shipped in ``strife/store/migrations``."""
    found = []
    for entry in resources.files("strife.store").joinpath("migrations").iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def _rebuild_search(con: Connection) -> None:
    from strife.store.search import rebuild

    rebuild(con)


def _backfill_sentence_keys(con: Connection) -> None:
    from strife.store.records import backfill_sentence_keys

    backfill_sentence_keys(con)


#: A DuckDB connection or one of its cursors: what every store function reads and writes.
Connection = duckdb.DuckDBPyConnection

#: Python steps run right after a migration's SQL, in its transaction (data backfills).
MIGRATION_HOOKS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {
    6: _rebuild_search, 13: _backfill_sentence_keys}


def one_row(con: Connection, sql: str, params: object = None) -> tuple[Any, ...]:
    """The row of a query that returns exactly one (an aggregate such as ``count(*)``)."""
    row = con.execute(sql, params).fetchone()
    if row is None:
        raise StoreError(f"no row from a query that always returns one: {sql[:80]}")
    return row


@contextlib.contextmanager
def snapshot(con: Connection) -> Iterator[Connection]:
    """Run a read's queries in one transaction, so all of them see the same committed state.

    A page of events is read in two queries (ids, then rows); a write committed between
    them must not show half of itself.  The transaction is rolled back: it only reads."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    finally:
        con.execute("ROLLBACK")


@contextlib.contextmanager
def transaction(con: Connection) -> Iterator[Connection]:
    """Run a batch of writes in one transaction: committed when the block ends, rolled
    back if it raises, so a failure never leaves half a batch behind."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    else:
        con.execute("COMMIT")


class Store:
    """A Strife store in one DuckDB file (or ``:memory:``).

    Writes go through :meth:`transaction`: either the whole batch is stored or
    none of it, so a crash never leaves half an article behind.
    """

    def __init__(self, path: str | Path = "strife.duckdb", read_only: bool = False, wait: float = 0.0) -> None:
        """Open (and migrate) the store; ``wait`` seconds are spent retrying while another
        process holds it, after which StoreError names that process."""
        self.path = str(path)
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(f"no Strife store at {self.path}")
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            try:
                self.con = duckdb.connect(self.path, read_only=read_only)
                break
            except duckdb.IOException as exc:
                if not LOCK_CONFLICT.search(str(exc)):
                    raise StoreError(f"cannot open store {self.path}: {exc}") from exc
                if time.monotonic() >= deadline:
                    raise StoreError(in_use_message(self.path, str(exc), wait)) from exc
                time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
        self.read_only = read_only
        self._holder: Path | None = None
        if not read_only and self.path != ":memory:":
            self._holder = write_holder(self.path)
        try:
            if not read_only:
                self.migrate()
            elif self.missing_migrations():
                raise StoreError(
                    f"store {self.path} lacks schema migrations {self.missing_migrations()}: "
                    f"open it once for writing (e.g. `strife migrate`) to apply them")
        except BaseException:
            self.close()  # a half-opened store must not keep the file (or its lock)
            raise

    # -- schema -------------------------------------------------------------
    def version(self) -> int:
        exists = one_row(
            self.con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")[0]
        if not exists:
            return 0
        return int(one_row(self.con, "SELECT coalesce(max(version), 0) FROM schema_version")[0])

    def missing_migrations(self) -> list[int]:
        """Versions shipped with this Strife that the store has not applied."""
        if self.version() == 0:
            return [v for v, _, _ in migrations()]
        done = {v for (v,) in self.con.execute("SELECT version FROM schema_version").fetchall()}
        return [v for v, _, _ in migrations() if v not in done]

    def migrate(self) -> list[int]:
        """Apply every migration newer than the store's version; return the versions applied."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version "
            "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)")
        done = {v for (v,) in self.con.execute("SELECT version FROM schema_version").fetchall()}
        applied = []
        for version, name, sql in migrations():
            if version in done:
                continue
            with self.transaction():
                self.con.execute(sql)
                if version in MIGRATION_HOOKS:
                    MIGRATION_HOOKS[version](self.con)
                self.con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
            applied.append(version)
        return applied

    # -- transactions ---------------------------------------------------------
    def transaction(self) -> contextlib.AbstractContextManager[Connection]:
        """Writes in one transaction (see :func:`transaction`)."""
        return transaction(self.con)

    def snapshot(self) -> contextlib.AbstractContextManager[Connection]:
        """Reads in one transaction (see :func:`snapshot`)."""
        return snapshot(self.con)

    def close(self) -> None:
        self.con.close()
        if self._holder is not None:
            release_holder(self._holder)
            self._holder = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- convenience ----------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def counts(self) -> dict[str, int]:
        return {t: int(one_row(self.con, f"SELECT count(*) FROM {t}")[0])
                for t in ("articles", "sentences", "reports", "evidence", "events")}
