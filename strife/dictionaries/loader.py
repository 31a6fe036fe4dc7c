"""Read the YAML dictionaries (actors, countries, generic agents, triggers, cues).

Built-in files live beside this module; users add directories or files of the same
layout.  Errors name the file and line; duplicate aliases warn and the entry loaded
last wins (built-ins load first, alphabetically, then user paths in the order given).
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass, field
from datetime import date
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


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader (libyaml's where installed: the generated actor files are large) that
    records each mapping's 1-based line under ``__line__``."""

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


#: Keys an actor (or reporting source) entry may have; any other key is an error.
ACTOR_KEYS = {"name", "inter", "country", "plover", "aliases", "air_capable", "by_country", "source",
              "names", "valid_from", "valid_until", "credit"}


@dataclass(frozen=True)
class DatedName:
    """A name a group carried until a date (exclusive): "Jabhat al-Nusra" until 2016-07-28."""

    name: str
    until: date


def read_sections(path: Path, keys: set[str]) -> tuple[dict[str, Any], int]:
    """A YAML file that must be a mapping with exactly the sections ``keys``: the mapping
    (without line marks) and the line it starts on; anything else is a DictionaryError."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DictionaryError(f"{path}:1: expected a mapping")
    line = data.pop("__line__", 1)
    if set(data) != keys:
        raise DictionaryError(f"{path}:{line}: expected keys {sorted(keys)}, got {sorted(data)}")
    return data, line


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
    names: list[DatedName] = field(default_factory=list)  # earlier names, oldest first
    valid_from: date | None = None  # the group's first day under any of its names
    valid_until: date | None = None  # dissolved / merged (exclusive)
    credit: str | None = None  # where the entry comes from (dataset, id, licence)

    def name_for(self, country: str | None) -> str:
        """The canonical name to use in an article about ``country``."""
        return self.by_country.get(country or "", self.name)

    def name_on(self, day: date | None, country: str | None = None) -> str:
        """The name valid on ``day`` (a succession: any alias of the lineage maps to the name
        the group carried then), specialised for ``country`` (branches: "Islamic State (Iraq)")."""
        if day is not None:
            for former in self.names:
                if day < former.until:
                    return former.name
        return self.name_for(country)


@dataclass(frozen=True)
class Period:
    """A government period: ACLED's label ("2017-2021") for state actors from ``start``."""

    start: date
    label: str
    head: str | None = None


@dataclass
class Country:
    iso: str
    name: str
    adjectives: list[str]
    since: int | None = None
    article: str | None = None
    air_force: bool = True
    numeric: int | None = None  # ISO 3166-1 numeric (ACLED's iso column)
    capitals: list[str] = field(default_factory=list)  # names that stand for the state
    # False for the countries only GeoNames lists (_add_world_countries): they name generic
    # actors but make no actor-ruler phrases ("Canadian troops": patterns for ~175 more
    # countries cost ~200 MB per process)
    in_ruler: bool = True

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
    named_by_place: bool = False  # "Civilians (Syria)": the country is where the event is
    at_home: bool = False  # acts only in its own country (police): unnamed, the event's country

    def name_for(self, country: Country, label: str | None = None) -> str:
        """The name for ``country``; ``label`` is a government period ("2017-2021"),
        by default the current one (``since-``).  ACLED writes the article where the
        country is a noun of the phrase ("Military Forces of the United States") and the
        bare name as a qualifier ("Protesters (United States)")."""
        if label is None:
            label = f"{country.since}-" if country.since is not None else ""
        template = self.name.replace("({since}-)", "({since})").replace("({country})", "({bare})")
        return template.format(country=country.full_name, bare=country.name, since=label).replace(" ()", "")


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
    periods: dict[str, list[Period]] = field(default_factory=dict)  # ISO alpha-2 -> periods, by start
    default_actor1: dict[str, str] = field(default_factory=dict)  # event/sub-event type -> agent kind
    lineage: dict[str, str] = field(default_factory=dict)  # branch/former name -> its entry's name
    origins: dict[str, str] = field(default_factory=dict)  # "periods:SY" -> file:line

    def lineage_entry(self, name: str | None) -> ActorEntry | None:
        """The dictionary entry a name belongs to: itself, or the group whose branch or
        former name it is ("Jabhat al-Nusra" -> the HTS entry)."""
        if not name:
            return None
        return self.actors.get(self.lineage.get(name, name)) or self.actors.get(name)
    sub_event_plover: dict[str, tuple[str, str]] = field(default_factory=dict)  # sub-event -> (type, mode)

    def actor(self, name: str | None) -> ActorEntry | None:
        return self.actors.get(name) if name else None

    def period(self, iso: str | None, day: date | None) -> str | None:
        """ACLED's government-period label for country ``iso`` on ``day`` (the current period
        when ``day`` is None; the first known one for days before it)."""
        periods = self.periods.get(iso or "")
        if not periods:
            country = self.countries.get(iso or "")
            return f"{country.since}-" if country is not None and country.since is not None else None
        if day is None:
            return periods[-1].label
        found = periods[0]
        for p in periods:
            if p.start <= day:
                found = p
        return found.label

    def country_by_numeric(self) -> dict[int, Country]:
        return {c.numeric: c for c in self.countries.values() if c.numeric is not None}

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


