"""Store stage: the DuckDB file, its migrations, writes and queries."""

from strife.store.db import Store, StoreError
from strife.store.queries import EventFilter, UnknownValue

__all__ = ["EventFilter", "Store", "StoreError", "UnknownValue"]
