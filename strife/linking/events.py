"""Link event reports from different articles into canonical events.

Two reports are one event when

* they are in the same family: ACLED's disorder type (political violence,
  demonstrations, strategic developments) -- coders often disagree between, say,
  "Remote explosive" and "Attack" for one bombing, never between a bombing and
  a protest;
* the act agrees: the same sub-event type, or a shared actor, or the very same
  place and day;
* their actors do not contradict each other (two different known first actors
  that appear nowhere in the other report; names are compared without ACLED's
  parenthesised qualifier, and an unidentified actor contradicts no one);
* they are in the same country and close in space and time, by distances that
  grow with how vague each report is: a report known only to its province
  (geo_precision 3) matches places in that province (same admin1), one known only to
  its country matches any place in that country; dates match
  when their intervals (a range's start and end) come within a slack of 1, 7 or
  15 days for time precision 1, 2 or 3 (precision 2 means "within a week").

Coincidences are not evidence, so two reports never merge when

* their named perpetrators conflict (:func:`perpetrators_conflict`);
* either date is too vague to compare: an interval longer than a month (ACLED's
  coarsest precision), such as "in 2014" or "since 2011";
* one is background (history, a war-wide summary) and the other news;
* the only shared place is a fallback (:func:`is_fallback`: an admin or country
  centroid standing in for an unknown place; many unknown villages sit on one
  province centroid): a fallback links only on the same day (as far as both dates
  tell: within the tighter of the two slacks) and with a place both texts name
  (:func:`stated_places`: a town, or a province both name) or a shared named
  organisation (:func:`named_actors`), and never when both name different towns or
  villages (:func:`named_places`);
* either trigger sentence is boilerplate: the same sentence (case, punctuation and
  digits folded, :func:`sentence_key`) seen in 3 or more different stories so far
  ("The war has killed more than 280,000 people").  A cluster holding such a report
  is closed to others.

A report joins a cluster only if it fits every member (complete linkage), so
clusters do not chain.  Reports are blocked by (country, ISO week, family), so the
work grows linearly with the number of events, not quadratically.  A cluster
never holds two reports from the same article: an article that codes two events
of one type describes two events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, timedelta

from strife.geo.normalize import fold, name_key, skeleton
from strife.geo.resolve import haversine_km  # the one distance formula
from strife.model import CodedArticle, EventRecord, content_id, is_unidentified

#: A sentence seen in this many different stories is boilerplate, not news of one event.
BOILERPLATE_STORIES = 3
#: A date interval longer than this says only "some time this year": too vague to link.
MAX_LINK_SPAN_DAYS = 31


@dataclass(frozen=True)
class LinkRule:
    """Distances within which two reports may describe one event, by precision code."""

    days_by_time_precision: tuple[int, int, int] = (1, 7, 15)  # slack around the date interval
    km_by_geo_precision: tuple[float, float, float] = (25.0, 50.0, 150.0)
    km_unknown: float = 300.0  # a report located only to its country
    same_place_km: float = 5.0  # "the very same place"

    def days(self, p: int | None) -> int:
        return self.days_by_time_precision[min(max((p or 3), 1), 3) - 1]

    def km(self, p: int | None) -> float:
        if p is None:
            return self.km_unknown
        return self.km_by_geo_precision[min(max(p, 1), 3) - 1]


@lru_cache(maxsize=65536)
def actor_key(name: str | None) -> str | None:
    """The organisation an actor name stands for, for comparing reports: without ACLED's
    parenthesised qualifier ("Islamic State (Syria)", "Military Forces of Syria (2000-)"),
    which a coder adds or not depending on what it knows of the context; None for an
    unidentified actor, which contradicts no one."""
    if not name or is_unidentified(name):
        return None
    return _QUALIFIER.sub("", name).strip().lower()


_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


def _actors(ev: EventRecord) -> set[str]:
    return {k for k in map(actor_key, (ev.actor1, ev.actor2, ev.assoc_actor_1, ev.assoc_actor_2)) if k}


#: ACLED inter codes of unnamed collectives (5 rioters, 6 protesters, 7 civilians): the
#: people an act happens to, not an organisation two reports could name by coincidence only.
UNNAMED_INTER = frozenset({5, 6, 7})


#: Event types whose two sides are interchangeable: "A clashed with B" is "B clashed with A".
SYMMETRIC_TYPES = frozenset({"Battles"})


def perpetrators_conflict(a: EventRecord, b: EventRecord) -> bool:
    """Two named first actors that are not one organisation conflict, unless one is the
    other's co-perpetrator (assoc_actor_1), or, in a battle, the other side (a clash is
    reported from either side).  An unidentified actor, and an unnamed collective
    (protesters, rioters, civilians: "the protest" and "police fired on the protest" are
    one event), conflicts with no one."""
    first_a = actor_key(a.actor1) if a.inter1 not in UNNAMED_INTER else None
    first_b = actor_key(b.actor1) if b.inter1 not in UNNAMED_INTER else None
    if not first_a or not first_b or first_a == first_b:
        return False
    if first_a == actor_key(b.assoc_actor_1) or first_b == actor_key(a.assoc_actor_1):
        return False
    if a.event_type in SYMMETRIC_TYPES and b.event_type in SYMMETRIC_TYPES:
        return not (first_a in _actors(b) or first_b in _actors(a))
    return True


def named_actors(ev: EventRecord) -> set[str]:
    """The named organisations of a report: no unidentified actor, no civilians/protesters/rioters."""
    pairs = ((ev.actor1, ev.inter1), (ev.actor2, ev.inter2), (ev.assoc_actor_1, None), (ev.assoc_actor_2, None))
    return {k for name, inter in pairs if inter not in UNNAMED_INTER and (k := actor_key(name))}


@lru_cache(maxsize=65536)
def place_key(name: str) -> str:
    """A place name as compared here: its transliteration skeleton ("Deir Ezzor" is
    "Deir ez-Zor"), or its lookup key when too short for one."""
    return skeleton(name) or name_key(name)


def _admin_names(ev: EventRecord) -> set[str]:
    return {place_key(n) for n in (ev.admin1, ev.admin2, ev.admin3, ev.country) if n}


def is_fallback(ev: EventRecord) -> bool:
    """Whether the report's point is a centroid, not a town: a stand-in for an unknown
    place (geo's ``geo_fallback``) or a province/country-level report (geo_precision 3).
    A point named after its country is a centroid too; a town named like its district or
    province (Kabul, Douma, Afrin) is a town."""
    if ev.geo_fallback or ev.geo_precision is None or ev.geo_precision >= 3:
        return True
    return bool(ev.location and ev.country) and place_key(ev.location) == place_key(ev.country)


def named_places(ev: EventRecord) -> set[str]:
    """The towns and villages a report names for its event (the location and the text of
    its evidence, without admin units or the country), as lookup keys."""
    return stated_places(ev) - _admin_names(ev)


def stated_places(ev: EventRecord) -> set[str]:
    """Every place a report names for its event, admin units included ("in Idlib
    province", "in Kabul", a city named like its province), as lookup keys.  A country is
    never one ("in Syria" names no place two reports can share by coincidence), nor are
    the admin names of a stand-in, whose point is not what the text named."""
    ev_loc = ev.evidence_for("location")
    names = {place_key(n) for n in (ev.location, ev_loc.text if ev_loc else None) if n}
    names -= _admin_names(ev) if ev.geo_fallback else {place_key(ev.country or "")}
    return names - {""}


def _too_vague(ev: EventRecord) -> bool:
    return ev.date_end is not None and (ev.date_end - ev.event_date).days > MAX_LINK_SPAN_DAYS


_DIGITS = re.compile(r"\d+")


def sentence_key(text: str) -> str:
    """A hash of a sentence with case, accents, punctuation and digits folded, so a
    stock sentence whose figure is updated ("has killed more than 280,000") keeps its key."""
    return content_id(_DIGITS.sub("0", fold(text)), "s")


def set_sentence_keys(coded: CodedArticle) -> None:
    """Give every report of an article the key of its trigger sentence."""
    by_index = {s.index: s.text for s in coded.parsed.sentences}
    for ev in coded.events:
        text = by_index.get(ev.sentence_index)
        ev.sentence_key = sentence_key(text) if text else None


def _country_only(ev: EventRecord) -> bool:
    return ev.geo_precision == 3 and not ev.admin1


def family(ev: EventRecord) -> str:
    """The type family reports must share: ACLED's disorder type, else the event type."""
    return ev.disorder_type or ev.event_type or ""


def date_gap(a: EventRecord, b: EventRecord) -> int:
    """Days between two reports' date intervals (0 when they overlap)."""
    a_end, b_end = a.date_end or a.event_date, b.date_end or b.event_date
    return max((a.event_date - b_end).days, (b.event_date - a_end).days, 0)


def disagreements(a: EventRecord, b: EventRecord, rule: LinkRule | None = None) -> set[str]:
    """What two reports of one canonical event disagree on, by the linking rule's own
    measures: "perpetrator" (conflicting named first actors), "date" (further apart
    than both precisions allow, or too vague to compare) and "place" (other provinces,
    or points further apart than both precisions allow)."""
    rule = rule or LinkRule()
    out = set()
    if perpetrators_conflict(a, b):
        out.add("perpetrator")
    if a.event_date and b.event_date and (
            _too_vague(a) or _too_vague(b)
            or date_gap(a, b) > max(rule.days(a.time_precision), rule.days(b.time_precision))):
        out.add("date")
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        out.add("place")
    elif None not in (a.latitude, a.longitude, b.latitude, b.longitude) and 3 not in (
            a.geo_precision, b.geo_precision) and haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) \
            > max(rule.km(a.geo_precision), rule.km(b.geo_precision)):
        out.add("place")
    return out


def pair_score(a: EventRecord, b: EventRecord, rule: LinkRule) -> float | None:
    """How alike two reports are (higher is closer), or None when they cannot be one event."""
    if a.article_id == b.article_id or family(a) != family(b):
        return None
    if a.event_date is None or b.event_date is None or _too_vague(a) or _too_vague(b):
        return None
    if a.background != b.background:  # history never merges with news
        return None
    if not a.country or a.country != b.country:  # unplaced reports are never merged
        return None
    window = max(rule.days(a.time_precision), rule.days(b.time_precision))
    gap = date_gap(a, b)
    if gap > window:
        return None
    located = None not in (a.latitude, a.longitude, b.latitude, b.longitude)
    dist = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) if located else None
    if _country_only(a) or _country_only(b):
        # known only to its country (same country checked above): anywhere in it will do
        radius = rule.km_unknown
        dist = radius / 2
    elif 3 in (a.geo_precision, b.geo_precision) and a.admin1 and b.admin1:
        if a.admin1 != b.admin1:  # a province-level report matches places inside that province
            return None
        radius = rule.km(3)
        dist = min(dist, radius) if dist is not None else radius / 2
    else:
        radius = max(rule.km(a.geo_precision), rule.km(b.geo_precision))
        if dist is None:
            dist = radius / 2  # unlocated: compatible, but weaker than a located match
        elif dist > radius:
            return None
    if perpetrators_conflict(a, b):
        return None
    shared = len(_actors(a) & _actors(b))
    # A centroid is not a place two reports can share by coincidence: a fallback links only
    # on the same day as far as both dates tell (within the tighter slack: a day for
    # day-precise reports) and with a shared named actor or a shared named place.
    same_day = gap <= min(rule.days(a.time_precision), rule.days(b.time_precision))
    if is_fallback(a) or is_fallback(b):
        places_a, places_b = named_places(a), named_places(b)
        if places_a and places_b and not places_a & places_b:
            return None  # two differently named places (unknown villages) on one centroid
        if not (same_day and (named_actors(a) & named_actors(b) or stated_places(a) & stated_places(b))):
            return None
    same_act = a.sub_event_type == b.sub_event_type
    same_spot = gap == 0 and dist <= rule.same_place_km and not (is_fallback(a) or is_fallback(b))
    if not (same_act or shared or same_spot):
        return None  # one family, but neither the act nor an actor nor the spot shows it is one event
    score = 1.0 + 0.5 * shared + (0.5 if same_act else 0.0) + (0.25 if a.event_type == b.event_type else 0.0)
    score -= 0.3 * gap / window if window else 0.0
    score -= 0.3 * dist / radius
    if a.fatalities and b.fatalities and a.fatalities == b.fatalities:
        score += 0.2
    return score


