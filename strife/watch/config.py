"""The sources file of `strife watch` (``watch.yaml``)::

    sources:
      - url: https://example.org/feed.xml   # an RSS/Atom feed
        interval: 600                      # seconds between polls (default 600 for feeds)
        language: en                       # overrides what the feed says
        outlet: Example News               # the outlet (ACLED "source") of its articles
        tags: [levant, wire]               # written to the ACLED `tags` column of its events
      - path: /data/incoming               # a folder: new or changed files (default every 30 s)
    alerts:
      - name: idlib-deaths
        country: Syria                     # any filter of `strife events`
        admin1: Idleb
        min_fatalities: 1
        jsonl: alerts.jsonl                # also append each alert here
        webhook: https://hooks.example.org/strife   # and POST it here

Unknown keys are errors naming the file and line; so are a source with both or neither of
``url`` and ``path``, and filter values ``strife events`` would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from strife.dictionaries.loader import DictionaryError, read_yaml
from strife.store.queries import EventFilter

FEED_INTERVAL = 600.0
FOLDER_INTERVAL = 30.0
MIN_INTERVAL = 5.0
_SOURCE_KEYS = {"url", "path", "interval", "language", "outlet", "tags", "__line__"}
_SINK_KEYS = {"name", "jsonl", "webhook", "__line__"}
_FILTER_KEYS = {"country", "admin1", "type", "plover", "actor", "text", "min_sources", "min_fatalities"}


class WatchConfigError(DictionaryError):
    """A sources file that cannot be used; the message starts with ``file:line:``."""


@dataclass(frozen=True)
class SourceSpec:
    """One followed source: a feed URL or a folder."""

    target: str  # the URL or folder path, as given; the source's id in the store
    kind: str  # "feed" | "folder"
    interval: float
    language: str | None = None
    outlet: str | None = None
    tags: tuple[str, ...] = ()  # ACLED `tags` of the events its articles give


@dataclass(frozen=True)
class AlertRule:
    """A saved filter and where its alerts go (besides stdout and the Atom feed)."""

    name: str
    filter: EventFilter
    jsonl: str | None = None
    webhook: str | None = None


@dataclass
class WatchConfig:
    sources: list[SourceSpec] = field(default_factory=list)
    alerts: list[AlertRule] = field(default_factory=list)


def source_from_argument(arg: str, interval: float | None = None) -> SourceSpec:
    """A command-line source: an http(s) URL is a feed, anything else a folder."""
    if arg.startswith(("http://", "https://")):
        return SourceSpec(arg, "feed", max(MIN_INTERVAL, interval or FEED_INTERVAL))
    return SourceSpec(str(Path(arg)), "folder", max(MIN_INTERVAL, interval or FOLDER_INTERVAL))


def load_watch_file(path: str | Path) -> WatchConfig:
    """Read and validate a sources file."""
    path = Path(path)
    data = read_yaml(path)
    if data is None:
        return WatchConfig()
    if not isinstance(data, dict):
        raise WatchConfigError(f"{path}:1: expected a mapping with 'sources:' and/or 'alerts:'")
    unknown = set(data) - {"sources", "alerts", "__line__"}
    if unknown:
        raise WatchConfigError(f"{path}:1: unknown section(s) {', '.join(sorted(unknown))}")
    config = WatchConfig()
    for item in data.get("sources") or []:
        config.sources.append(_source(path, item))
    names = set()
    for item in data.get("alerts") or []:
        rule = rule_from_mapping(item, f"{path}:{_line(item)}")
        if rule.name in names:
            raise WatchConfigError(f"{path}:{_line(item)}: a second alert named {rule.name!r}")
        names.add(rule.name)
        config.alerts.append(rule)
    return config


def rule_from_mapping(item: object, where: str) -> AlertRule:
    """An alert rule from ``{name, <filters>, jsonl?, webhook?}``; errors start with ``where``."""
    if not isinstance(item, dict) or not item.get("name"):
        raise WatchConfigError(f"{where}: an alert needs a name")
    unknown = set(item) - _SINK_KEYS - _FILTER_KEYS
    if unknown:
        raise WatchConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} in alert "
                               f"{item['name']!r} (filters: {', '.join(sorted(_FILTER_KEYS))})")
    try:
        flt = EventFilter(**{k: v for k, v in item.items() if k in _FILTER_KEYS})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False))
        raise WatchConfigError(f"{where}: alert {item['name']!r}: {problems}") from exc
    webhook = item.get("webhook")
    if webhook and not str(webhook).startswith(("http://", "https://")):
        raise WatchConfigError(f"{where}: alert {item['name']!r}: webhook must be an http(s) URL")
    return AlertRule(str(item["name"]), flt, item.get("jsonl"), webhook)


def _source(path: Path, item: object) -> SourceSpec:
    where = f"{path}:{_line(item)}"
    if not isinstance(item, dict):
        raise WatchConfigError(f"{where}: a source is a mapping with url: or path:")
    unknown = set(item) - _SOURCE_KEYS
    if unknown:
        raise WatchConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} in a source")
    if ("url" in item) == ("path" in item):
        raise WatchConfigError(f"{where}: a source has either url: (a feed) or path: (a folder)")
    interval = item.get("interval")
    if interval is not None and (not isinstance(interval, (int, float)) or interval < MIN_INTERVAL):
        raise WatchConfigError(f"{where}: interval must be a number of seconds >= {MIN_INTERVAL:g}")
    tags = item.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, (str, int)) and str(t).strip() for t in tags):
        raise WatchConfigError(f"{where}: tags must be a list of words")
    tags = tuple(str(t).strip() for t in tags)
    if "url" in item:
        url = str(item["url"])
        if not url.startswith(("http://", "https://")):
            raise WatchConfigError(f"{where}: url must be http(s): {url!r}")
        return SourceSpec(url, "feed", float(interval or FEED_INTERVAL), item.get("language"), item.get("outlet"),
                          tags)
    folder = Path(str(item["path"])).expanduser()
    if not folder.is_absolute():
        folder = (path.parent / folder).resolve()
    return SourceSpec(str(folder), "folder", float(interval or FOLDER_INTERVAL), item.get("language"),
                      item.get("outlet"), tags)


def _line(item: object) -> int:
    return item.get("__line__", 0) if isinstance(item, dict) else 0
