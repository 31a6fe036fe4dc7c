"""Read the YAML dictionaries (actors, countries, generic agents, triggers, cues).

Built-in files live beside this module; users add directories or files of the same
layout.  Errors name the file and line; duplicate aliases warn and the entry loaded
last wins (built-ins load first, alphabetically, then user paths in the order given).
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
INTER_CODES = {1: "State forces", 2: "Rebel groups", 3: "Political militias", 4: "Identity militias",
               5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces"}


class DictionaryError(ValueError):
    """A dictionary file that cannot be used; the message starts with ``file:line:``."""


class DuplicateAliasWarning(UserWarning):
    """One alias names two actors; the later definition is used."""


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records each mapping's 1-based line under ``__line__``."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; syntax errors become :class:`DictionaryError` with the line."""
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise DictionaryError(f"{path}:{line}: YAML error: {exc.problem or exc}") from exc
    except OSError as exc:
        raise DictionaryError(f"{path}:0: cannot read: {exc}") from exc


@dataclass
class ActorEntry:
    name: str
    inter: int | None
    country: str | None = None
    plover: str | None = None
    aliases: list[str] = field(default_factory=list)
    air_capable: bool = False
    by_country: dict[str, str] = field(default_factory=dict)
    source: bool = False  # a reporting source (monitor, agency), never an actor
    kind: str | None = None  # generic agent kind for generated entries ("military", ...)
    origin: str = ""

    def name_for(self, country: str | None) -> str:
        """The canonical name to use in an article about ``country``."""
        return self.by_country.get(country or "", self.name)


@dataclass
class Country:
    iso: str
    name: str
    adjectives: list[str]
    since: int | None = None
    article: str | None = None
    air_force: bool = True

    @property
    def full_name(self) -> str:
        return f"{self.article} {self.name}" if self.article else self.name


@dataclass
class Agent:
    kind: str
    name: str  # template with {country} and {since}
    inter: int
    plover: str | None
    nouns: list[str]
    bare: list[str]
    air_capable: bool = False

    def name_for(self, country: Country) -> str:
        since = country.since if country.since is not None else ""
        return self.name.format(country=country.full_name, since=since).replace(" (-)", "")


@dataclass
class Dictionaries:
    """Everything the actor ruler and the coder read, loaded once."""

    actors: dict[str, ActorEntry]
    aliases: dict[str, str]  # alias (as written) -> canonical actor name
    countries: dict[str, Country]
    agents: dict[str, Agent]
    classes: dict[str, dict]
    instruments: list[dict]
    cues: dict[str, list[str]]
    warnings: list[str] = field(default_factory=list)

    def actor(self, name: str | None) -> ActorEntry | None:
        return self.actors.get(name) if name else None

    def country_by_adjective(self) -> dict[str, Country]:
        return {adj.lower(): c for c in self.countries.values() for adj in c.adjectives}

    def country_by_name(self) -> dict[str, Country]:
        out = {c.name.lower(): c for c in self.countries.values()}
        for c in self.countries.values():
            if c.article:
                out[f"{c.article} {c.name}".lower()] = c
        return out

    def generic_id(self, kind: str) -> str:
        """Entity id for a generic agent whose country the coder must work out."""
        return f"~{kind}"


def _where(path: Path, item: Any) -> str:
    line = item.get("__line__", 0) if isinstance(item, dict) else 0
    return f"{path}:{line}"


def _check_inter(path: Path, item: dict, value: Any) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or value not in INTER_CODES:
        raise DictionaryError(f"{_where(path, item)}: unknown inter code {value!r} for "
                              f"{item.get('name')!r} (must be 1..8: "
                              + ", ".join(f"{k} {v}" for k, v in INTER_CODES.items()) + ")")
    return value


def _as_list(path: Path, item: dict, key: str) -> list[str]:
    value = item.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise DictionaryError(f"{_where(path, item)}: {key!r} must be a list")
    return [str(v) for v in value]


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml")))
        elif p.exists():
            out.append(p)
        else:
            raise DictionaryError(f"{p}:0: dictionary path does not exist")
    return out


def _alias_key(alias: str) -> str:
    """Short all-capital aliases ("IS") are case-sensitive; the rest compare in lower case."""
    return alias if is_case_sensitive(alias) else alias.lower()


def is_case_sensitive(alias: str) -> bool:
    letters = alias.replace(".", "").replace("-", "")
    return letters.isupper() and len(letters) <= 5


