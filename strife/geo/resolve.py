"""Toponym resolution: rank each name's gazetteer candidates with features that generalise.

Features: population (log), feature type (countries and continents are what a bare
country name means; a bare name shared by a town and its province means the town), an
explicit unit noun ("X province" -> the admin unit), how the name matched (own name,
alternate, alias, transliteration skeleton), the document's country and province focus
(other names in the text, the dateline), "Town, State" containment and proximity to the
other places mentioned, and the provinces that could hold the text's other names (every
candidate of theirs, not only each one's first choice: a name alone is often elsewhere first,
"Athens" beside "Clarke County" is Athens, Georgia).  Two passes: the first resolves each name alone, the second
re-ranks with the context the first pass produced.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from strife.geo.build import KIND_ALIAS, KIND_ALT, KIND_DEMONYM, KIND_NAME
from strife.geo.gazetteer import Candidate, Gazetteer
from strife.geo.normalize import name_key
from strife.geo.recognize import ADMIN_HEADS, UNIT_ABBREVIATIONS, Toponym
from strife.model import Place

_FEATURE_PRIOR = {"PCLI": 3.0, "CONT": 3.0, "ADM1": 0.8, "PPLC": 1.0, "PPLA": 0.3, "PPL": 0.0,
                  "ADM2": -0.3, "ADM3": -0.8}
#: Regions, seas, rivers... from places.tsv carry no population: rank them like a big town.
_REGION_CODES = {"RGN", "SEA", "OCN", "GULF", "STM", "LK", "MTS", "DSRT", "PEN", "PLAT", "ISL"}
_FEATURE_PRIOR.update(dict.fromkeys(_REGION_CODES, 3.0))
_ADMIN_CODES = {"ADM1", "ADM2", "ADM3", "ADM4", "ADMD"}
#: Regions, seas, rivers... carry no population in the sources: they rank as if this many lived
#: there, so a named region outranks a hamlet of its name ("the Middle East" is not the
#: Baltimore neighbourhood).
REGION_POPULATION = 1_000_000
#: Population below which a place in a country the text never mentions is doubted.
SMALL_PLACE = 100_000
#: A text is about one country when that country carries this much of the other names'
#: weight (and at least HOME_MIN_WEIGHT): a town abroad then needs this much more evidence
#: ("SANA" is not Sanaa and "Ghadir al-Bostan" not Boston in a report from Syria), unless a
#: container names its country ("London, England").
HOME_SHARE = 0.6
HOME_MIN_WEIGHT = 2.0
#: ... and at least this many distinct names (the dateline counts as one): a name repeated is
#: one piece of evidence ("Athens" twice beside "Henderson County" does not make a story Greek,
#: nor Henderson County a stray abroad).
HOME_MIN_NAMES = 2
ABROAD_PENALTY = 1.5
#: Features a name shares across countries or that are countries themselves: never "abroad".
_COUNTRY_WIDE = {"PCLI", "PCL", "PCLD", "PCLF", "PCLS", "CONT", "RGN", "SEA", "OCN", "GULF", "STM", "LK",
                 "MTS", "DSRT", "PEN", "PLAT", "ISL", "ADM1"}
#: Weight of the provinces that could hold the text's other names: a place in the one province
#: where all the other names could lie gains this much ("Columbus", "Platte County" and "Norfolk"
#: together are in Nebraska, though each alone is elsewhere first). Measured on the tune splits
#: (2-8 all gain on LGL; 4 keeps TR-News and GeoVirus level).
HOST_WEIGHT = 4.0
#: A town this many times smaller than a city of its name of at least BIG_CITY people takes no
#: support from its province being named (see ``Resolver._dwarfed``). Measured on the tune splits
#: (100,000-300,000 and 50-200 all gain LGL 0.1-0.3 points and keep TR-News and GeoVirus level;
#: 20 loses).
BIG_CITY = 200_000
DWARF_RATIO = 50
#: Score of a place guessed for a name the gazetteer lacks (the text's focus place).
GUESS_SCORE = -1.0
_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
               "central", "upper", "lower", "greater", "northeast", "northwest", "southeast",
               "southwest", "northeastern", "northwestern", "southeastern", "southwestern", "the"}
#: Words that are names of places somewhere but say nothing inside a longer name.
_GENERIC = {"republic", "democratic", "kingdom", "united", "state", "states", "city", "county", "fort",
            "port", "island", "islands", "lake", "river", "mount", "saint", "san", "santa", "new", "old",
            "great", "little", "valley", "bay", "beach", "park", "center", "centre", "university",
            "airport", "international", "national", "hospital", "church", "school", "college", "sea",
            "gulf", "coast", "station", "road", "street"}
#: Words naming a kind of feature: the name they open is another feature than the place named
#: after it ("Fort Benning" is a base, not Benning; "Lake Victoria" not Victoria), and alone
#: they name nothing in particular ("Korean Peninsula" is not Peninsula, Ohio).
FEATURE_WORDS = {"fort", "ft", "camp", "base", "mount", "mt", "lake", "cape", "port", "bay", "gulf", "sea",
                 "river", "island", "islands", "peninsula", "desert", "mountains", "mountain", "hills",
                 "highlands", "plain", "plains", "plateau", "delta", "basin", "strait", "straits", "canal",
                 "coast", "border", "valley", "heights", "range", "sound", "channel", "reef"}
_GENERIC |= FEATURE_WORDS
_CONTAINER_SEP = re.compile(r"^\s*,\s*$|^\s*\(\s*$")
#: What separates the members of a list of names ("Ohio, Oregon and Washington").
_LIST_SEP = re.compile(r"^\s*(?:,|,?\s*(?:and|or|&))\s*$")
#: Kinds of unit a list of names shares ("Ohio, Oregon, Washington and Wyoming" are states,
#: not the towns of Washington, Pennsylvania and Wyoming, Michigan): when at least LIST_MIN other
#: members are of one kind, a member that can be of it gains LIST_BONUS (as a unit noun would).
_LIST_KINDS = ("ADM1", "PCLI")
LIST_MIN = 2
LIST_BONUS = 3.0


def unabbreviated(text: str) -> str:
    """The name with an abbreviated closing unit noun written out ("Platte Co." -> "Platte County")."""
    words = text.split()
    full = UNIT_ABBREVIATIONS.get(words[-1].lower().strip(".")) if len(words) > 1 else None
    return " ".join(words[:-1] + [full]) if full else text


def name_of(text: str) -> str:
    """The key under which a text's mentions of one name are one name ("Platte Co.", "Platte County")."""
    return name_key(unabbreviated(text))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