def _date(path: Path, item: dict, key: str, value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise DictionaryError(f"{_where(path, item)}: {key!r} must be a date YYYY-MM-DD, not {value!r}") from exc


def _unknown_keys(path: Path, item: dict, allowed: set[str], what: str) -> None:
    extra = sorted(k for k in item if k != "__line__" and k not in allowed)
    if extra:
        raise DictionaryError(f"{_where(path, item)}: unknown key {extra[0]!r} in {what} "
                              f"(allowed: {', '.join(sorted(allowed))})")


def _dated_names(path: Path, item: dict) -> list[DatedName]:
    out = []
    for former in item.get("names") or []:
        if not isinstance(former, dict) or not former.get("name") or not former.get("until"):
            raise DictionaryError(f"{_where(path, former if isinstance(former, dict) else item)}: "
                                  f"each of 'names' needs 'name' and 'until'")
        _unknown_keys(path, former, {"name", "until", "aliases"}, "a former name")
        out.append(DatedName(str(former["name"]), _date(path, former, "until", former["until"])))
    return sorted(out, key=lambda d: d.until)


def _add_actor(store: Dictionaries, keys: dict[str, str], path: Path, item: dict, source: bool) -> None:
    if not isinstance(item, dict) or not item.get("name"):
        raise DictionaryError(f"{_where(path, item)}: every entry needs a 'name'")
    _unknown_keys(path, item, ACTOR_KEYS, f"actor {item.get('name')!r}")
    names = _dated_names(path, item)
    former_aliases = [str(a) for former in item.get("names") or []
                      for a in [former["name"], *(former.get("aliases") or [])]]
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
        names=names,
        valid_from=_date(path, item, "valid_from", item.get("valid_from")),
        valid_until=_date(path, item, "valid_until", item.get("valid_until")),
        credit=str(item["credit"]) if item.get("credit") else None,
    )
    entry.aliases = list(dict.fromkeys([*entry.aliases, *former_aliases]))
    if not source and entry.inter is None:
        raise DictionaryError(f"{entry.origin}: actor {entry.name!r} has no inter code (1..8)")
    store.actors[entry.name] = entry
    for name in [*entry.by_country.values(), *(d.name for d in entry.names)]:
        # a branch or former name is its own actor too, read back to the lineage by name
        store.actors.setdefault(name, ActorEntry(name, entry.inter, entry.country, entry.plover, [],
                                                 entry.air_capable, {}, entry.source, None, entry.origin))
        store.lineage.setdefault(name, entry.name)
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
        if isinstance(item, dict):
            _unknown_keys(path, item, {"iso", "name", "adjectives", "since", "article", "air_force",
                                       "numeric", "capitals"}, "a country")
        try:
            c = Country(str(item["iso"]), str(item["name"]), _as_list(path, item, "adjectives"),
                        item.get("since"), item.get("article"), bool(item.get("air_force", True)),
                        item.get("numeric"), _as_list(path, item, "capitals"))
        except (KeyError, TypeError) as exc:
            raise DictionaryError(f"{_where(path, item)}: country needs iso and name") from exc
        store.countries[c.iso] = c
    for item in data.get("periods") or []:
        _add_periods(store, path, item)
    if data.get("default_actor1"):
        store.origins["default_actor1"] = _where(path, data["default_actor1"])
    for kind_of, kind in (data.get("default_actor1") or {}).items():
        if kind_of != "__line__":
            store.default_actor1[str(kind_of)] = str(kind)
    for kind, item in (data.get("agents") or {}).items():
        if kind == "__line__":
            continue
        _unknown_keys(path, item, {"name", "inter", "plover", "nouns", "bare", "air_capable", "named_by_place",
                                   "at_home"}, f"agent {kind!r}")
        store.agents[kind] = Agent(kind, str(item["name"]), _check_inter(path, item, item.get("inter")),
                                   item.get("plover"), _as_list(path, item, "nouns"),
                                   _as_list(path, item, "bare"), bool(item.get("air_capable", False)),
                                   bool(item.get("named_by_place", False)), bool(item.get("at_home", False)))
    for cname, item in (data.get("classes") or {}).items():
        if cname != "__line__":
            store.classes[cname] = _trigger_class(path, str(cname), item)
    if data.get("sub_event_plover"):
        store.sub_event_plover.update({str(k): tuple(v) for k, v in _strip_lines(data["sub_event_plover"]).items()})
    if data.get("instruments"):
        store.instruments = _strip_lines(list(data["instruments"]))
    for key, value in data.items():
        if key not in {"actors", "sources", "countries", "agents", "classes", "instruments", "periods",
                       "default_actor1", "credit", "__line__",
                       "sub_event_plover"}:
            if not isinstance(value, list):
                raise DictionaryError(f"{path}:0: unknown section {key!r}")
            store.cues.setdefault(key, [])
            store.cues[key] = list(dict.fromkeys([*store.cues[key], *[str(v).lower() for v in value]]))


