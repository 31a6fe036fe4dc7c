"""Open a DuckDB store, apply migrations, run writes in transactions."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import duckdb


class StoreError(RuntimeError):
    pass


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every migration shipped in ``strife/store/migrations``."""
    found = []
    for entry in resources.files("strife.store").joinpath("migrations").iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def _rebuild_search(con) -> None:
    from strife.store.search import rebuild

    rebuild(con)


def _backfill_sentence_keys(con) -> None:
    from strife.store.records import backfill_sentence_keys

    backfill_sentence_keys(con)


#: Python steps run right after a migration's SQL, in its transaction (data backfills).
MIGRATION_HOOKS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {
    6: _rebuild_search, 13: _backfill_sentence_keys}


@contextlib.contextmanager
def snapshot(con):
    """Run a read's queries in one transaction, so all of them see the same committed state.

    A page of events is read in two queries (ids, then rows); a write committed between
    them must not show half of itself.  The transaction is rolled back: it only reads."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    finally:
        con.execute("ROLLBACK")


class Store:
    """A Strife store in one DuckDB file (or ``:memory:``).

    Writes go through :meth:`transaction`: either the whole batch is stored or
    none of it, so a crash never leaves half an article behind.
    """

    def __init__(self, path: str | Path = "strife.duckdb", read_only: bool = False):
        self.path = str(path)
        try:
            if read_only and self.path != ":memory:" and not Path(self.path).exists():
                raise StoreError(f"no Strife store at {self.path}")
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        self.read_only = read_only
        if not read_only:
            self.migrate()
        elif self.missing_migrations():
            raise StoreError(
                f"store {self.path} lacks schema migrations {self.missing_migrations()}: "
                f"open it once for writing (e.g. `strife migrate`) to apply them")

    # -- schema -------------------------------------------------------------
    def version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()[0]
        if not exists:
            return 0
        return self.con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]

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
    @contextlib.contextmanager
    def transaction(self):
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    def snapshot(self):
        """Reads in one transaction (see :func:`snapshot`)."""
        return snapshot(self.con)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- convenience ----------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "sentences", "reports", "evidence", "events")}
