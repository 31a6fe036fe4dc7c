"""Toponym recognition: spaCy GPE/LOC/FAC entities plus a gazetteer-driven matcher.

The statistical model misses rare or oddly spelled names ("Boukamal"); the matcher
looks up runs of proper nouns in the gazetteer (exact key, then transliteration
skeleton).  Names of actors that look like places ("Daesh", "IS", "Hezbollah") and
spans the coding stage labelled ACTOR are never toponyms.
"""

from __future__ import annotations

import calendar

import re
from dataclasses import dataclass
from functools import lru_cache

from strife.geo import sources
from strife.geo.normalize import name_key, skeleton
from strife.nlp.spans import entities

PLACE_LABELS = {"GPE", "LOC", "FAC"}
BLOCKING_LABELS = {"ACTOR", "PERSON", "ORG", "NORP", "DATE", "TIME", "MONEY", "PERCENT",
                   "QUANTITY", "CARDINAL", "ORDINAL", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT",
                   "LANGUAGE"}
#: Head nouns that say which kind of unit a name refers to ("Deir Ezzor province").
ADMIN_HEADS = {"province": "A", "governorate": "A", "state": "A", "county": "A", "district": "A",
               "region": "A", "prefecture": "A", "oblast": "A", "department": "A", "parish": "A",
               "subdistrict": "A", "territory": "A", "countryside": "A",
               "city": "P", "town": "P", "village": "P", "township": "P", "municipality": "P",
               "river": "H", "lake": "H", "sea": "H", "mountains": "T", "mountain": "T",
               "valley": "T", "desert": "T"}
#: Abbreviated unit nouns closing a name, as news and datelines write them ("Platte Co.", "Madison Twp.").
UNIT_ABBREVIATIONS = {"co": "County", "cnty": "County", "cty": "County", "twp": "Township", "par": "Parish",
                      "prov": "Province", "dist": "District", "gov": "Governorate"}
_CONNECTORS = {"al", "el", "ad", "ar", "as", "az", "ash", "at", "an", "ez", "es", "de", "del",
               "la", "le", "du", "of", "upon", "on", "bin", "ibn", "bani", "abu", "um", "umm"}
_LEADING = re.compile(r"^(?:the|The)\s+")
_TRAILING = re.compile(r"(?:['’]s|['’])$")
MAX_NGRAM = 4


@dataclass
class Toponym:
    """A place name found in text; ``head`` is a following unit noun, ``demonym`` marks adjectives."""

    start: int
    end: int
    text: str
    source: str  # "ner", "gazetteer" or "demonym"
    head: str | None = None
    sentence: int | None = None
    demonym: bool = False
    boilerplate: bool = False  # inside a formula ("a group banned in Russia"): no site, no context
    in_name: bool = False  # inside an actor's or organisation's name ("U.S. military"): no site
    means: int | None = None  # the geonameid a description denotes ("the Syrian capital": Damascus)


@lru_cache(maxsize=1)
def not_place_keys() -> frozenset[str]:
    return frozenset(name_key(n) for n in sources.not_places())


@lru_cache(maxsize=1)
def boilerplate_phrases() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.lower().split()) for p in sources.not_place_data()["boilerplate"])


def in_boilerplate(doc, start_char: int) -> bool:
    """The name follows a legal or editorial formula ("banned in", "outlawed in (the)")."""
    span = doc.char_span(start_char, start_char + 1, alignment_mode="expand")
    if span is None or not len(span):
        return False
    i = span[0].i
    if i > 0 and doc[i - 1].lower_ == "the":
        i -= 1
    words = [t.lower_ for t in doc[max(0, i - 3):i]]
    return any(tuple(words[-len(p):]) == p for p in boilerplate_phrases() if len(p) <= len(words))


def _head_before(doc, start_token: int) -> str | None:
    """"the countryside of Idlib", "the province of Hama": the unit noun before "of"."""
    if start_token >= 2 and doc[start_token - 1].lower_ == "of":
        word = doc[start_token - 2].lower_
        if ADMIN_HEADS.get(word) == "A":
            return word
    return None


@lru_cache(maxsize=1)
def demonym_keys() -> frozenset[str]:
    return frozenset(name_key(d) for d, _ in sources.demonyms())


