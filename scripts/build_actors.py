#!/usr/bin/env python3
"""Regenerate the generated actor dictionaries from open structured sources.

Usage::

    python scripts/build_actors.py ucdp-actor-221.csv Phoenix.MilNonState.actors.txt

writes ``strife/dictionaries/actors/ucdp.yaml`` (from a ``.csv``) and
``strife/dictionaries/actors/phoenix.yaml`` (from a Phoenix ``.actors.txt``).  Priority:
the curated (hand-written) files beside them, then UCDP, then Phoenix: an actor one of
whose names a higher source already has is that actor and is skipped whole.

Sources (neither the source files nor the generated YAML are shipped: run this on copies you
obtained from the publishers, and pass the output with ``--dictionaries``):

- UCDP Actor Dataset (built and tested with 22.1), Uppsala Conflict Data Program,
  https://ucdp.uu.se/downloads/ — CC BY 4.0 (cite Davies, Pettersson & Oberg 2022,
  "Organized violence 1989-2021 and drone warfare", Journal of Peace Research 59(4)).
- Phoenix "MilNonState" actor dictionary (aliases as for UCDP, plus: acronyms need four
  letters; an alias must be an acronym, share a word with the group's name or contain an
  organisation word, since the file lists leaders' names as aliases of their groups) of the PETRARCH2 event coder,
  github.com/openeventdata/petrarch2, petrarch2/data/dictionaries/Phoenix.MilNonState.actors.txt
  — MIT licence (c) 2014 Open Event Data; names derived by its authors from START's TOPS
  database.

Rules for UCDP (one per field):

- ``Org`` 1 (formally organised group) -> inter 2 (rebel group), 3 if the name says militia;
  ``Org`` 2 (informally organised: supporters of a party or leader) -> inter 3 (political
  militia); ``Org`` 3 (identity group: ethnic group, clan) -> inter 4 (identity militia),
  named ACLED's way ("Kuki Ethnic Militia (India)", "Abgal Clan Militia (Somalia)") with
  alias phrases that say armed men of the group ("Kuki militants", "Fulani gunmen"): the bare
  group name is a people, not an armed actor; ``Org`` 4 (governments) is skipped: state
  actors are formed from countries.yaml and periods.yaml.
- name: "ACRONYM: Full Name" when UCDP's data name is an acronym (ACLED's style), else the
  data name; aliases: the data name, the original and the later names (``NameOrig``,
  ``NewName``), and their English translations of three words or more (a two-word
  translation such as "Jihad Army" or "Liberation Army" names many groups), without
  bracketed parts and a leading "The".
- country: the first location of the actor that maps to an ISO code.
- dropped aliases: acronyms under three letters, names of countries and their adjectives,
  names made only of words that say what kind of group it is ("Islamic Party"), capitalised
  single plurals ("Outlaws"), a few single words that name something else (``NOT_A_GROUP``),
  aliases the curated dictionary files (the other files beside the output) already define
  (a UCDP actor one of whose names is curated is the curated actor: skipped whole), and
  aliases UCDP gives to two actors.
- UCDP gives no dates of activity in this dataset; entries carry none (``valid_from`` is
  left for curated files).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "strife" / "dictionaries" / "actors" / "ucdp.yaml"  # and phoenix.yaml beside it
COUNTRY_INFO = ROOT / "strife" / "data" / "geo" / "countryInfo.txt"
DEMONYMS = ROOT / "strife" / "data" / "geo" / "demonyms.tsv"
COUNTRIES_YAML = ROOT / "strife" / "dictionaries" / "countries.yaml"
#: UCDP location spellings that differ from GeoNames country names
UCDP_PLACES = {"dr congo": "CD", "united states of america": "US", "bosnia-herzegovina": "BA",
               "congo": "CG", "kingdom of eswatini": "SZ", "macedonia": "MK", "south yemen": "YE",
               "south vietnam": "VN", "hyderabad": "IN"}
ORG_INTER = {"1": 2, "2": 3, "3": 4}
PLOVER = {2: "REB", 3: "MIL", 4: "MIL"}
MILITIA_SUFFIXES = ("militia", "militiamen", "militants", "fighters", "gunmen")


def country_codes() -> tuple[dict[str, str], set[str], dict[str, str]]:
    """GeoNames country names -> ISO, plus every country name/adjective (not actor aliases)."""
    by_name, words, names = {}, set(), {}
    for line in COUNTRY_INFO.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        f = line.split("\t")
        by_name[f[4].lower()] = f[0]
        names[f[0]] = f[4]
        words.add(f[4].lower())
    for line in DEMONYMS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            words.add(line.split("\t")[0].lower())
    for c in (yaml.safe_load(COUNTRIES_YAML.read_text(encoding="utf-8")) or {}).get("countries", []):
        names[c["iso"]] = c["name"]
        words.update(a.lower() for a in [c["name"], *c.get("adjectives", []), *c.get("capitals", [])])
    by_name.update(UCDP_PLACES)
    return by_name, words, names


def key(alias: str) -> str:
    """Comparison key of an alias: lower case (the ruler matches most aliases in any case,
    so "Pkk" and "PKK" are one name here)."""
    return alias.lower()


def curated_aliases(out: Path) -> set[str]:
    """Alias keys of the hand-written dictionary files beside ``out`` (and sources.yaml)."""
    keys = set()
    files = [p for p in out.parent.glob("*.yaml") if not p.read_text(encoding="utf-8").startswith("# GENERATED")]
    files.append(out.parent.parent / "sources.yaml")
    for path in (p for p in files if p.exists()):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in [*(data.get("actors") or []), *(data.get("sources") or [])]:
            for alias in [item["name"], *(item.get("aliases") or [])]:
                keys.add(key(str(alias)))
            for former in item.get("names") or []:
                for alias in [former["name"], *(former.get("aliases") or [])]:
                    keys.add(key(str(alias)))
    return keys


def clean(name: str) -> list[str]:
    """One UCDP name -> usable alias strings ("IZL [Etzel]" -> "IZL", "Etzel")."""
    name = name.replace("\u2019", "'").replace("\u2013", "-").strip()
    if not name or name.lower() in ("n/a", "na"):
        return []
    out = [re.sub(r"\s*[\[(].*?[\])]\s*", " ", name).strip()]
    out += [m.strip() for m in re.findall(r"\[(.*?)\]", name)]
    return [re.sub(r"^the\s+", "", a, flags=re.I).strip() for a in out if a]


def split_names(field: str) -> list[str]:
    return [n for part in field.split(",") for n in clean(part)] if field else []


def is_acronym(name: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", name)
    return bool(letters) and " " not in name.strip() and letters.isupper() and len(letters) <= 8


#: single words that name something else in news (a people, a place, a common noun)
NOT_A_GROUP = {"maidan", "tibet", "jama'at", "amal", "organization", "elements", "tanzim"}
#: words of a name that say what kind of group it is, not which one ("Islamic Party")
GENERIC_WORDS = {"islamic", "national", "people's", "peoples", "popular", "democratic", "party",
                                  "front", "army", "movement", "group", "organization", "organisation",
                                  "liberation", "revolutionary", "resistance", "council", "forces", "union",
                                  "alliance", "brigade", "brigades", "jihad", "militia", "the", "of", "and",
                                  "for", "in", "al", "new", "free", "united", "unity", "federal", "armed"}


def usable(alias: str, country_words: set[str]) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", alias)
    if len(letters) < 3 or alias.lower() in country_words or alias.lower() in NOT_A_GROUP:
        return False
    words = alias.lower().replace("-", " ").split()
    if not is_acronym(alias) and len(words) <= 2 and all(w in GENERIC_WORDS for w in words):
        return False  # "Islamic Party", "Liberation Army": a kind of group, many groups
    if len(words) == 1 and not is_acronym(alias) and alias[:1].isupper() and alias.endswith("s") \
            and "-" not in alias:
        return False  # a capitalised plural ("Outlaws", "Royalists") is an English noun
    if alias.lower().startswith(("government of", "military faction", "republic of")):
        return False
    # a lower-case single word is a common noun
    return not (" " not in alias and not is_acronym(alias) and alias.islower())


def identity_entry(row: dict, iso: str | None, country_name: str | None) -> tuple[str, list[str]]:
    """ACLED-style name and armed-men alias phrases for an identity group (UCDP Org 3)."""
    data = row["NameData"].strip()
    clan = re.search(r"\bclan\b", data, re.I) is not None
    group = re.split(r"\s+(?:sub-?clan|clan)\b", data, flags=re.I)[0].strip()
    group = re.sub(r"\s*\(.*?\)", "", group).strip()
    where = f" ({country_name})" if country_name else ""
    name = f"{group} {'Clan' if clan else 'Ethnic'} Militia{where}"
    phrases = [f"{group} {s}" for s in MILITIA_SUFFIXES]
    phrases.append(f"{group} clan militia" if clan else f"{group} ethnic militia")
    return name, phrases


def build(rows: list[dict], out: Path) -> tuple[list[dict], Counter]:
    by_place, country_words, country_names = country_codes()
    curated = curated_aliases(out)
    stats: Counter = Counter()
    entries = []
    for row in rows:
        inter = ORG_INTER.get(row["Org"].strip())
        if inter is None:
            stats["skipped: government"] += 1
            continue
        iso = None
        for loc in row["Location"].split(", "):
            base = re.sub(r"\s*\(.*?\)", "", loc).strip().lower()
            if base in by_place:
                iso = by_place[base]
                break
        data_name = " ".join(row["NameData"].split())
        if inter == 4:
            name, aliases = identity_entry(row, iso, country_names.get(iso or ""))
        else:
            later = split_names(row["NewNameFullEng"]) if row["NameChange"].strip() == "1" else []
            full = (later[-1] if later else (clean(row["NameOrigFullEng"]) or [""])[0])
            short = (clean(data_name) or [data_name])[0]
            name = f"{short}: {full}" if is_acronym(short) and full and full != short else short
            if inter == 2 and re.search(r"\bmilitia", name, re.I):
                inter = 3
            english = [a for a in [full, *clean(row["NameOrigFullEng"]), *later] if len(a.split()) >= 3]
            aliases = [*clean(data_name), *clean(row["NameOrig"]), *split_names(row["NewName"]), *english]
        aliases = [a for a in dict.fromkeys(a for a in aliases if a) if usable(a, country_words)]
        if inter != 4 and not usable(name.split(": ")[0], country_words):
            stats["skipped: name is not a group's name"] += 1  # every name is matched as an alias
            continue
        if any(key(a) in curated for a in [name, *aliases]):
            stats["skipped: already curated"] += 1
            continue
        entry = {"name": name, "inter": inter, "plover": PLOVER[inter], "aliases": aliases,
                 "credit": f"UCDP Actor Dataset {row['Version'].strip()}, ActorId {row['ActorId'].strip()} (CC BY 4.0)"}
        if iso:
            entry["country"] = iso
        entries.append(entry)
    # an alias UCDP gives to two actors names neither; a canonical name used twice is qualified
    counts = Counter(key(a) for e in entries for a in e["aliases"])
    names = Counter(e["name"] for e in entries)
    for e in entries:
        e["aliases"] = [a for a in e["aliases"] if counts[key(a)] == 1]
        if names[e["name"]] > 1 and e.get("country") in country_names and e["inter"] != 4:
            e["name"] = f"{e['name']} ({country_names[e['country']]})"
    seen = Counter(e["name"] for e in entries)
    for e in entries:
        if seen[e["name"]] > 1:  # still equal: keep UCDP's id to tell them apart
            e["name"] = f"{e['name']} [UCDP {e['credit'].split('ActorId ')[1].split()[0]}]"
    stats["actors"] = len(entries)
    stats["actors with aliases"] = sum(1 for e in entries if e["aliases"])
    for e in entries:
        stats[f"inter {e['inter']}"] += 1
    return entries, stats


#: words that make an alias an organisation's name (a Phoenix alias without one, sharing
#: no word with the group's name, is usually a leader's personal name)
ORG_WORDS = {"army", "front", "brigade", "brigades", "movement", "group", "party", "organization",
             "organisation", "council", "forces", "force", "militia", "jihad", "jamaat", "jamaat-ul",
             "ansar", "harakat", "tehreek", "tehrik", "lashkar", "jaish", "jaysh", "hizb", "hezb",
             "liberation", "revolutionary", "resistance", "mujahideen", "mujahidin", "cell", "cells",
             "commando", "commandos", "battalion", "legion", "union", "alliance", "committee",
             "guard", "guards", "faction", "league", "fighters", "tigers", "islamic", "nucleus",
             "squad", "squads", "unit", "units", "federation", "coalition", "network"}
#: CAMEO/Phoenix region codes that are not one country
PHOENIX_REGIONS = {"IMG", "INT", "MEA", "SAS", "KKL", "WEU", "SEA", "EAF", "LAM", "CFR", "BUD", "NAF",
                   "WAF", "SAF", "EEU", "CAS", "CRB", "NMR", "AFR", "ASA", "EUR", "SAM", "BLK", "BAL"}
SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "to", "a", "an", "de", "del", "la", "el", "y"}


def phoenix_case(text: str) -> str:
    """ "ADEN_ABYAN_ISLAMIC_ARMY" -> "Aden Abyan Islamic Army"; "AL-QAIDA" -> "al-Qaida"."""
    words = []
    for i, w in enumerate(text.replace("_", " ").split()):
        if not re.search(r"[AEIOUY]", w) or (len(text.replace("_", " ").split()) == 1 and len(w) <= 5):
            words.append(w)  # an acronym ("PKK", "PFLP")
            continue
        parts = [p.capitalize() for p in w.lower().split("-")]
        if parts and parts[0] == "Al" and len(parts) > 1:
            parts[0] = "al"
        word = "-".join(parts)
        words.append(word.lower() if i and word.lower() in SMALL_WORDS else word)
    return " ".join(words)


def read_phoenix(path: Path) -> list[dict]:
    """Phoenix actor file -> [{"name", "code", "aliases": [...]}] (comments and dates dropped)."""
    groups: list[dict] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.startswith("+"):
            if groups and "+" not in line[1:]:
                groups[-1]["aliases"].append(line[1:].strip())
            continue
        m = re.match(r"^([^\[]+?)\s*\[([A-Z]+)", line)
        if m:
            groups.append({"name": m.group(1).strip(), "code": m.group(2), "aliases": []})
    return groups


def phoenix_names(raw: str) -> list[str]:
    """ "ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_" -> ["Aden Abyan Islamic Army", "AAIA"]."""
    text = raw.strip("_ ")
    out = [phoenix_case(re.sub(r"\(.*?\)", " ", text).strip("_ "))]
    out += [a.replace("_", "") for a in re.findall(r"\(([A-Z0-9_-]+)\)", text)]
    return [a for a in out if a]


def build_phoenix(groups: list[dict], out: Path, taken: set[str]) -> tuple[list[dict], Counter]:
    _, country_words, _ = country_codes()
    iso3 = iso3_codes()
    stats: Counter = Counter()
    entries = []
    for g in groups:
        names = phoenix_names(g["name"])
        if not names:
            continue
        main = names[0]
        main_words = {w.lower() for w in main.split()} - SMALL_WORDS
        aliases = list(names)
        for raw in g["aliases"]:
            for alias in phoenix_names(raw):
                words = {w.lower() for w in alias.split()}
                if is_acronym(alias) or words & main_words or words & ORG_WORDS:
                    aliases.append(alias)
        # a three-letter acronym of an obscure group mostly names something else in news, and
        # the file's one-word names are often English words ("Elements", "Outlaws")
        ok = lambda a: (usable(a, country_words)  # noqa: E731
                        and not (is_acronym(a) and len(re.sub(r"[^A-Za-z]", "", a)) < 4)
                        and (is_acronym(a) or len(a.split()) > 1 or "-" in a))
        if not ok(main):
            stats["skipped: name is not a group's name"] += 1
            continue
        aliases = [a for a in dict.fromkeys(aliases) if ok(a)]
        if any(key(a) in taken for a in [main, *aliases]):
            stats["skipped: already in a higher source"] += 1
            continue
        code = g["code"]
        inter = 4 if "ETH" in code[3:] else 3 if "MIL" in code[3:] or "UAF" in code[3:] else 2
        iso = iso3.get(code[:3]) if code[:3] not in PHOENIX_REGIONS else None
        entry = {"name": main, "inter": inter, "plover": PLOVER[inter], "aliases": aliases,
                 "credit": f"Phoenix/PETRARCH2 MilNonState dictionary, code {code} (MIT)"}
        if iso:
            entry["country"] = iso
        entries.append(entry)
        taken.update(key(a) for a in [main, *aliases])
    stats["actors"] = len(entries)
    return entries, stats


def iso3_codes() -> dict[str, str]:
    out = {}
    for line in COUNTRY_INFO.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            f = line.split("\t")
            out[f[1]] = f[0]
    return out


def generated_aliases(path: Path) -> set[str]:
    if not path.exists():
        return set()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {key(str(a)) for item in data.get("actors") or [] for a in [item["name"], *(item.get("aliases") or [])]}


HEADER = """\
# GENERATED by scripts/build_actors.py from the UCDP Actor Dataset — do not edit by hand;
# put corrections in a curated file (curated aliases win: the build skips UCDP actors whose
# names a curated file already has).
# Source: Uppsala Conflict Data Program (UCDP), UCDP Actor Dataset {version},
# https://ucdp.uu.se/downloads/ ; licence CC BY 4.0.  Davies, Pettersson & Oberg (2022),
# Journal of Peace Research 59(4).
# Inter codes from UCDP's Org: 1 -> 2 rebel group (3 if named a militia), 2 -> 3 political
# militia, 3 -> 4 identity militia.  UCDP gives no activity dates in this dataset.
credit: "UCDP Actor Dataset {version}, CC BY 4.0"
"""
PHOENIX_HEADER = """\
# GENERATED by scripts/build_actors.py from the Phoenix MilNonState actor dictionary of
# PETRARCH2 (github.com/openeventdata/petrarch2, MIT licence, (c) 2014 Open Event Data;
# names derived by its authors from START's TOPS database) — do not edit by hand.
# Groups already in a curated file or in ucdp.yaml are left out.  Inter code 2 (rebel
# group) unless the Phoenix type says militia (3) or ethnic (4); country from the code's
# first three letters (ISO alpha-3) where it is one country.  No activity dates.
credit: "Phoenix/PETRARCH2 dictionaries, MIT"
"""


def write(path: Path, header: str, entries: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(header)
        fh.write("actors:\n")
        for e in entries:
            fh.write("  - " + yaml.safe_dump(e, allow_unicode=True, default_flow_style=True, width=10_000,
                                              sort_keys=False).strip() + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sources", nargs="+", type=Path, help="UCDP actor CSV and/or Phoenix .actors.txt files")
    ap.add_argument("--out-dir", type=Path, default=OUT.parent)
    args = ap.parse_args(argv)
    ucdp_out, phoenix_out = args.out_dir / "ucdp.yaml", args.out_dir / "phoenix.yaml"
    csvs = [p for p in args.sources if p.suffix.lower() == ".csv"]
    phoenix = [p for p in args.sources if p.suffix.lower() == ".txt"]
    if csvs:
        rows: list[dict] = []
        for src in csvs:
            with open(src, encoding="utf-8-sig", newline="") as fh:
                rows.extend(r for r in csv.DictReader(fh) if (r.get("ActorId") or "").strip())
        entries, stats = build(rows, ucdp_out)
        version = ", ".join(sorted({r["Version"].strip() for r in rows}))
        write(ucdp_out, HEADER.format(version=version), entries)
        print(f"{ucdp_out}: " + ", ".join(f"{k}: {v}" for k, v in sorted(stats.items())))
    if phoenix:
        taken = curated_aliases(phoenix_out) | generated_aliases(ucdp_out)
        groups = [g for src in phoenix for g in read_phoenix(src)]
        entries, stats = build_phoenix(groups, phoenix_out, taken)
        write(phoenix_out, PHOENIX_HEADER, entries)
        print(f"{phoenix_out}: " + ", ".join(f"{k}: {v}" for k, v in sorted(stats.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
