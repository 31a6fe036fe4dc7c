"""The held-out split: which gold items rules may be tuned on, and which stay unseen.

A rule-based coder is tuned by reading its errors; every figure on items whose errors were
read is in-sample.  So every gold set is cut once, by a fixed hash of an item's key (a CASE
row id, an ACLED note's text, a geo article's index), into a ``tune`` part (80 %) and a
``heldout`` part (20 %).  Developers read errors on ``tune`` only and report both figures;
the cut never depends on the data's order or on what the coder does with an item.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TypeVar

SPLITS = ("all", "tune", "heldout")
HELDOUT_PERCENT = 20
T = TypeVar("T")


def is_heldout(key: str) -> bool:
    """True for the fixed fifth of keys kept out of tuning (SHA-256 of the key, mod 100)."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % 100 < HELDOUT_PERCENT


def select(items: Sequence[T], split: str, key: Callable[[T], str]) -> list[T]:
    """The items of ``split`` ("all", "tune" or "heldout")."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: choose one of {', '.join(SPLITS)}")
    if split == "all":
        return list(items)
    want = split == "heldout"
    return [it for it in items if is_heldout(key(it)) == want]