def _add_periods(store: Dictionaries, path: Path, item: dict) -> None:
    """One country's government periods; labels are start year - next start year."""
    if not isinstance(item, dict) or not item.get("country") or not item.get("terms"):
        raise DictionaryError(f"{_where(path, item)}: a period table needs 'country' and 'terms'")
    _unknown_keys(path, item, {"country", "source", "terms"}, "a period table")
    if not item.get("source"):
        raise DictionaryError(f"{_where(path, item)}: periods of {item['country']!r} need a 'source'")
    terms = []
    for term in item["terms"]:
        if not isinstance(term, dict) or "from" not in term:
            raise DictionaryError(f"{_where(path, term if isinstance(term, dict) else item)}: "
                                  f"each term needs 'from'")
        _unknown_keys(path, term, {"from", "head", "label"}, "a term")
        terms.append((_date(path, term, "from", term["from"]), term))
    terms.sort(key=lambda t: t[0])
    periods = []
    for i, (start, term) in enumerate(terms):
        end = terms[i + 1][0].year if i + 1 < len(terms) else ""
        label = str(term.get("label") or f"{start.year}-{end}")
        periods.append(Period(start, label, term.get("head")))
    store.periods[str(item["country"])] = periods
    store.origins[f"periods:{item['country']}"] = _where(path, item)
#: The schema of a trigger class (triggers.yaml documents each key): key -> accepted type.
TRIGGER_CLASS_KEYS: dict[str, type | tuple[type, ...]] = {
    "verbs": list, "nouns": list, "phrases": list, "verb_objects": dict, "verb_purposes": dict,
    "sub_event": (str, type(None)), "plover": (str, type(None)), "mode": (str, type(None)), "rank": int,
    "violent": bool, "absorbing": (str, type(None)), "absorbed": bool, "death_report": bool,
    "unidentified_perpetrator": bool, "civilian_actor": bool, "mutual": bool, "generic": bool,
    "outranks_object": bool, "crowd_control": bool, "finder_subject": bool,
    "subtype_rules": list, "scope": list,
}


