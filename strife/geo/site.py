"""Event location: which resolved toponym is the place an event happened.

Within the event's sentence the site is the toponym governed by a locative preposition
("in", "into", "near", "outside"...) closest to the event's trigger; names that only
modify something else ("Lebanon's Hezbollah", "the Iraqi border", "Britain-based") and
adjectives are weak; a name that is the subject of a verb of saying or stance
("Baghdad objected") stands for a government and is no site.  With no toponym in the sentence,
the nearest town named in the preceding sentences is taken (precision 2), then the article's main place; the dateline
is used only when the article names no place at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from strife.geo import sources
from strife.model import Place

LOCATIVE = {"in", "into", "at", "inside", "within", "across", "throughout", "on", "to", "toward",
            "towards", "reached", "entered", "over"}
NEAR = {"near", "outside", "around", "nearby", "close", "outskirts", "off"}
#: Verbs whose object is where the event happened ("shelled Douma", "captured Manbij").
SITE_VERBS = {"hit", "strike", "shell", "bomb", "attack", "target", "capture", "seize", "take", "storm",
              "enter", "reach", "besiege", "raid", "overrun", "recapture", "retake", "liberate", "occupy",
              "invade", "control", "encircle", "surround", "pound", "bombard"}
#: "the town of X": the name is the place the noun stands for.
PLACE_NOUNS = {"town", "city", "village", "district", "province", "area", "outskirts", "suburb",
               "neighbourhood", "neighborhood", "region", "governorate", "county", "state", "countryside"}
_MODIFIER_DEPS = {"poss", "compound", "amod", "nmod", "npadvmod"}
_SPECIFICITY = {"P": 3, "ADM3": 2.5, "ADM2": 2, "ADM1": 1.5, "PCLI": 0.5, "CONT": 0}
PREVIOUS_SENTENCES = 4


@dataclass
class Located:
    """A resolved toponym occurrence."""

    start: int
    end: int
    text: str
    sentence: int
    place: Place
    head: str | None = None
    demonym: bool = False
    guessed: bool = False  # an unknown name placed at the text's focus
    boilerplate: bool = False  # "a group banned in Russia": never the site
    in_name: bool = False  # part of an actor's or organisation's name ("U.S. military"): never the site


@dataclass
class Site:
    occurrence: Located | None
    place: Place
    precision: int
    confidence: float
    fallback: bool = False  # a stand-in point, not a place the event's own sentence names


def specificity(place: Place) -> float:
    if place.feature_class == "P":
        return _SPECIFICITY["P"]
    return _SPECIFICITY.get(place.feature_code or "", 1.0)


def precision_of(place: Place, near: bool) -> int:
    """ACLED geo_precision: 1 a town, village or spot the gazetteer holds as such, 2 near one
    or a district / sub-district, 3 only a province, region or country."""
    if place.feature_class in ("P", "S"):
        return 2 if near else 1
    if place.feature_code in ("ADM2", "ADM3", "ADMD"):
        return 2
    return 3


def _token_at(doc, char: int):
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _preposition(doc, occ: Located) -> str | None:
    """The preposition (or locative verb) that governs the toponym's phrase, if any."""
    tok = _token_at(doc, occ.start)
    if tok is None:
        return None
    root = tok
    while root.dep_ in ("compound", "amod", "nmod") and root.head is not root and root.head.i - root.i <= 4:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in PLACE_NOUNS:
        noun = root.head.head  # "the town of X": what governs the town governs X
        if noun.dep_ == "pobj" and noun.head.lower_ in LOCATIVE | NEAR | {"from"}:
            return noun.head.lower_
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() in LOCATIVE | SITE_VERBS:
            return "in"
        return "in"
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE | NEAR | {"from"}:
        return root.head.lower_
    if root.dep_ == "dobj" and root.head.lemma_.lower() in LOCATIVE | SITE_VERBS:
        return "in"
    # a few tokens back, in case the parse attaches differently ("into eastern Syria")
    for back in range(1, 4):
        if tok.i - back < 0:
            break
        prev = doc[tok.i - back]
        if prev.lower_ in LOCATIVE | NEAR | {"from"}:
            return prev.lower_
        if prev.pos_ not in ("DET", "ADJ", "PROPN", "NOUN", "PUNCT", "NUM"):
            break
    return None


def _from_object(doc, occ: Located) -> bool:
    """Is the toponym itself the object of "from" ("visiting from Canada")?"""
    tok = _token_at(doc, occ.end - 1)
    return tok is not None and tok.dep_ == "pobj" and tok.head.lower_ == "from"


#: Nouns a place name may modify and still say where something is ("the Syria-Lebanon border").
LOCATIONAL_NOUNS = {"border", "borders", "frontier", "area", "areas", "outskirts", "countryside",
                    "region", "coast", "side", "province", "governorate", "city", "town", "village",
                    "district", "desert", "road", "highway"}


def _modified_noun(doc, occ: Located):
    """The noun a place name modifies, looking past hyphens and other names."""
    tok = _token_at(doc, occ.end - 1)
    i = tok.i + 1 if tok is not None else len(doc)
    while i < len(doc) and (doc[i].text in ("-", "–") or doc[i].ent_type_ in ("GPE", "LOC")):
        i += 1
    return doc[i] if i < len(doc) else None


