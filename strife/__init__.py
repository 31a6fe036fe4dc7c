"""Strife: news reports of armed conflict in, evidence-backed events out.

    import strife
    events = strife.extract(text, published="2017-09-14")   # EventRecords with evidence
    rows = strife.Store("strife.duckdb").events(country="Syria")

Names load on first use, so ``import strife`` stays cheap (spaCy loads on the first extract).
"""

__version__ = "0.1.0"
__all__ = ["EventFilter", "EventRecord", "Store", "UnknownValue", "extract", "__version__"]

_LAZY = {"extract": "strife.library", "Store": "strife.library", "EventRecord": "strife.model",
         "EventFilter": "strife.store.queries", "UnknownValue": "strife.store.queries"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'strife' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_LAZY))