def _trigger_class(path: Path, name: str, item: Any) -> dict:
    """One trigger class, checked against :data:`TRIGGER_CLASS_KEYS`; absent traits default to
    false or empty, and ``origin`` records file:line for later errors (an unknown rule name)."""
    if not isinstance(item, dict):
        raise DictionaryError(f"{path}:0: trigger class {name!r} must be a mapping")
    where = _where(path, item)
    for key, value in item.items():
        if key == "__line__":
            continue
        if key not in TRIGGER_CLASS_KEYS:
            raise DictionaryError(f"{where}: unknown key {key!r} in trigger class {name!r} "
                                  f"(known: {', '.join(sorted(TRIGGER_CLASS_KEYS))})")
        kind = TRIGGER_CLASS_KEYS[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            raise DictionaryError(f"{where}: {key!r} of trigger class {name!r} has the wrong type "
                                  f"({type(value).__name__})")
    spec = _strip_lines(item)
    words = [*spec.get("verbs", []), *spec.get("nouns", []),
             *(w for p in spec.get("phrases", []) for w in (p if isinstance(p, list) else [p])),
             *(k for key in ("verb_objects", "verb_purposes") for k in spec.get(key, {})),
             *(w for key in ("verb_objects", "verb_purposes") for v in spec.get(key, {}).values()
               for w in (v if isinstance(v, list) else [v]))]
    bad = [w for w in words if not isinstance(w, str)]
    if bad:  # YAML reads a bare on, off, yes or no as a boolean: quote the word
        raise DictionaryError(f"{where}: trigger class {name!r} has words that are not strings: "
                              f"{', '.join(map(repr, bad))} (quote YAML's on/off/yes/no)")
    for key, kind in TRIGGER_CLASS_KEYS.items():
        if key not in spec:
            spec[key] = False if kind is bool else [] if kind is list else {} if kind is dict else \
                0 if kind is int else None
    spec["origin"] = where
    return spec


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
    _add_world_countries(store)
    _check_periods(store)
    _add_generic_actors(store)
    return store


def _add_world_countries(store: Dictionaries) -> None:
    """Every other inhabited country GeoNames lists (the vendored countryInfo.txt, with its
    demonyms from demonyms.tsv), so generic actors take the event's country anywhere ACLED
    codes ("Civilians (Sri Lanka)", "Police Forces of Canada"), named without a government
    period, which periods.yaml gives only for its countries.  The YAML's entries (ACLED's
    spellings, periods, capitals) win, and only they make actor-ruler phrases (``in_ruler``);
    a user adds a country to countries.yaml to have "Canadian troops" read as an actor."""
    from strife.data import countries, demonyms

    adjectives: dict[str, list[str]] = {}
    for word, iso in demonyms():
        adjectives.setdefault(iso, []).append(word)
    for row in countries():
        if row["iso"] not in store.countries and row["population"] > 0:
            store.countries[row["iso"]] = Country(row["iso"], row["name"], adjectives.get(row["iso"], []),
                                                  numeric=row["isonum"], in_ruler=False)


def _check_periods(store: Dictionaries) -> None:
    """Every period table names a known country; its current period sets the country's
    ``since`` (the name used when an event has no date)."""
    for iso, periods in store.periods.items():
        country = store.countries.get(iso)
        if country is None:
            raise DictionaryError(f"{store.origins.get(f'periods:{iso}', 'periods:0')}: period table for "
                                  f"unknown country {iso!r} (add it to countries)")
        country.since = int(periods[-1].label.split("-")[0]) if periods[-1].label.endswith("-") else country.since
    for kind_of, kind in store.default_actor1.items():
        if kind not in store.agents:
            raise DictionaryError(f"{store.origins.get('default_actor1', 'default_actor1:0')}: "
                                  f"{kind_of!r} -> unknown agent kind {kind!r}")


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
