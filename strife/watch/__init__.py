"""`strife watch`: follow feeds and folders, ingest what is new, fire alerts.

* :mod:`strife.watch.config` -- the sources file (``watch.yaml``) and its validation;
* :mod:`strife.watch.runner` -- rounds: poll each due source, ingest new items through the
  same path as ``strife ingest``, record per-source state in the store;
* :mod:`strife.watch.alerts` -- saved filters that fire once per new or changed event, to
  stdout, a JSON Lines file, a webhook and the Atom feed ``/alerts.atom``.
"""

from strife.watch.config import AlertRule, SourceSpec, WatchConfig, load_watch_file
from strife.watch.runner import SourceResult, Watcher

__all__ = ["AlertRule", "SourceSpec", "WatchConfig", "Watcher", "SourceResult", "load_watch_file"]