def block_keys(ev: EventRecord, rule: LinkRule | None = None) -> list[tuple]:
    """The blocks a report is filed and looked up in: (country, week, family) for every
    week its date interval, widened by its own slack, reaches."""
    if ev.event_date is None or _too_vague(ev):
        return []
    reach = (rule or LinkRule()).days(ev.time_precision)
    start = ev.event_date - timedelta(days=reach)
    end = (ev.date_end or ev.event_date) + timedelta(days=reach)
    weeks, d = [], start
    while d <= end:  # stepping a week at a time visits every ISO week in [start, end]
        weeks.append(_week(d))
        d += timedelta(days=7)
    if _week(end) not in weeks:
        weeks.append(_week(end))
    return [(ev.country or "", wk, family(ev)) for wk in weeks]


def _week(d: date) -> tuple[int, int]:
    iso = d.isocalendar()
    return (iso[0], iso[1])


@dataclass(eq=False)
class Cluster:
    """A canonical event in the making: its id, its reports and their articles."""

    event_id: str
    reports: list[EventRecord] = field(default_factory=list)
    article_ids: set[str] = field(default_factory=set)
    sentence_keys: set[str] = field(default_factory=set)

    def add(self, r: EventRecord) -> None:
        self.reports.append(r)
        self.article_ids.add(r.article_id)
        if r.sentence_key:
            self.sentence_keys.add(r.sentence_key)