def _is_demonym(text: str) -> bool:
    key = name_key(text)
    return key in demonym_keys() or (key.endswith("s") and key[:-1] in demonym_keys())


def _trim(full_text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive from a character span."""
    m = _LEADING.match(full_text[start:end])
    if m:
        start += m.end()
    m = _TRAILING.search(full_text[start:end])
    if m:
        end -= len(m.group(0))
    return start, end


#: Plural unit nouns closing a list of names ("Douglas, Sarpy and Lancaster counties").
PLURAL_HEADS = {"counties": "county", "provinces": "province", "states": "state", "districts": "district",
                "governorates": "governorate", "regions": "region", "parishes": "parish",
                "townships": "township", "villages": "village", "towns": "town", "cities": "city",
                "rivers": "river", "lakes": "lake"}
_LIST_TAIL = re.compile(r"(?:(?:\s*,\s*|\s*,?\s+(?:and|or|&)\s+)[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)*\s+("
                        + "|".join(PLURAL_HEADS) + r")\b")


def plural_head_after(text: str, end: int) -> str | None:
    """The unit noun of a list a name opens or belongs to, closed by a plural ("Douglas,
    Sarpy and Lancaster counties": each is a county)."""
    m = _LIST_TAIL.match(text, end)
    return PLURAL_HEADS[m.group(1)] if m else None


_UNIT_OF = re.compile(r"\b([A-Za-z]+)\s+of\s+(?:the\s+)?$")


def head_before_text(text: str, start: int) -> str | None:
    """The unit noun of "the state of Washington", "the province of Hama" before a name at
    ``start`` of plain text (as ``_head_before`` reads a parse)."""
    m = _UNIT_OF.search(text[max(0, start - 40):start])
    word = m.group(1).lower() if m else ""
    return word if ADMIN_HEADS.get(word) == "A" else None


def _head_after(doc, end_token: int) -> str | None:
    if end_token < len(doc):
        word = doc[end_token].lower_
        if word in ADMIN_HEADS:
            return word
    return None


def _is_actor(text: str) -> bool:
    key = name_key(text)
    return key in not_place_keys()


def detect(doc, gazetteer, demonyms: bool = True, body_start: int = 0, text: str | None = None) -> list[Toponym]:
    """Toponyms in a spaCy Doc, sorted by position (``text``: ``doc.text``, if the caller has it)."""
    sent_of = {}
    for i, sent in enumerate(doc.sents):
        for tok in sent:
            sent_of[tok.i] = i
    text = doc.text if text is None else text  # Doc.text joins every token: build it once, not per name
    found: list[Toponym] = []
    taken = [False] * len(doc)
    for tok in doc:  # "Operation Olive Branch", "an operation Ankara named Olive Branch"
        names_operation = tok.lower_ in OPERATION_WORDS or (tok.lower_ in NAMING_VERBS and any(
            t.lower_ in OPERATION_NOUNS for t in doc[max(tok.sent.start, tok.i - 6):tok.i]))
        if names_operation and tok.i + 1 < len(doc) and doc[tok.i + 1].text[:1].isupper():
            j = tok.i + 1
            while j < len(doc) and (doc[j].text[:1].isupper() or doc[j].lower_ in _CONNECTORS):
                taken[j] = True
                j += 1

    for ent in entities(doc):
        if any(taken[t] for t in range(ent.start, ent.end)):
            continue
        if ent.label_ in PLACE_LABELS:
            if _is_actor(ent.text) or (not ent.text[:1].isupper() and not ent.text.lower().startswith("the ")):
                continue
            start, end = _trim(text, ent.start_char, ent.end_char)
            whole_known = len(ent) > 1 and bool(gazetteer.known_keys({name_key(text[start:end])}))
            head = ent[-1].lower_ if ent[-1].lower_ in ADMIN_HEADS and len(ent) > 1 and not whole_known \
                else _head_after(doc, ent.end)
            if head and ent[-1].lower_ == head and len(ent) > 1:
                end = ent[-2].idx + len(ent[-2].text)
                start, end = _trim(text, start, end)
            if end <= start:
                continue
            if ent.label_ == "FAC" and not gazetteer.known_keys({name_key(text[start:end])}):
                inner = _place_inside_name(doc, ent, gazetteer)  # "Aleppo Central Prison"
                if inner is not None:
                    found.append(Toponym(inner.start_char, inner.end_char, inner.text, "gazetteer", None,
                                         sent_of.get(ent.start), in_name=True))
                    for t in range(ent.start, ent.end):
                        taken[t] = True
                continue
            found.append(Toponym(start, end, text[start:end], "ner", head, sent_of.get(ent.start)))
            for t in range(ent.start, ent.end):
                taken[t] = True
        elif ((ent.label_ in ("PERSON", "ORG") or (ent.label_ == "NORP" and not _is_demonym(ent.text))) \
                and (_looks_like_place(doc, ent, gazetteer) or _introduced_as_place(doc, ent, gazetteer)
                     or _governed_as_place(doc, ent, gazetteer))) \
                or ((ent.label_ in _MISTAGGED_LABELS or _dateless_date(ent))
                    and _governed_as_place(doc, ent, gazetteer)):
            start, end = _trim(text, ent.start_char, ent.end_char)
            found.append(Toponym(start, end, text[start:end], "gazetteer", _head_after(doc, ent.end),
                                 sent_of.get(ent.start)))
            for t in range(ent.start, ent.end):
                taken[t] = True
        elif ent.label_ in BLOCKING_LABELS:
            if demonyms and ent.label_ == "NORP" and len(ent) <= 2 and _is_demonym(ent.text):
                found.append(Toponym(ent.start_char, ent.end_char, ent.text, "demonym", None,
                                     sent_of.get(ent.start), demonym=True))
            for t in range(ent.start, ent.end):
                taken[t] = True
            if ent.label_ in ("ORG", "ACTOR"):
                inner = _place_inside_name(doc, ent, gazetteer)
                if inner is None:
                    pass
                elif _is_demonym(inner.text):
                    if demonyms:  # "Syrian government forces": the nationality word
                        found.append(Toponym(inner.start_char, inner.end_char, inner.text, "demonym", None,
                                             sent_of.get(ent.start), demonym=True, in_name=True))
                else:
                    found.append(Toponym(inner.start_char, inner.end_char, inner.text, "gazetteer", None,
                                         sent_of.get(ent.start), in_name=True))

    found.extend(_datelines(doc, text, gazetteer, taken, sent_of))
    found.extend(_gazetteer_matches(doc, text, gazetteer, taken, sent_of))
    found.sort(key=lambda t: t.start)
    for top in found:
        top.boilerplate = in_boilerplate(doc, top.start)
        if top.head is None and not top.demonym:
            span = doc.char_span(top.start, top.end, alignment_mode="expand")
            if span is not None:
                top.head = _head_before(doc, span.start)
            if top.head is None:
                top.head = plural_head_after(text, top.end)
    persons = _person_words(doc)
    found = [t for t in found if not _unsupported_word(doc, t, gazetteer, persons) and not _dedication(doc, t)]
    capitals = [c for c in (capital_reference(doc, t, gazetteer) for t in found) if c is not None]
    return sorted(found + capitals, key=lambda t: t.start) if capitals else found


def _country_of(top: Toponym, gazetteer) -> str | None:
    """The country a nationality word or a country's name names ("Syrian", "Syria")."""
    cands = gazetteer.candidates(top.text, fuzzy=False)
    wanted = [c for c in cands if (c.kind == 0 if top.demonym else c.place.feature_code == "PCLI")]
    isos = {c.place.country_iso for c in wanted if c.place.country_iso}
    return isos.pop() if len(isos) == 1 else None


def capital_reference(doc, top: Toponym, gazetteer) -> Toponym | None:
    """"the Syrian capital", "Syria's capital", "the capital of Syria": the word "capital" names
    the country's capital city (a town, so it may be an event's site); the nationality word or
    the country's name stays a mention of the country.  "capital" as a modifier ("Chinese
    capital markets") is money, not a city."""
    span = doc.char_span(top.start, top.end, alignment_mode="expand")
    if span is None or top.in_name or top.boilerplate:
        return None
    word = None
    k = span.end
    if top.demonym:  # "the Syrian capital"
        if k < len(doc) and doc[k].lower_ == "capital" and span.start > 0 and doc[span.start - 1].lower_ == "the":
            word = doc[k]
    elif k + 1 < len(doc) and doc[k].lower_ in ("'s", "’s") and doc[k + 1].lower_ == "capital":
        word = doc[k + 1]  # "Syria's capital"
    elif span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ == "capital":
        word = doc[span.start - 2]  # "the capital of Syria"
    if word is None or word.dep_ == "compound":
        return None
    iso = _country_of(top, gazetteer)
    capital = gazetteer.capital_of(iso) if iso else None
    if capital is None:
        return None
    return Toponym(word.idx, word.idx + len(word), capital.name, "capital", "city", top.sentence,
                   means=capital.geonameid)


#: A one-word name this well known stays a place even where the text also has a person of that
#: name ("Alexandria", "Egypt" beside "Alexandria Smith").
WELL_KNOWN = 100_000


SAINT_WORDS = {"st", "st.", "saint", "ste", "ste.", "sainte"}


@lru_cache(maxsize=1)
def dedication_nouns() -> frozenset[str]:
    return frozenset(n.lower() for n in sources.not_place_data()["dedications"])


def _dedication(doc, top: Toponym) -> bool:
    """A saint's name that names what a building or site is dedicated to, not a town of that
    name: followed by "'s" and a dedication noun ("St. Peter's Square", "St Paul's
    Cathedral"), after "<dedication noun> of" ("the church of St. Mark"), or opening a run
    of names that a dedication noun closes ("the Saint Peter and Saint Paul Coptic Orthodox
    Church")."""
    span = doc.char_span(top.start, top.end, alignment_mode="expand")
    if span is None or span[0].lower_ not in SAINT_WORDS:
        return False
    nouns = dedication_nouns()
    after = doc[span.end:span.end + 2]
    if len(after) == 2 and after[0].lower_ in ("'s", "’s") and after[1].lower_ in nouns:
        return True
    before = doc[max(0, span.start - 3):span.start]
    words = [t.lower_ for t in before if t.lower_ != "the"]
    if len(words) >= 2 and words[-1] == "of" and words[-2] in nouns:
        return True
    for tok in doc[span.end:span.end + 8]:  # "... and Saint Paul Coptic Orthodox Church"
        if tok.lower_ in nouns and tok.text[:1].isupper():
            return True
        if not (tok.text[:1].isupper() or tok.lower_ in ("and", "&", ".", "-")):
            return False
    return False


def _person_words(doc) -> set[str]:
    """Words the text uses as a person's name: in a multiword PERSON entity ("Tom Ripley"),
    after a title ("coach Ripley", "President Saakashvili"), or before an age ("Farrin, 43,")."""
    words = {t.lower_ for e in entities(doc) if e.label_ == "PERSON" and len(e) > 1 for t in e if t.text[:1].isupper()}
    for k in range(len(doc) - 1):
        if doc[k].lower_.strip(".") in _TITLES and doc[k + 1].text[:1].isupper():
            words.add(doc[k + 1].lower_)
        if k + 3 < len(doc) and doc[k + 1].text == "," and doc[k + 2].like_num and doc[k + 3].text == ",":
            words.add(doc[k].lower_)
    return words


def _unsupported_word(doc, top: Toponym, gazetteer, persons: set[str] = frozenset()) -> bool:
    """A one-word name is a place when the sentence says so or the place is well known.  One
    the text also uses as a person's name is that person ("Tom Ripley ... Ripley"); one the
    tagger calls a place but no gazetteer holds needs a place preposition.  One only the
    gazetteer (not the tagger) calls a place: as the subject of a verb or before a possessive
    it is mostly a person ("Bell pulled a gun", "Trapani's film"), and a small town's name
    without a place preposition mostly a surname or a common word."""
    if top.in_name or top.demonym or top.head or " " in top.text.strip() or top.source not in ("gazetteer", "ner"):
        return False
    span = doc.char_span(top.start, top.end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    tok = span[0]
    known = gazetteer.known_keys({name_key(top.text)})
    largest = max(known.values()) if known else -1
    if tok.lower_ in persons and largest < WELL_KNOWN:
        return True
    if top.source == "ner":
        return largest < 0 and not _placed(doc, tok)
    nxt = doc[tok.i + 1].text if tok.i + 1 < len(doc) else ""
    if tok.dep_ in ("nsubj", "nsubjpass") or nxt in ("'s", "’s", "'", "’"):
        return True
    if _placed(doc, tok):
        return False
    return largest < OVERRULE_POPULATION


def _placed(doc, tok) -> bool:
    """The sentence puts the word where places go: after a preposition of place ("in
    Jenderis"), as the object of a verb that takes a place ("shelled Jenderis"), after a
    compass word or a unit noun and "of" ("eastern Ghouta", "the town of Douma"), or before
    ", Province" ("Marietta, Georgia")."""
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else ""
    if prev in _PLACE_PREPOSITIONS or prev in _PLACE_INTRODUCERS:
        return True
    if prev == "to" and tok.i >= 2 and doc[tok.i - 1].head.lemma_.lower() in MOTION_VERBS:
        return True  # "relocate to Boukamal", "fled to Idlib"
    if prev == "of" and tok.i >= 2 and doc[tok.i - 2].lower_ in ADMIN_HEADS:
        return True
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in _PLACE_OBJECT_VERBS:
        return True
    return tok.i + 2 < len(doc) and doc[tok.i + 1].text == "," and doc[tok.i + 2].ent_type_ == "GPE"


#: A wire dateline opening a story or a paragraph: "MANSFIELD —", "COLUMBUS, Ohio (AP) —",
#: "HURRICANE, W.Va. -": the upper-case name is the city the story was filed from.
_DATELINE = re.compile(r"(?:^|(?<=[.!?\n])\s*)\s*(?P<place>[A-Z][A-Z'’.]*(?:[ -][A-Z][A-Z'’.]*){0,3})"
                       r"(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*(?:\([^()\n]{1,30}\)\s*)?(?:—|–|-{1,3})\s")


def _datelines(doc, text: str, gazetteer, taken: list[bool], sent_of: dict) -> list[Toponym]:
    """Upper-case dateline names the gazetteer knows, marked as cities (the tagger misses
    upper-case words and the matcher skips a sentence's first word)."""
    out = []
    for m in _DATELINE.finditer(text):
        start = m.start("place")
        name = m["place"].rstrip(".")
        if not re.search(r"[A-Z]{3}", name) or _is_actor(name) or not gazetteer.known_keys({name_key(name)}):
            continue
        span = doc.char_span(start, start + len(name), alignment_mode="expand")
        if span is None or any(taken[t.i] for t in span):
            continue
        for t in span:
            taken[t.i] = True
        out.append(Toponym(start, start + len(name), name, "gazetteer", "city", sent_of.get(span.start)))
    return out


#: Words that open the name of a military operation ("Operation Olive Branch").
OPERATION_WORDS = {"operation", "op."}
OPERATION_NOUNS = {"operation", "offensive", "campaign", "mission"}
NAMING_VERBS = {"named", "called", "dubbed", "codenamed", "code-named", "nicknamed"}
#: Words after a name that show it is a person or organisation speaking or acting.
_PERSON_CUES = {"said", "says", "told", "added", "wrote", "asked", "stated"}
_TITLES = {"mr", "mrs", "ms", "dr", "president", "gov", "governor", "sen", "senator", "rep", "judge",
           "coach", "minister", "officer", "sgt", "lt", "capt", "col", "gen", "chief", "mayor"}
#: Population (or unit rank) a name must reach before the matcher overrules the tagger.
OVERRULE_POPULATION = 20_000
MATCH_POPULATION = 1_000


def _looks_like_place(doc, ent, gazetteer) -> bool:
    """A PERSON/ORG entity that is exactly a well-known place name, without person cues."""
    if len(ent) > 3 or _is_actor(ent.text) or not ent.text[:1].isupper():
        return False
    if ent.start > 0 and doc[ent.start - 1].lower_.strip(".") in _TITLES:
        return False
    if ent.end < len(doc) and doc[ent.end].lower_ in _PERSON_CUES:
        return False
    if ent.end < len(doc) and doc[ent.end].pos_ == "PROPN":
        return False
    known = gazetteer.known_keys({name_key(ent.text)})
    return bool(known) and max(known.values()) >= OVERRULE_POPULATION


#: Words that, right before a name, say it is a place: "the town of Douma", "eastern Ghouta".
_PLACE_INTRODUCERS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                      "central", "northeastern", "northwestern", "southeastern", "southwestern"}


def _introduced_as_place(doc, ent, gazetteer) -> bool:
    """A name the gazetteer knows, introduced as a place by the words before it: "the town of
    Douma" (a unit noun and "of"), "eastern Ghouta" (a compass adjective)."""
    if len(ent) > 3 or _is_actor(ent.text) or ent.start == 0:
        return False
    before = doc[ent.start - 1].lower_
    introduced = before in _PLACE_INTRODUCERS or (
        before == "of" and ent.start >= 2 and doc[ent.start - 2].lower_ in ADMIN_HEADS)
    return introduced and bool(gazetteer.known_keys({name_key(ent.text)}))


#: Verbs of motion: "to" after them leads to a place ("relocate to Boukamal").
MOTION_VERBS = {"move", "relocate", "flee", "return", "travel", "go", "head", "send", "deploy", "transfer",
                "evacuate", "come", "bring", "take", "fly", "drive", "march", "advance", "retreat", "withdraw",
                "displace", "expel", "deport", "escape", "arrive", "redeploy", "bus", "ship"}
#: Labels the tagger gives rare names it does not know ("shelled Douma" as a PRODUCT).
_MISTAGGED_LABELS = {"PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"}
#: Prepositions of place and verbs whose object is a place, never a person ("shelled X").
_PLACE_PREPOSITIONS = {"in", "near", "at", "into", "outside", "around", "inside", "toward", "towards",
                       "from", "across", "throughout"}
_PLACE_OBJECT_VERBS = {"shell", "bomb", "capture", "seize", "storm", "enter", "besiege", "raid", "overrun",
                       "recapture", "retake", "liberate", "occupy", "invade", "encircle", "surround", "pound",
                       "bombard", "strike", "evacuate", "reach", "hit", "target", "attack"}


_CALENDAR_WORDS = {w.lower() for w in (*calendar.month_name[1:], *calendar.month_abbr[1:],
                                        *calendar.day_name, *calendar.day_abbr)}


def _dateless_date(ent) -> bool:
    """A DATE or TIME entity with no number and no calendar word: a rare name the tagger took
    for a date ("clashes erupted in Manbij." tagged DATE)."""
    return ent.label_ in ("DATE", "TIME") and all(
        t.pos_ == "PROPN" and not t.like_num and t.lower_.strip(".") not in _CALENDAR_WORDS for t in ent)


def _governed_as_place(doc, ent, gazetteer) -> bool:
    """A name tagged as a person or organisation that the gazetteer knows and the syntax puts
    where only places go: after a preposition of place ("in Jenderis") or as the object of a
    verb that takes a place ("shelled Ghadir al-Bostan"), or conjoined with such a name."""
    if len(ent) > 4 or _is_actor(ent.text) or not ent.text[:1].isupper():
        return False
    if ent.start > 0 and doc[ent.start - 1].lower_.strip(".") in _TITLES:
        return False
    root = ent.root
    while root.dep_ == "conj" and root.head is not root and root.head.i < root.i:
        root = root.head
    governed = (root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPOSITIONS) or (
        root.dep_ == "dobj" and root.head.lemma_.lower() in _PLACE_OBJECT_VERBS)
    if not governed:
        return False
    key = name_key(ent.text)
    return bool(gazetteer.known_keys({key}) or gazetteer.known_skeletons({skeleton(ent.text)}))


def _place_inside_name(doc, ent, gazetteer):
    """The well-known place inside the name of an organisation, facility or actor, if any:
    the words it opens with ("Dublin City Council", "Aleppo Central Prison", "U.S. military",
    a nationality word: "Syrian government forces"), the words after "of" ("University of
    Cincinnati") or a country it ends with ("Air Zimbabwe")."""
    first = ent.start + (1 if ent[0].lower_ == "the" else 0)
    spans = [doc[first:first + size] for size in range(min(3, ent.end - first - 1), 0, -1)]
    of = next((t.i for t in ent if t.lower_ == "of"), None)
    if of is not None and of + 1 < ent.end:
        spans.insert(0, doc[of + 1:ent.end])
    if ent.end - first >= 2:
        spans.append(doc[ent.end - 1:ent.end])
    for span in spans:
        if span[-1].is_punct or span[0].is_punct:
            continue
        words = list(span)
        if not words or _is_actor(span.text) or not all(t.text[:1].isupper() for t in words):
            continue
        if span.start == first and len(span) <= 2 and _is_demonym(span.text):
            return span
        if not all(_proper(t) or t.text.replace(".", "").isupper() for t in words):
            continue
        known = gazetteer.known_keys({name_key(span.text)})
        if known and max(known.values()) >= OVERRULE_POPULATION:
            if span.end == ent.end and span.start > first and (of is None or span.start != of + 1) \
                    and max(known.values()) < 10_000_000:
                continue  # a last word that is a mere town ("Paris Saint-Germain" aside) says little
            return span
    return None


def _proper(tok) -> bool:
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.is_stop and tok.is_alpha


def _capitalised(tok) -> bool:
    """A capitalised word the tagger may have read as an adjective or noun ("Deir" in "Deir
    ez-Zor"): part of a name only when the whole multiword name is in the gazetteer."""
    return tok.text[:1].isupper() and not tok.is_stop and tok.is_alpha


def _gazetteer_matches(doc, text: str, gazetteer, taken: list[bool], sent_of: dict) -> list[Toponym]:
    """Longest runs of proper nouns (with name connectors) that the gazetteer knows."""
    spans: list[tuple[int, int, str]] = []
    loose: set[tuple[int, int]] = set()  # spans with a capitalised non-proper word: exact names only
    for i in range(len(doc)):
        if taken[i] or not _capitalised(doc[i]):
            continue
        for j in range(min(len(doc), i + MAX_NGRAM), i, -1):
            toks = doc[i:j]
            if any(taken[t.i] for t in toks) or not _capitalised(toks[-1]):
                continue
            if not all(_capitalised(t) or t.lower_ in _CONNECTORS or t.text in "-'’" for t in toks):
                continue
            if not all(_proper(t) for t in toks if _capitalised(t)):
                if j - i < 2 or (sum(_capitalised(t) for t in toks) < 2 and len(toks) < 3):
                    continue
                loose.add((i, j))
            if (i > 0 and _proper(doc[i - 1])) or (j < len(doc) and _proper(doc[j])):
                continue  # part of a longer name ("Main Street", "President Obama")
            if j - i == 1 and doc[i].is_sent_start:
                continue  # a capitalised first word says nothing
            spans.append((i, j, text[toks.start_char:toks.end_char]))
    if not spans:
        return []
    # a surname used alone after the full name ("Barack Obama ... Obama") is that person
    person_words = {t.lower_ for e in entities(doc) if e.label_ in ("PERSON", "ACTOR", "ORG") for t in e}
    spans = [s for s in spans if not (s[1] - s[0] == 1 and (doc[s[0]].lower_ in person_words
                                                            or (doc[s[0]].text.isupper() and len(s[2]) <= 4)))]
    keys = {name_key(s[2]) for s in spans}
    known = gazetteer.known_keys({k for k in keys if len(k) >= 4})
    skels = {skeleton(s[2]) for s in spans if name_key(s[2]) not in known}
    known_sk = gazetteer.known_skeletons({s for s in skels if len(s) >= 4})
    out: list[Toponym] = []
    used = [False] * len(doc)
    for i, j, text in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if any(used[i:j]) or _is_actor(text):
            continue
        key = name_key(text)
        pop = known.get(key, -1 if (i, j) in loose else known_sk.get(skeleton(text), -1))
        if pop < 0 or (j - i == 1 and pop < MATCH_POPULATION):
            continue
        for t in range(i, j):
            used[t] = True
        span = doc[i:j]
        out.append(Toponym(span.start_char, span.end_char, text, "gazetteer", _head_after(doc, j),
                           sent_of.get(i)))
    return out