#: Units a bare name of their seat town does not mean (ADM1s keep their weight: "in Idlib"
#: alone often means the province).
_SEAT_NAMED_UNITS = {"ADM2", "ADM3", "ADM4", "ADMD"}


def _seats_first(toponym: Toponym, cands: list[Candidate], priors: list[float]) -> list[float]:
    """A district or subdistrict named after its seat ("Douma", "Manbij", "Afrin") is the town
    when the name stands bare: the seat (a town of the name in the unit) takes the unit's
    standing and the unit ranks just below it.  The unit's population counts the town's own
    and its point can lie far from it (Douma district's is 110 km into the desert), so
    population alone would pick the unit, or another village bearing the name.  A unit noun
    ("Douma district") still asks for the unit."""
    if ADMIN_HEADS.get(toponym.head or "") == "A":
        return priors
    out = list(priors)
    for i, c in enumerate(cands):
        unit = c.place
        if unit.feature_code not in _SEAT_NAMED_UNITS or not unit.admin2:
            continue
        seats = [j for j, t in enumerate(cands) if t.place.feature_class == "P" and not t.fuzzy
                 and t.place.country_iso == unit.country_iso and t.place.admin1 == unit.admin1
                 and t.place.admin2 == unit.admin2 and t.place.population >= 1000]
        if seats:
            seat = max(seats, key=lambda j: priors[j])
            out[seat] = max(out[seat], priors[i])
            out[i] = min(out[i], out[seat] - 0.5)
    return out