class Linker:
    """Assigns reports to clusters, one report at a time (incremental and bulk alike).

    Feed reports in publication order, article by article; ``add_article``
    returns the clusters it touched.  Clusters already stored can be loaded
    with :meth:`preload` so that incremental linking sees them.
    """

    def __init__(self, rule: LinkRule | None = None):
        self.rule = rule or LinkRule()
        self.clusters: dict[str, Cluster] = {}
        self.blocks: dict[tuple, dict[str, Cluster]] = {}
        self.stories_of_sentence: dict[str, set[str]] = {}  # sentence key -> stories seen with it
        self.stock: set[str] = set()  # sentence keys seen in BOILERPLATE_STORIES stories or more

    def preload_sentences(self, stories_of_sentence: dict[str, set[str]]) -> None:
        """Load the stories already stored with each sentence key (for boilerplate counts)."""
        for key, stories in stories_of_sentence.items():
            self._seen(key, stories)

    def _seen(self, key: str, stories) -> None:
        seen = self.stories_of_sentence.setdefault(key, set())
        seen.update(stories)
        if len(seen) >= BOILERPLATE_STORIES:
            self.stock.add(key)

    def boilerplate(self, r: EventRecord) -> bool:
        """Whether the report's trigger sentence has been seen in BOILERPLATE_STORIES or more
        different stories so far (counted as articles arrive, so that incremental ingest and
        a rebuild in publication order agree)."""
        return r.sentence_key in self.stock

    def preload(self, reports: list[EventRecord]) -> None:
        """Load stored reports that already carry their canonical id."""
        for r in reports:
            cid = r.canonical_id or r.event_id_cnty
            cluster = self.clusters.get(cid)
            if cluster is None:
                cluster = self.clusters[cid] = Cluster(cid)
            if any(x.event_id_cnty == r.event_id_cnty for x in cluster.reports):
                continue
            cluster.add(r)
            self._index(cluster, r)

    def _index(self, cluster: Cluster, r: EventRecord) -> None:
        # A report is filed under every block its own window reaches, and looked up
        # under every block the new report's window reaches: a pair within either
        # window always shares a block.
        for key in block_keys(r, self.rule):
            self.blocks.setdefault(key, {})[cluster.event_id] = cluster

    def _cluster_score(self, r: EventRecord, cluster: Cluster) -> float | None:
        """Complete linkage: the report must fit every member, so clusters cannot chain
        (A near B near C does not put A with C) and stay as small as real events."""
        worst = None
        if not cluster.sentence_keys.isdisjoint(self.stock):
            return None  # a stock sentence never drives a merge
        for m in cluster.reports:
            s = pair_score(r, m, self.rule)
            if s is None:
                return None
            worst = s if worst is None else min(worst, s)
        return worst

    def add_article(self, reports: list[EventRecord], story: str | None = None) -> list[Cluster]:
        """Link the reports of one article (of story ``story``, by default its own);
        each joins its best cluster or starts one."""
        for key in {r.sentence_key for r in reports if r.sentence_key}:
            self._seen(key, (story or reports[0].article_id,))
        candidates: list[tuple[float, int, str]] = []
        for i, r in enumerate(reports):
            if self.boilerplate(r):
                continue
            seen = set()
            for key in block_keys(r, self.rule):
                for cluster in self.blocks.get(key, {}).values():
                    if cluster.event_id in seen or r.article_id in cluster.article_ids:
                        continue
                    seen.add(cluster.event_id)
                    score = self._cluster_score(r, cluster)
                    if score is not None:
                        candidates.append((score, i, cluster.event_id))
        # Greedy one-to-one matching, best pairs first: two reports of one
        # article never land in the same cluster.
        taken_reports, taken_clusters, touched = set(), set(), []
        assignment: dict[int, str] = {}
        for _score, i, cid in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
            if i in taken_reports or cid in taken_clusters:
                continue
            assignment[i] = cid
            taken_reports.add(i)
            taken_clusters.add(cid)
        for i, r in enumerate(reports):
            cid = assignment.get(i)
            if cid is None:
                cid = r.event_id_cnty
                self.clusters[cid] = Cluster(cid)
            cluster = self.clusters[cid]
            r.canonical_id = cid
            cluster.add(r)
            self._index(cluster, r)
            touched.append(cluster)
        return touched