def _is_modifier(doc, occ: Located) -> bool:
    tok = _token_at(doc, occ.end - 1)
    if tok is None:
        return False
    noun = _modified_noun(doc, occ)
    if noun is not None and noun.lower_ in LOCATIONAL_NOUNS:
        return False
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.text in ("'s", "’s", "-") :
        return True
    return tok.dep_ in _MODIFIER_DEPS and tok.head.i > tok.i and tok.head.pos_ in ("NOUN", "PROPN", "ADJ", "VERB") \
        and occ.head is None and tok.head.lower_ not in ("province", "governorate", "city", "town")


@lru_cache(maxsize=1)
def _verbs() -> tuple[frozenset[str], frozenset[str]]:
    data = sources.not_place_data()
    return frozenset(data["stance_verbs"]), frozenset(data["place_verbs"])


#: Places that stand for a state when they act: capitals and countries.
GOVERNMENT_SEATS = {"PPLC", "PCLI", "PCL", "PCLD", "PCLF", "PCLS"}


def _is_metonym(doc, occ: Located) -> bool:
    """The name stands for a government, not a site: the subject (or a conjunct of it) of a
    verb of saying or stance ("Washington and Baghdad objected", "Damascus denied"), or a
    capital or country as the subject of an active verb a place cannot do itself ("Damascus
    lost 40 troops"; "Aleppo fell", "Idlib saw shelling" stay sites)."""
    tok = _token_at(doc, occ.end - 1)
    while tok is not None and tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    if tok is None or tok.dep_ != "nsubj" or tok.head.pos_ not in ("VERB", "AUX"):
        return False
    stance, place_verbs = _verbs()
    lemma = tok.head.lemma_.lower()
    if lemma in stance:
        return True
    return occ.place.feature_code in GOVERNMENT_SEATS and tok.head.pos_ == "VERB" and lemma not in place_verbs


def usable_sites(doc, occurrences: list[Located], body_start: int) -> list[Located]:
    """The occurrences that may be an event's site, in order: in the body, not a nationality,
    a formula, part of a name or a government's seat acting (:func:`_is_metonym`), and in one
    country (a river or sea shared by several, "east of the Euphrates", orients the reader but
    cannot carry the event's country and admin areas).  The same for every event of an
    article: computed once."""
    return [o for o in occurrences if o.start >= body_start and not o.demonym and not o.boilerplate
            and not o.in_name and not _is_metonym(doc, o) and (o.guessed or o.place.country_iso)]


def choose_site(doc, occurrences: list[Located], sentence: int, trigger: tuple[int, int],
                body_start: int, dateline: Place | None, usable: list[Located] | None = None) -> Site | None:
    """The event's site among the article's resolved toponyms (None if nothing at all);
    ``usable``: :func:`usable_sites` of ``occurrences``, if the caller has it."""
    body = usable if usable is not None else usable_sites(doc, occurrences, body_start)
    here = [o for o in body if o.sentence == sentence]
    best, best_score, best_near = None, -1e9, False
    for occ in here:
        prep = _preposition(doc, occ)
        score = 1.0 if occ.guessed else specificity(occ.place)
        if prep in LOCATIVE:
            score += 3.0
        elif prep in NEAR:
            score += 2.0
        elif prep == "from":
            if occ.place.feature_code.startswith("PCL") and _from_object(doc, occ):
                # "a tourist from Canada", "returned from Turkey": where from, not where (but
                # "removed from the Syria-Lebanon border" names the place by the country)
                continue
            score += 1.0
        if _is_modifier(doc, occ):
            score -= 3.0
        if occ.head:
            score += 1.0
        dist = abs(occ.start - trigger[0]) if occ.start >= trigger[0] else abs(trigger[0] - occ.end)
        score -= min(3.0, dist / 60.0)
        if score > best_score:
            best, best_score, best_near = occ, score, prep in NEAR
    if best is not None and best_score > 0:
        prec = 3 if best.guessed else precision_of(best.place, best_near)
        return Site(best, best.place, prec, 0.9 if best_score > 3 else 0.7, fallback=best.guessed)

    # no usable name in the sentence: the town being talked about just before
    for back in range(1, PREVIOUS_SENTENCES + 1):
        earlier = [o for o in body if o.sentence == sentence - back and o.place.feature_class == "P"
                   and not o.guessed and not _is_modifier(doc, o)]
        if earlier:
            occ = earlier[-1]
            return Site(occ, occ.place, 2, 0.5)
    if best is not None:
        prec = 3 if best.guessed else max(2, precision_of(best.place, True))
        return Site(best, best.place, prec, 0.4, fallback=best.guessed)

    # the article's main place: the most mentioned, most specific
    body = [o for o in body if not o.guessed]
    if body:
        counts = Counter(o.place.geonameid for o in body)
        occ = max(body, key=lambda o: (counts[o.place.geonameid], specificity(o.place), -o.start))
        return Site(occ, occ.place, 3 if occ.place.feature_class != "P" else 2, 0.3, fallback=True)
    if dateline is not None:
        return Site(None, dateline, 3, 0.1, fallback=True)
    return None
