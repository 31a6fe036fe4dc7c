"""Document-level event resolution: one report per incident an article tells.

Sentence-level coding finds an act in every sentence that tells it: the headline, the
lead and the body restate one strike, and later sentences refer back to it ("the raid").
After geo and time have given each mention its place and date, the mentions of one
incident become one report.  A mention joins the latest earlier incident of the article
when

* the act is the same: the same sub-event type (for demonstrations, any protest or riot:
  one demonstration told over several sentences keeps its most severe form; for battles,
  an armed clash and the territory it won: the battle keeps its outcome; a catch-all
  type such as "Other" only with the same word), tied by something positive -- the same
  word, a shared named actor in the same role, a place or day both state, or a mention
  stating neither restating the one act of its kind the article has placed; or, within
  one disorder type of like acts (political violence, demonstrations; not strategic
  developments, whose arrests, seizures, lootings and agreements are unlike acts), the
  mention is a definite nominal pointing back ("the raid", "this attack"), or the incident
  so far is only the headline and the mention restates it in the body;
* the actors agree: equal names once ACLED's parenthesised qualifier is dropped, or one
  side unknown or unidentified (in a demonstration, where the protesters are actor1 of a
  protest and actor2 of force used against it, one side's named actors among the other's);
* the place agrees: both placed by a name in their own sentence -> the same place, within
  10 km, or one is an area (province, country) holding the other; places taken from
  elsewhere in the article agree unless they lie in two countries or are two towns; no
  place agrees with any;
* the day agrees: both dated by an expression of their own -> their date intervals meet;
  a date defaulted from publication agrees with any;
* both are news or both are background: history never merges into news.

The report keeps the first mention's id, trigger and notes and takes the type of its
most confident non-anaphoric mention, the most specific actors (named, then unidentified,
then none), the most specific place and date (stated in its own sentence, then most
precise), the lowest stated toll unless a later mention updates the toll of the incident
("the death toll rose to 12"), and the union of the evidence: the other mentions' triggers
are kept as ``mention`` evidence.  Reports of one article are so never counted twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from strife.coding import taxonomy
from strife.dictionaries import load_dictionaries
from strife.dictionaries.loader import DictionaryError, read_sections
from strife.geo.resolve import haversine_km
from strife.linking.events import actor_key
from strife.linking.merge import DATE_FIELDS, PLACE_FIELDS
from strife.model import Article, CodedArticle, Evidence, EventRecord, is_unidentified
from strife.nlp.spans import root_at
from strife.time.background import date_stated

LEXICON_PATH = Path(__file__).with_name("document.yaml")
SAME_PLACE_KM = 10.0
DEMONSTRATION_TYPES = frozenset({"Protests", "Riots"})
HEADLINE_MAX_WORDS = 20
#: Days a date interval is widened by before two are compared, by time precision.
DATE_SLACK_DAYS = {1: 0, 2: 3, 3: 0}
_TYPE_FIELDS = ("disorder_type", "event_type", "sub_event_type", "plover_type", "plover_mode",
                "plover_context", "civilian_targeting", "tags")
_KEYS = {"anaphoric_determiners", "toll_update_cues", "demonstration_severity", "catch_all_sub_events",
         "battle_outcomes", "unlike_acts_disorder_types"}


@dataclass(frozen=True)
class DocumentLexicon:
    determiners: frozenset[str]
    update_cues: tuple[re.Pattern, ...]
    severity: tuple[str, ...]
    catch_all: frozenset[str]
    clash: str
    outcomes: frozenset[str]
    unlike_acts: frozenset[str]


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> DocumentLexicon:
    """The words of ``document.yaml``; a bad file is a DictionaryError naming file:line."""
    data, line = read_sections(path, _KEYS)
    for key in _KEYS:
        if not isinstance(data[key], list) or not all(isinstance(v, str) for v in data[key]):
            raise DictionaryError(f"{path}:{line}: {key} must be a list of strings")
    try:
        cues = tuple(re.compile(p, re.IGNORECASE) for p in data["toll_update_cues"])
    except re.error as exc:
        raise DictionaryError(f"{path}:{line}: bad toll_update_cues pattern: {exc}") from None
    for key in ("demonstration_severity", "catch_all_sub_events", "battle_outcomes"):
        unknown = [v for v in data[key] if v not in taxonomy.SUB_EVENT_TYPES]
        if unknown:
            raise DictionaryError(f"{path}:{line}: {key}: not ACLED sub-event types: {', '.join(unknown)}")
    unknown = [v for v in data["unlike_acts_disorder_types"] if v not in taxonomy.DISORDER_TYPES]
    if unknown:
        raise DictionaryError(f"{path}:{line}: unlike_acts_disorder_types: not ACLED disorder types: "
                              f"{', '.join(unknown)}")
    if len(data["battle_outcomes"]) < 2:
        raise DictionaryError(f"{path}:{line}: battle_outcomes must name the clash and at least one outcome")
    return DocumentLexicon(frozenset(w.lower() for w in data["anaphoric_determiners"]), cues,
                           tuple(data["demonstration_severity"]), frozenset(data["catch_all_sub_events"]),
                           data["battle_outcomes"][0], frozenset(data["battle_outcomes"][1:]),
                           frozenset(data["unlike_acts_disorder_types"]))


@dataclass
class _Mention:
    ev: EventRecord
    sentence: tuple[int, int]
    anaphoric: bool
    headline: bool
    lemma: str | None


@dataclass
class _Incident:
    ev: EventRecord  # the first mention, filled in from the others
    headline_only: bool
    type_confidence: float
    mentions: list[_Mention] = field(default_factory=list)


def resolve_document(coded: CodedArticle, lexicon: DocumentLexicon | None = None) -> CodedArticle:
    """Merge the mentions of one incident into one report (see the module docstring)."""
    if len(coded.events) < 2:
        return coded
    lex = lexicon or load_lexicon()
    article, doc = coded.article, coded.parsed.doc
    headline_end = headline_end_of(article)
    sentences = [(s.start, s.end) for s in coded.parsed.sentences]
    incidents: list[_Incident] = []
    for ev in sorted(coded.events, key=lambda e: (e.trigger_start, e.trigger_end)):
        root = root_at(doc, ev.trigger_start, ev.trigger_end)
        m = _Mention(ev, _sentence_of(ev, sentences), _is_anaphoric(root, lex),
                     headline_end is not None and ev.trigger_start < headline_end,
                     root.lemma_.lower() if root is not None else ev.trigger.lower())
        target = _target(m, incidents, lex, article.text)
        if target is None:
            incidents.append(_Incident(ev, m.headline, ev.confidence or 0.0, [m]))
        else:
            _absorb(target, m, article, sentences, lex)
    coded.events = [inc.ev for inc in incidents]
    return coded


def headline_end_of(article: Article) -> int | None:
    """Where the headline ends, when the body opens with one: a short first line without
    closing punctuation, followed by more text."""
    text, start = article.text, article.body_start
    nl = text.find("\n", start)
    if nl < 0 or not text[nl:].strip():
        return None
    line = text[start:nl].strip()
    if not line or line[-1] in ".!?:;,\"”’" or len(line.split()) > HEADLINE_MAX_WORDS:
        return None
    return nl


def _sentence_of(ev: EventRecord, sentences: list[tuple[int, int]]) -> tuple[int, int]:
    for s, e in sentences:
        if s <= ev.trigger_start < e:
            return (s, e)
    return (ev.trigger_start, ev.trigger_end)


def _is_anaphoric(root, lex: DocumentLexicon) -> bool:
    """A definite nominal trigger ("the raid", "this attack") points back to an earlier act."""
    return root is not None and root.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ in ("det", "predet") and c.lower_ in lex.determiners for c in root.children)


def _target(m: _Mention, incidents: list[_Incident], lex: DocumentLexicon,
            article_text: str = "") -> _Incident | None:
    """The incident ``m`` mentions again: among those it fits, one told with the same word,
    then one whose stated place and day it shares, then the latest."""
    ev = m.ev
    best, best_key = None, None
    for i, inc in enumerate(incidents):
        other = inc.ev
        if other.background != ev.background or not _agree(inc, m):
            continue
        same_word = bool(m.lemma) and m.lemma in {x.lemma for x in inc.mentions}
        refers_back = m.anaphoric or (inc.headline_only and not m.headline)
        agreement = _stated_agreement(inc, m)
        tied = same_word or refers_back or agreement > 0 or _shares_named_actor(other, ev) \
            or _restates_the_one(inc, m, incidents) or _same_paragraph_demonstration(inc, m, article_text)
        if not ((tied and _same_act(other, ev, same_word or m.anaphoric, lex))
                or (refers_back and ev.disorder_type and other.disorder_type == ev.disorder_type
                    and ev.disorder_type not in lex.unlike_acts)):
            continue
        key = (same_word, agreement, i)
        if best_key is None or key > best_key:
            best, best_key = inc, key
    return best


def _restates_the_one(inc: _Incident, m: _Mention, incidents: list[_Incident]) -> bool:
    """A mention stating no place and no day of its own, of a kind of act the article has told
    once, at a place it named: given information, the same act told again ("... captured the
    stadium in Raqqa on Tuesday. ... the whole city had been freed")."""
    ev = m.ev
    if place_stated(ev, m.sentence) or date_stated(ev) or ev.sub_event_type is None:
        return False
    if not place_stated(inc.ev, _incident_sentence(inc, "location")):
        return False
    if ev.country is not None and not places_agree(inc.ev, ev):
        return False  # placed, from its own paragraph, somewhere else
    return sum(1 for i in incidents if i.ev.sub_event_type == ev.sub_event_type) == 1


def _same_paragraph_demonstration(inc: _Incident, m: _Mention, text: str) -> bool:
    """A demonstration told again in the paragraph that told it: the march, then the scuffles
    or clashes at it ("demonstrators marched on Saturday.  There were scuffles in Paris").
    A paragraph tells one topic, so a later demonstration mention in it whose actors, place and
    day agree (checked by the caller) is the same crowd, and the report keeps its most severe
    form; a demonstration in another paragraph (a line break: plain-text news puts one paragraph
    on a line, and a hard-wrapped line only makes the rule stricter) needs a tie of its own."""
    last = inc.mentions[-1].ev
    if not _demonstration(last, m.ev) or not text:
        return False
    lo, hi = sorted((last.trigger_start, m.ev.trigger_start))
    return "\n" not in text[lo:hi]


def _same_act(a: EventRecord, b: EventRecord, same_word: bool, lex: DocumentLexicon) -> bool:
    """One act: any two forms of a demonstration; a clash and a territorial outcome; else one
    sub-event type (a catch-all type such as "Other" only when the same word or a definite
    reference tells it)."""
    if _demonstration(a, b) or _outcome_of_clash(a, b, lex) or _outcome_of_clash(b, a, lex):
        return True
    if a.sub_event_type is None or a.sub_event_type != b.sub_event_type:
        return False
    return same_word or a.sub_event_type not in lex.catch_all


def _agree(inc: _Incident, m: _Mention) -> bool:
    """Actors, place and day do not tell the mention apart from the incident."""
    a, b = inc.ev, m.ev
    return (_roles_agree(a, b)
            and _places_compatible(inc, m)
            and (not date_stated(a) or not date_stated(b) or dates_agree(a, b)))


def _places_compatible(inc: _Incident, m: _Mention) -> bool:
    """Two countries never agree.  Otherwise an anaphor names the incident whatever place its
    own sentence adds ("the truce covers ..."), unless both sentences name towns that differ;
    places stated in both sentences must agree;
    so must places both events took from their own part of the article when both are towns
    (precision 1-2, no stand-in): a later paragraph about another town tells another incident."""
    a, b = inc.ev, m.ev
    if a.country is not None and b.country is not None and a.country != b.country:
        return False
    both_stated = place_stated(a, _incident_sentence(inc, "location")) and place_stated(b, m.sentence)
    if m.anaphoric:  # "the attacks in Bakool" after an attack in another town is another attack
        return not (both_stated and _town_level(a) and _town_level(b)) or places_agree(a, b)
    if both_stated:
        return places_agree(a, b)
    if a.country is None or b.country is None:
        return True
    return not (_town_level(a) and _town_level(b)) or places_agree(a, b)


def _stated_agreement(inc: _Incident, m: _Mention) -> int:
    """How many of place and day both state and share.  A shared place ties only when it is
    a town or village (precision 1 or 2, not a stand-in centroid): two acts of one kind in
    one province or country are common news, not a sign of one incident."""
    a, b = inc.ev, m.ev
    place = place_stated(a, _incident_sentence(inc, "location")) and place_stated(b, m.sentence) \
        and places_agree(a, b) and _town_level(a) and _town_level(b)
    day = date_stated(a) and date_stated(b) and dates_agree(a, b)
    return int(place) + int(day)


def _incident_sentence(inc: _Incident, fld: str) -> tuple[int, int]:
    """The sentence of the mention that gave the incident its ``fld`` evidence."""
    e = inc.ev.evidence_for(fld)
    if e is not None:
        for m in inc.mentions:
            if m.sentence[0] <= e.start < m.sentence[1]:
                return m.sentence
    return inc.mentions[0].sentence


def _town_level(ev: EventRecord) -> bool:
    """Placed at a town or village (precision 1 or 2), not on a stand-in centroid."""
    return (ev.geo_precision or 3) < 3 and not ev.geo_fallback


def _outcome_of_clash(outcome: EventRecord, clash: EventRecord, lex: DocumentLexicon) -> bool:
    """``outcome`` is the territory a battle told as ``clash`` won or lost: the two types, on
    known dates that overlap, unwidened, even where one is only the publication's (ACLED codes
    a battle per day, so "broke the siege last week and are now battling" stays two; without
    dates nothing says it is one day)."""
    return outcome.sub_event_type in lex.outcomes and clash.sub_event_type == lex.clash and \
        outcome.event_date is not None and clash.event_date is not None and \
        dates_agree(outcome, clash, slack=False)


def _demonstration(a: EventRecord, b: EventRecord) -> bool:
    return a.event_type in DEMONSTRATION_TYPES and b.event_type in DEMONSTRATION_TYPES


def _named_actors(ev: EventRecord) -> set[str]:
    return {actor_key(x) for x in (ev.actor1, ev.actor2) if _actor_rank(x) == 2}


def _roles_agree(a: EventRecord, b: EventRecord) -> bool:
    """Actors agree role by role; in a demonstration the protesters are actor1 of a protest
    and actor2 of force used against it, so there one side's named actors must be among
    the other's."""
    if _demonstration(a, b):
        x, y = _named_actors(a), _named_actors(b)
        return x <= y or y <= x
    return _actors_agree(a.actor1, b.actor1) and _actors_agree(a.actor2, b.actor2)


def _shares_named_actor(a: EventRecord, b: EventRecord) -> bool:
    """The same known actor in the same role of both; in a demonstration, a named actor in any
    role, or the protesters of one being the target of the other (force used against them).
    ACLED's generic crowd alone ("Protesters (France)" in both) ties nothing: every
    demonstration of a country has it (measured: more incidents merged in joined articles)."""
    if _demonstration(a, b):
        crossed = any(x and x == y and not is_unidentified(x)
                      for x, y in ((a.actor1, b.actor2), (a.actor2, b.actor1)))
        return crossed or bool(_named_actors(a) & _named_actors(b))
    return any(_actor_rank(x) == 2 and actor_key(x) == actor_key(y)
               for x, y in ((a.actor1, b.actor1), (a.actor2, b.actor2)))


def _actors_agree(a: str | None, b: str | None) -> bool:
    """Unknown and unidentified actors contradict no one; names compare without qualifier."""
    return a is None or b is None or is_unidentified(a) or is_unidentified(b) or actor_key(a) == actor_key(b)


def place_stated(ev: EventRecord, sentence: tuple[int, int]) -> bool:
    """The event's place is named in its own sentence (not inherited from another one)."""
    e = ev.evidence_for("location")
    return ev.country is not None and e is not None and sentence[0] <= e.start < sentence[1]


def places_agree(a: EventRecord, b: EventRecord) -> bool:
    """The same place, within SAME_PLACE_KM, or an area (province, country) and a place in it."""
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if a.country != b.country:
        return False
    if None not in (a.latitude, a.longitude, b.latitude, b.longitude) and \
            haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= SAME_PLACE_KM:
        return True
    return _holds(a, b) or _holds(b, a)


def _holds(area: EventRecord, other: EventRecord) -> bool:
    return area.geo_precision == 3 and area.admin1 in (None, other.admin1)


def _interval(ev: EventRecord, slack: bool = True) -> tuple[date, date]:
    widen = timedelta(days=DATE_SLACK_DAYS.get(ev.time_precision or 3, 0) if slack else 0)
    return ev.event_date - widen, (ev.date_end or ev.event_date) + widen


def dates_agree(a: EventRecord, b: EventRecord, slack: bool = True) -> bool:
    """Their date intervals (widened by DATE_SLACK_DAYS unless ``slack`` is false) meet."""
    (a0, a1), (b0, b1) = _interval(a, slack), _interval(b, slack)
    return a0 <= b1 and b0 <= a1


def _absorb(inc: _Incident, m: _Mention, article: Article, sentences: list[tuple[int, int]],
            lex: DocumentLexicon) -> None:
    """Fill the incident's report in from one more mention of it."""
    target, ev = inc.ev, m.ev
    if _demonstration(target, ev):
        if _severity(ev, lex) > _severity(target, lex):  # its roles come with its form
            _copy(target, ev, _TYPE_FIELDS)
            for n in ("1", "2"):
                if getattr(ev, f"actor{n}") is not None:
                    _copy(target, ev, (f"actor{n}", f"inter{n}", f"actor{n}_detail"), evidence=f"actor{n}")
    elif _outcome_of_clash(ev, target, lex):  # the battle keeps its outcome
        _copy(target, ev, _TYPE_FIELDS)
        inc.type_confidence = ev.confidence or 0.0
    elif not m.anaphoric and (ev.confidence or 0.0) > inc.type_confidence and ev.sub_event_type \
            and not _outcome_of_clash(target, ev, lex):
        _copy(target, ev, _TYPE_FIELDS)
        inc.type_confidence = ev.confidence or 0.0
    for n in ("1", "2"):
        fld = f"actor{n}"
        if _actor_rank(getattr(ev, fld)) > _actor_rank(getattr(target, fld)):
            _copy(target, ev, (fld, f"inter{n}", f"{fld}_detail"), evidence=fld)
        assoc = f"assoc_actor_{n}"
        if getattr(target, assoc) is None and getattr(ev, assoc) is not None:
            setattr(target, assoc, getattr(ev, assoc))
    target.interaction = taxonomy.interaction(target.inter1, target.inter2)
    if _place_rank(ev, m.sentence) > _place_rank(target, _incident_sentence(inc, "location")):
        _copy(target, ev, PLACE_FIELDS, evidence="location")
    if _date_rank(ev) > _date_rank(target):
        _copy(target, ev, DATE_FIELDS, evidence="event_date")
    if _states_toll(ev) and (not _states_toll(target) or _updates_toll(ev, article, sentences, lex)
                             or ev.fatalities < target.fatalities):
        _copy(target, ev, ("fatalities", "fatalities_reported"), evidence="fatalities")
    if ev.reported_by and (not target.reported_by or (_named(ev.reported_by) and not _named(target.reported_by))):
        _copy(target, ev, ("reported_by",), evidence="reported_by")
    target.review = "; ".join(sorted({r for r in (target.review, ev.review) if r})) or None
    target.confidence = max(target.confidence or 0.0, ev.confidence or 0.0)
    target.evidence.append(Evidence("mention", article.id, ev.trigger_start, ev.trigger_end,
                                    article.text[ev.trigger_start:ev.trigger_end], ev.confidence or 0.0,
                                    "another mention of this incident in the article"))
    inc.headline_only = inc.headline_only and m.headline
    inc.mentions.append(m)


def _copy(target: EventRecord, source: EventRecord, fields, evidence: str | None = None) -> None:
    for f in fields:
        setattr(target, f, getattr(source, f))
    if evidence is not None:
        target.evidence = [e for e in target.evidence if e.field != evidence]
        e = source.evidence_for(evidence)
        if e is not None:
            target.evidence.append(e)


def _severity(ev: EventRecord, lex: DocumentLexicon) -> int:
    return lex.severity.index(ev.sub_event_type) if ev.sub_event_type in lex.severity else -1


def _actor_rank(name: str | None) -> int:
    """0 none, 1 a default (unidentified, or ACLED's generic "Protesters (Belarus)" /
    "Civilians (Syria)", which every demonstration or attack of a country shares), 2 a name."""
    return 0 if not name else 1 if is_unidentified(name) or name.startswith(_generic_prefixes()) else 2


@lru_cache(maxsize=1)
def _generic_prefixes() -> tuple[str, ...]:
    """"Protesters (", "Civilians (", ...: the agents the dictionaries name by the event's place."""
    return tuple(a.name.split("{")[0] for a in load_dictionaries().agents.values()
                 if a.named_by_place and "{" in a.name)


def _place_rank(ev: EventRecord, sentence: tuple[int, int]) -> tuple:
    return (ev.country is not None, place_stated(ev, sentence), not ev.geo_fallback, -(ev.geo_precision or 9))


def _date_rank(ev: EventRecord) -> tuple:
    return (ev.event_date is not None, date_stated(ev), -(ev.time_precision or 3))


def _states_toll(ev: EventRecord) -> bool:
    return bool(ev.fatalities_reported or ev.fatalities)


def _updates_toll(ev: EventRecord, article: Article, sentences: list[tuple[int, int]],
                  lex: DocumentLexicon) -> bool:
    """The later mention's toll is an update ("the death toll rose to 12") of the incident's:
    the sentence stating it says so."""
    e = ev.evidence_for("fatalities")
    at = e.start if e is not None else ev.trigger_start
    start, end = next(((s, t) for s, t in sentences if s <= at < t), (at, at))
    return any(p.search(article.text[start:end]) for p in lex.update_cues)


def _named(reporter: str) -> bool:
    """A reporting source that is a name (capitalised), not a description ("a monitoring group")."""
    return reporter[:1].isupper() and not reporter.lower().startswith(("a ", "an ", "the "))