def _add_actor(store: Dictionaries, keys: dict[str, str], path: Path, item: dict, source: bool) -> None:
    if not isinstance(item, dict) or not item.get("name"):
        raise DictionaryError(f"{_where(path, item)}: every entry needs a 'name'")
    entry = ActorEntry(
        name=str(item["name"]),
        inter=None if source else _check_inter(path, item, item.get("inter")),
        country=item.get("country"),
        plover=item.get("plover"),
        aliases=_as_list(path, item, "aliases"),
        air_capable=bool(item.get("air_capable", False)),
        by_country={str(k): str(v) for k, v in (item.get("by_country") or {}).items() if k != "__line__"},
        source=source or bool(item.get("source", False)),
        origin=_where(path, item),
    )
    if not source and entry.inter is None:
        raise DictionaryError(f"{entry.origin}: actor {entry.name!r} has no inter code (1..8)")
    store.actors[entry.name] = entry
    for name in entry.by_country.values():
        store.actors.setdefault(name, ActorEntry(name, entry.inter, None, entry.plover, [],
                                                 entry.air_capable, {}, entry.source, None, entry.origin))
    for alias in {entry.name, *entry.aliases}:
        key = _alias_key(alias)
        old = store.aliases.get(key)
        if old is not None and old != entry.name:
            msg = (f"{entry.origin}: alias {alias!r} was {old!r} ({keys[key]}); now {entry.name!r} "
                   f"(the entry loaded last wins)")
            store.warnings.append(msg)
            warnings.warn(msg, DuplicateAliasWarning, stacklevel=3)
        store.aliases[key] = entry.name
        keys[key] = entry.origin


def _load_file(store: Dictionaries, keys: dict[str, str], path: Path) -> None:
    data = read_yaml(path)
    if data is None:
        return
    if not isinstance(data, dict):
        raise DictionaryError(f"{path}:1: expected a mapping with keys like 'actors:'")
    for item in data.get("actors") or []:
        _add_actor(store, keys, path, item, source=False)
    for item in data.get("sources") or []:
        _add_actor(store, keys, path, item, source=True)
    for item in data.get("countries") or []:
        try:
            c = Country(str(item["iso"]), str(item["name"]), _as_list(path, item, "adjectives"),
                        item.get("since"), item.get("article"), bool(item.get("air_force", True)))
        except (KeyError, TypeError) as exc:
            raise DictionaryError(f"{_where(path, item)}: country needs iso and name") from exc
        store.countries[c.iso] = c
    for kind, item in (data.get("agents") or {}).items():
        if kind == "__line__":
            continue
        store.agents[kind] = Agent(kind, str(item["name"]), _check_inter(path, item, item.get("inter")),
                                   item.get("plover"), _as_list(path, item, "nouns"),
                                   _as_list(path, item, "bare"), bool(item.get("air_capable", False)))
    for cname, item in (data.get("classes") or {}).items():
        if cname != "__line__":
            store.classes[cname] = _strip_lines(item)
    if data.get("instruments"):
        store.instruments = _strip_lines(list(data["instruments"]))
    for key, value in data.items():
        if key not in {"actors", "sources", "countries", "agents", "classes", "instruments", "__line__"}:
            if not isinstance(value, list):
                raise DictionaryError(f"{path}:0: unknown section {key!r}")
            store.cues.setdefault(key, [])
            store.cues[key] = list(dict.fromkeys([*store.cues[key], *[str(v).lower() for v in value]]))


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def builtin_files() -> list[Path]:
    return sorted(HERE.rglob("*.yaml"))


@functools.lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> Dictionaries:
    store = Dictionaries({}, {}, {}, {}, {}, [], {})
    keys: dict[str, str] = {}
    for path in builtin_files() + _files([Path(p) for p in extra]):
        _load_file(store, keys, path)
    _add_generic_actors(store)
    return store


def _add_generic_actors(store: Dictionaries) -> None:
    """Register the canonical names of country + agent combinations (no aliases: the ruler
    builds those phrases itself)."""
    for agent in store.agents.values():
        for c in store.countries.values():
            name = agent.name_for(c)
            if name not in store.actors:
                store.actors[name] = ActorEntry(name, agent.inter, c.iso, agent.plover, [],
                                                agent.air_capable and c.air_force, kind=agent.kind,
                                                origin="generated")


def load_dictionaries(extra: list[Path] | tuple = ()) -> Dictionaries:
    """Built-in dictionaries plus user files/directories ``extra`` (cached per path list)."""
    return _load(tuple(str(Path(p)) for p in extra or ()))