def _admin1_of(place: Place) -> str | None:
    return f"{place.country_iso}.{place.admin1}" if place.country_iso and place.admin1 else None


@dataclass
class _Context:
    countries: Counter = field(default_factory=Counter)
    admin1s: Counter = field(default_factory=Counter)
    points: list[tuple[str, float, float]] = field(default_factory=list)  # (key, lat, lon)
    named: Counter = field(default_factory=Counter)  # countries of place names, not of demonyms
    total: float = 0.0
    names: dict = field(default_factory=dict)  # country -> the distinct names supporting it


def _shared(key: str, places: list[Place], weight: float, demonym: bool) -> list[tuple]:
    """Context items of one name: its weight shared among the places tied for it (a name five
    states share, "Clarke County", supports their country, not one state picked by list order)."""
    return [(key, p, weight / len(places), demonym) for p in places]


class Resolver:
    """Resolve recognised toponyms to gazetteer places."""

    def __init__(self, gazetteer: Gazetteer, rounds: int = 2):
        self.gaz = gazetteer
        self.rounds = rounds
        self._cache: dict[tuple[str, bool], list[Candidate]] = {}

    def candidates(self, toponym: Toponym) -> list[Candidate]:
        if toponym.means is not None:  # a description of one place ("the Syrian capital")
            place = self.gaz.get(toponym.means)
            return [Candidate(place, KIND_NAME)] if place is not None else []
        ck = (toponym.text, toponym.demonym, toponym.head)
        if ck not in self._cache:
            cands = self.gaz.candidates(toponym.text, fuzzy=False)
            if not cands:
                cands = self._adjectival(toponym.text)
            if not cands:
                cands = self.gaz.candidates(toponym.text)
            if not cands:
                cands = self._unabbreviated(toponym.text)
            if not cands:
                cands = self._partial(toponym.text)
            if toponym.demonym:
                cands = [c for c in cands if c.kind == KIND_DEMONYM] or \
                    [c for c in cands if c.place.feature_code == "PCLI"]
            else:
                cands = [c for c in cands if c.kind != KIND_DEMONYM] or cands
            wanted = ADMIN_HEADS.get(toponym.head or "")
            if wanted == "A" and not any(c.place.feature_code in _ADMIN_CODES for c in cands):
                # "Deir Ezzor province": the unit may be spelled otherwise than the town
                seen = {c.place.geonameid for c in cands}
                cands = cands + [c for c in self.gaz.loose_candidates(toponym.text)
                                 if c.place.feature_code in _ADMIN_CODES and c.place.geonameid not in seen]
            if wanted in ("H", "T"):  # "X River": a town called X is not it
                cands = [c for c in cands if c.place.feature_class == wanted]
            self._cache[ck] = cands
        return self._cache[ck]

    def _unabbreviated(self, text: str) -> list[Candidate]:
        """A name closed by an abbreviated unit noun is the unit's full name: "Platte Co." is
        Platte County, "PLYMOUTH CO." Plymouth County."""
        full = unabbreviated(text)
        return self.gaz.candidates(full, fuzzy=False) if full != text else []

    def _partial(self, text: str) -> list[Candidate]:
        """A longer name the gazetteer lacks, by the place name inside it: "Eastern Mediterranean",
        "Port of Los Angeles", "Vancouver Art Gallery", "Danube Delta"."""
        words = text.replace("-", " ").split()
        if len(words) < 2:
            return []
        while words and words[0].lower() in _DIRECTIONS:
            words = words[1:]
        if len(words) == 2 and words[1].lower() in FEATURE_WORDS:
            # "Korean Peninsula", "Syrian desert": the feature of the country the adjective names
            found = [c for c in self.gaz.candidates(words[0], fuzzy=False) if c.kind == KIND_DEMONYM] \
                or self._adjectival(words[0])
            if found:
                return [replace(c, fuzzy=True) for c in found]
        for size in range(len(words), 0, -1):
            for i in range(len(words) - size + 1):
                sub = " ".join(words[i:i + size])
                if sub == text or len(sub) < 4 or not sub[:1].isupper():
                    continue
                if all(w.lower() in _GENERIC for w in words[i:i + size]) or \
                        (i > 0 and words[i - 1].lower().strip(".") in FEATURE_WORDS):
                    continue  # ("Zion National Park" is not National Park, New Jersey)
                found = [c for c in self.gaz.candidates(sub, fuzzy=False) if c.kind == KIND_NAME]
                if found:  # a part stands for the whole: as loose as a spelling match
                    return [replace(c, fuzzy=True, partial=True) for c in found]
        return []

    def _adjectival(self, text: str) -> list[Candidate]:
        """Adjectives and plurals of place names: "Russians", "Ohioans", "Ontarian", "European"."""
        word = text.strip()
        if not word[:1].isupper() or (" " in word.strip() and not word.endswith(("n", "ns"))):
            return []
        stem = word[:-1] if word.endswith("s") else word
        found = [c for c in self.gaz.candidates(stem, fuzzy=False) if c.kind == KIND_DEMONYM]
        if found or not stem.endswith("n"):
            return found
        bases = {stem[:-1], stem[:-2], stem[:-3] + "a", stem[:-3] + "o", stem[:-3], stem[:-2] + "e",
                 stem[:-3] + "y", stem[:-3] + "ia"}
        out = []
        for base in bases:
            if len(base) >= 3:
                out += [c for c in self.gaz.candidates(base, fuzzy=False)
                        if c.kind == 3 and c.place.feature_code in ("PCLI", "ADM1", "CONT", "RGN")]
        return out

    # -- baseline --------------------------------------------------------------------
    def most_populous(self, toponym: Toponym) -> Place | None:
        """The always-most-populous baseline, over the same gazetteer."""
        cands = self.candidates(toponym)
        return max(cands, key=lambda c: c.place.population).place if cands else None

    # -- scoring -----------------------------------------------------------------------
    def _prior(self, toponym: Toponym, cand: Candidate, all_cands: list[Candidate]) -> float:
        p = cand.place
        population = p.population or (REGION_POPULATION if p.feature_code in _REGION_CODES else 0)
        score = math.log10(population + 10)
        score += _FEATURE_PRIOR.get(p.feature_code or "", -0.5 if p.feature_class not in ("P", "A") else 0.0)
        if cand.kind == KIND_ALT:
            score -= 0.4
            if any(c.kind == KIND_NAME and c.place.feature_class == p.feature_class for c in all_cands):
                score -= 1.0  # another place of its kind bears this as its own name
        elif cand.kind == KIND_ALIAS:
            score -= 0.2
        if cand.fuzzy:
            score -= 1.0
        wanted = ADMIN_HEADS.get(toponym.head or "")
        is_admin = p.feature_code in _ADMIN_CODES
        if wanted == "A":
            score += 4.0 if is_admin else -2.0
            if p.feature_code in ("PCLI", "CONT"):
                score -= 4.0
        elif wanted == "P":
            score += 3.0 if p.feature_class == "P" else -2.0
        elif wanted:
            score += 3.0 if p.feature_class == wanted else -1.0
        elif is_admin and any(c.place.feature_class == "P" and c.place.country_iso == p.country_iso
                              and ((c.place.admin1 == p.admin1 and c.place.population >= 1000)
                                   or c.place.feature_code == "PPLC")
                              and not (p.feature_code == "ADM1" and cand.kind == KIND_NAME and c.kind != KIND_NAME)
                              for c in all_cands):
            # a bare name shared by a town and the unit named after it means the town; one shared
            # by the capital and a unit elsewhere in the country means the capital ("Washington");
            # but not when the name is a province's own and only another name of the town ("New
            # York" is the state's name, the city's is "New York City"; a district named after its
            # seat in another spelling, "Abu Kamal", still means the town)
            score -= 1.5 + max(0.0, _FEATURE_PRIOR.get(p.feature_code or "", 0.0))
        return score

    def _context_bonus(self, key: str, cand: Candidate, ctx: _Context) -> float:
        p = cand.place
        if ctx.total <= 0:
            return 0.0
        bonus = 0.0
        if p.country_iso:
            bonus += 3.0 * ctx.countries[p.country_iso] / ctx.total
        a1 = _admin1_of(p)
        if a1 and p.feature_code not in ("PCLI", "CONT") and ctx.admin1s[a1] > 0:
            bonus += 1.5 + 1.5 * min(1.0, ctx.admin1s[a1] / max(1.0, ctx.total * 0.5))
        near = [haversine_km(p.latitude, p.longitude, lat, lon) for k, lat, lon in ctx.points if k != key]
        if near and p.feature_code not in ("PCLI", "CONT"):
            d = min(near)
            bonus += 1.0 if d < 150 else 0.5 if d < 500 else 0.0
        return bonus

    def resolve(self, text: str, toponyms: list[Toponym], focus_countries: list[str] | None = None,
                guess_unknown: bool = False) -> list[Place | None]:
        """Best place for each toponym (None when the gazetteer knows no such name; with
        ``guess_unknown`` the text's focus place instead, marked by ``score == GUESS_SCORE``)."""
        cands = [self.candidates(t) for t in toponyms]
        priors = [[self._prior(t, c, cs) for c in cs] for t, cs in zip(toponyms, cands)]
        priors = [_seats_first(t, cs, pr) for t, cs, pr in zip(toponyms, cands, priors)]
        first = [max(range(len(cs)), key=lambda i, pr=pr: pr[i]) if cs else None
                 for cs, pr in zip(cands, priors)]
        ctx_items = []
        for t, cs, pr, best in zip(toponyms, cands, priors, first):
            if best is None or t.boilerplate:
                continue
            ordered = sorted(pr, reverse=True)
            margin = ordered[0] - ordered[1] if len(ordered) > 1 else 3.0
            weight = 0.5 + min(1.0, margin / 3.0)
            ctx_items += _shared(name_of(t.text), [c.place for c, p in zip(cs, pr) if p == pr[best]], weight,
                                 t.demonym)
        contained = self._containment(text, toponyms, cands)
        hosts = self._hosts(toponyms, cands)
        out: list[Place | None] = []
        kinds: dict[int, str] = {}
        for _ in range(self.rounds):
            tied: list[list[Place]] = []
            out = self._rerank(toponyms, cands, priors, ctx_items, contained, focus_countries, hosts, tied, kinds)
            kinds = self._list_kinds(text, toponyms, out)
            # the next round reads the context this round produced
            ctx_items = [item for t, p, ties in zip(toponyms, out, tied) if p is not None and not t.boilerplate
                         for item in _shared(name_of(t.text), ties, min(1.5, 0.5 + max(0.0, p.score) / 10.0),
                                             t.demonym)]
        out = self._place_stand_ins(out)
        return self.guess_unknown(toponyms, out) if guess_unknown else out

    def guess_unknown(self, toponyms: list[Toponym], places: list[Place | None]) -> list[Place | None]:
        """Unknown names (None) placed at the text's focus, marked by ``score == GUESS_SCORE``.

        Measured on the tune splits against the place named nearest in the text and against the
        focus's province: the focus town places most unknown names (streets, buildings, hamlets)
        within 161 km; the province's point is further from them."""
        focus = self._focus([p for p in places if p is not None])
        if focus is None:
            return places
        return [p if p is not None else self.gaz.with_score(focus, GUESS_SCORE) for p in places]

    @staticmethod
    def _hosts(toponyms: list[Toponym], cands: list[list[Candidate]]) -> dict[str, dict[str, float]]:
        """Name -> {province: share}: the provinces where some place of that name lies, each
        with an equal share of the name (a name found in one province only says most)."""
        out: dict[str, dict[str, float]] = {}
        for t, cs in zip(toponyms, cands):
            key = name_of(t.text)
            if key in out or t.boilerplate or t.demonym:
                continue
            a1s = {a for c in cs if c.place.feature_code not in ("PCLI", "CONT") for a in [_admin1_of(c.place)] if a}
            if a1s:
                out[key] = {a: 1.0 / len(a1s) for a in a1s}
        return out

    @staticmethod
    def _list_kinds(text: str, toponyms: list[Toponym], places: list[Place | None]) -> dict[int, str]:
        """Toponym index -> the kind of unit the other members of its list are ("Arizona, Ohio,
        Washington and Wyoming": states), when at least LIST_MIN of them are of one kind."""
        out: dict[int, str] = {}
        n = len(toponyms)
        for i in range(n):
            members = []
            j = i
            while j > 0 and _LIST_SEP.match(text[toponyms[j - 1].end:toponyms[j].start]):
                j -= 1
                members.append(places[j])
            j = i
            while j + 1 < n and _LIST_SEP.match(text[toponyms[j].end:toponyms[j + 1].start]):
                j += 1
                members.append(places[j])
            codes = Counter(p.feature_code for p in members if p is not None)
            if codes:
                code, count = codes.most_common(1)[0]
                if code in _LIST_KINDS and count >= LIST_MIN and count * 2 > len(members):
                    out[i] = code
        return out

    def _rerank(self, toponyms, cands, priors, ctx_items, contained, focus_countries, hosts=None,
                tied: list | None = None, kinds: dict | None = None) -> list[Place | None]:
        """Each toponym's best candidate in this context (``tied`` receives, per toponym, the
        candidates that share the best score)."""
        out: list[Place | None] = []
        tied = [] if tied is None else tied
        for idx, (t, cs, pr) in enumerate(zip(toponyms, cands, priors)):
            if not cs:
                out.append(None)
                tied.append([])
                continue
            key = name_of(t.text)
            ctx = _Context()
            for k, place, w, demonym in ctx_items:
                if k == key:
                    continue
                if place.country_iso:
                    ctx.countries[place.country_iso] += w
                    ctx.names.setdefault(place.country_iso, set()).add(k)
                    if not demonym:
                        ctx.named[place.country_iso] += w
                a1 = _admin1_of(place)
                if a1 and place.feature_code in ("ADM1", "ADM2"):
                    ctx.admin1s[a1] += w
                elif a1 and place.feature_class == "P":
                    ctx.admin1s[a1] += 0.5 * w
                if place.feature_code not in ("PCLI", "CONT", "ADM1"):
                    ctx.points.append((k, place.latitude, place.longitude))
                ctx.total += w
            for iso in focus_countries or []:
                ctx.names.setdefault(iso, set()).add("")
                ctx.countries[iso] += 0.5
                ctx.named[iso] += 0.5
                ctx.total += 0.5
            home = self._home_country(ctx)
            container = contained.get(idx)
            scores = []
            others = [h for k, h in (hosts or {}).items() if k != key]
            # a state's or country's own name means a state or country, wherever the others lie
            # (a unit noun or a dateline says which kind is meant: the gain goes to that kind only)
            wanted = ADMIN_HEADS.get(t.head or "")
            units_only = not wanted and any(c.kind == KIND_NAME and c.place.feature_code in ("ADM1", "PCLI")
                                            for c in cs)
            big = max((c.place.population for c in cs if c.place.feature_class == "P"), default=0)
            for c, prior in zip(cs, pr):
                bonus = self._context_bonus(key, c, ctx)
                dwarfed = self._dwarfed(key, c, big, container, ctx)
                if dwarfed:  # only the country's share of the context is left to it
                    bonus = 3.0 * ctx.countries[c.place.country_iso] / ctx.total if ctx.total > 0 else 0.0
                s = prior + bonus
                if kinds and kinds.get(idx) == c.place.feature_code:
                    s += LIST_BONUS
                a1 = _admin1_of(c.place)
                if others and a1 and c.place.feature_code not in ("PCLI", "CONT") and \
                        (not units_only or c.place.feature_code == "ADM1") and \
                        (not wanted or c.place.feature_class == wanted) and not dwarfed:
                    s += HOST_WEIGHT * sum(h.get(a1, 0.0) for h in others) / len(others)
                if container is not None and self._inside(c.place, container):
                    s += 4.0
                elif home and c.place.country_iso and c.place.country_iso != home \
                        and c.place.feature_code not in _COUNTRY_WIDE:
                    s -= ABROAD_PENALTY  # abroad, with no "Town, Country" beside it
                scores.append(s)
            best = max(range(len(cs)), key=lambda i: scores[i])
            tied.append([c.place for c, sc in zip(cs, scores) if sc == scores[best]])
            if self._implausible(cs[best], ctx) or self._strays(cs[best], ctx) or self._lone_part(cs[best], ctx):
                out.append(None)
                continue
            out.append(self.gaz.with_score(cs[best].place, round(scores[best], 3)))
        return out

    def _dwarfed(self, key: str, cand: Candidate, big: int, container, ctx: _Context) -> bool:
        """A town DWARF_RATIO times smaller than a city of at least BIG_CITY people bearing the same
        name, with no "Town, State" container and no other named place within 150 km: a mention of
        its province or of towns elsewhere in it is no evidence for it ("Boston" beside "New York"
        and "Texas" is Boston, Massachusetts, not the village of Boston, New York)."""
        p = cand.place
        if big < BIG_CITY or p.feature_class != "P" or p.population * DWARF_RATIO >= big:
            return False
        if container is not None and self._inside(p, container):
            return False
        return not any(haversine_km(p.latitude, p.longitude, lat, lon) < 150 for k, lat, lon in ctx.points if k != key)

    def _place_stand_ins(self, places: list[Place | None]) -> list[Place | None]:
        """A unit whose point the gazetteer only borrows from its province (a US county with
        no town of its name) is put at the town of that province the text names most (then
        first): local news names a county beside its own towns."""
        if not self.gaz.stand_ins:
            return places
        towns = [p for p in places if p is not None and p.feature_class == "P"]
        out = []
        for p in places:
            if p is not None and p.geonameid in self.gaz.stand_ins:
                inside = [t for t in towns if t.country_iso == p.country_iso and t.admin1 == p.admin1]
                if inside:
                    counts = Counter(t.geonameid for t in inside)
                    town = max(inside, key=lambda t: counts[t.geonameid])  # (max keeps the first)
                    p = replace(p, latitude=town.latitude, longitude=town.longitude)
            out.append(p)
        return out

    @staticmethod
    def _home_country(ctx: _Context) -> str | None:
        """The text's country when one clearly dominates the other names (and the dateline)."""
        if not ctx.countries:
            return None
        iso, weight = ctx.countries.most_common(1)[0]
        total = sum(ctx.countries.values())
        if len(ctx.names.get(iso, ())) < HOME_MIN_NAMES:
            return None
        return iso if weight >= HOME_MIN_WEIGHT and weight >= HOME_SHARE * total else None

    @staticmethod
    def _implausible(cand: Candidate, ctx: _Context) -> bool:
        """A best candidate the text argues against: a loose transliteration match outside the
        text's countries ("Rashidin" near Aleppo is not Rushden, England), or a small place in
        a country no other name supports while the text is clearly about one other country
        (al-Mansoura west of Raqqa is not Mansourah, Algeria, when the gazetteer lacks the
        Syrian one).  The name is then unknown, and guessed as the text's focus place."""
        iso = cand.place.country_iso
        if not iso or not ctx.countries or ctx.countries.get(iso, 0) > 0:
            return False  # (features shared by countries, rivers and regions, have none)
        if cand.fuzzy:  # (a nationality alone names an actor, often foreign: "Israeli shelling hit X")
            return bool(ctx.named)
        top, weight = ctx.countries.most_common(1)[0]
        if len(ctx.names.get(top, ())) < HOME_MIN_NAMES:
            return False
        return (weight >= 2.0 and weight >= 0.6 * sum(ctx.countries.values())
                and cand.place.population < SMALL_PLACE and cand.place.feature_code not in ("PCLI", "CONT"))

    @staticmethod
    def _strays(cand: Candidate, ctx: _Context) -> bool:
        """A loose match (a part of a longer name, a transliteration skeleton) far from a text
        that is about one province: "Meadow Grove" in a Nebraska story is not Meadow, Texas.
        The name is then unknown, and guessed as the text's focus place."""
        if not cand.fuzzy or not ctx.admin1s or cand.place.feature_code in _COUNTRY_WIDE:
            return False
        a1, weight = ctx.admin1s.most_common(1)[0]
        if weight < HOME_MIN_WEIGHT or weight < HOME_SHARE * sum(ctx.admin1s.values()) or \
                _admin1_of(cand.place) == a1:
            return False
        p = cand.place
        return not any(haversine_km(p.latitude, p.longitude, lat, lon) < 150 for _, lat, lon in ctx.points)

    @staticmethod
    def _lone_part(cand: Candidate, ctx: _Context) -> bool:
        """A small place matched by one part of a longer name the gazetteer lacks, that no other
        name of the text supports (same province, or within 150 km): "Meadow Grove" is not
        Meadow, Texas, nor "Cherry Hinton" Hinton, Alberta.  A longer name built on a well-known
        place ("Vancouver Art Gallery", "Port of Los Angeles") or on a place the text is about
        ("Greer Station" beside Greer) stays that place.  The name is then unknown, and guessed
        as the text's focus place."""
        p = cand.place
        if not cand.partial or p.population >= SMALL_PLACE or p.feature_code in _COUNTRY_WIDE:
            return False
        if ctx.admin1s.get(_admin1_of(p) or "", 0) > 0:
            return False
        return not any(haversine_km(p.latitude, p.longitude, lat, lon) < 150 for _, lat, lon in ctx.points)

    @staticmethod
    def _focus(places: list[Place]) -> Place | None:
        """The place the text is about: the most named town or unit below country level
        (else the most named country)."""
        local = [p for p in places if p.feature_class in ("P", "A") and p.feature_code not in ("PCLI",)]
        pool = local or [p for p in places if p.feature_code == "PCLI"]
        if not pool:
            return None
        counts = Counter(p.geonameid for p in pool)
        return max(pool, key=lambda p: (counts[p.geonameid], p.population))

    def _containment(self, text: str, toponyms: list[Toponym], cands: list[list[Candidate]]
                     ) -> dict[int, list[Place]]:
        """"Town, Province" / "Town (Country)": the second name's candidates contain the first;
        not inside a list of units ("Washington, Pennsylvania and California" are three states)."""
        out: dict[int, list[Place]] = {}

        def units(j: int) -> set[str]:
            return {c.place.feature_code or "" for c in cands[j] if c.kind == KIND_NAME} & set(_LIST_KINDS)

        for i in range(len(toponyms) - 1):
            a, b = toponyms[i], toponyms[i + 1]
            if i + 2 < len(toponyms) and _LIST_SEP.match(text[b.end:toponyms[i + 2].start]) and \
                    units(i) & units(i + 1) & units(i + 2):
                continue  # "Washington, Pennsylvania and California": three states, not a town of Pennsylvania
            if _CONTAINER_SEP.match(text[a.end:b.start]) and cands[i + 1]:
                out[i] = [c.place for c in cands[i + 1]
                          if c.place.feature_code in _ADMIN_CODES | {"PCLI"}]
        return out

    @staticmethod
    def _inside(place: Place, containers: list[Place]) -> bool:
        for c in containers:
            if c.geonameid == place.geonameid or c.country_iso != place.country_iso:
                continue
            if c.feature_code == "PCLI":
                return True
            if c.feature_code == "ADM1" and c.admin1 and c.admin1 == place.admin1:
                return True
            if c.feature_code == "ADM2" and c.admin2 and c.admin2 == place.admin2:
                return True
        return False
