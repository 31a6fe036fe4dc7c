"""ACLED names for coded actors, once the event's country and date are known.

The coder reads who acted from the text; the name ACLED gives that actor depends on where
and when the event happened, which geo and time work out later.  ``strife.pipeline`` calls
:meth:`ActorNamer.name_events` after time (coding never imports geo or time).  Rules:

- state actors carry the government period of the event's date ("Military Forces of the
  United States (2017-2021)" for 2017, "(2021-2025)" for 2022; periods.yaml);
- a group that changed its name takes the name it carried on the event's date (Jabhat
  al-Nusra -> Jabhat Fateh al-Sham (2016-07-28) -> Hayat Tahrir al-Sham (2017-01-28)), and a
  group with country branches the branch of the event's country ("Islamic State (Iraq)");
- generic actors named by place (civilians, protesters, rioters, unidentified armed groups)
  take the event's country, not the country the article mentions most; so does police the
  text gives no nationality (``at_home``: police act in their own country);
- state forces acting outside their own country are external forces (inter 8);
- a violent event whose clause names no perpetrator takes the one named armed actor its
  sentence makes the subject of a non-reporting verb ("...; the Taliban claimed the
  attack"), else
- every event has an actor1 (``default_actor1`` in agents.yaml), so inter1 is never empty;
  a strategic development with only a second actor takes it as actor1;
- ``interaction`` is ACLED's numeric code from the inter codes (lower first; 10 x inter1
  for a sole actor), see :func:`strife.coding.taxonomy.interaction`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from strife.coding import taxonomy
from strife.coding.actors import ActorResolver
from strife.dictionaries import Country, Dictionaries
from strife.model import Actor, CodedArticle, EventRecord, is_unidentified

#: "Military Forces of Syria (2000-) Republican Guard" -> head, country, period, rest
STATE_NAME = re.compile(r"^(?P<head>(?:Military|Police) Forces of|Government of) (?P<country>.+?) "
                        r"\((?P<label>\d{4}-(?:\d{4})?)\)(?P<rest>.*)$")
STATE_HEAD = re.compile(r"^(?P<head>(?:Military|Police) Forces of|Government of) (?P<tail>.+)$")
VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


class ActorNamer:
    """actor + country + date -> ACLED name (pure: reads only the dictionaries)."""

    def __init__(self, dicts: Dictionaries):
        self.d = dicts
        self.by_full_name = {c.full_name: c for c in dicts.countries.values()}
        self.by_numeric = dicts.country_by_numeric()
        self.by_lower = dicts.country_by_name()
        self.reader = ActorResolver(dicts)

    # --- one name -----------------------------------------------------------------
    def state_parts(self, name: str) -> tuple[str, Country, str] | None:
        """(head, country, rest) of a state actor's name, with or without its period:
        "Military Forces of Iraq (2014-) Navy" -> ("Military Forces of", Iraq, " Navy")."""
        m = STATE_NAME.match(name)
        if m and m["country"] in self.by_full_name:
            return m["head"], self.by_full_name[m["country"]], m["rest"]
        m = STATE_HEAD.match(name)
        if m is None:
            return None
        tail = m["tail"]
        for full, country in self.by_full_name.items():  # an undated name has no period to end on
            if tail == full or tail.startswith(full + " "):
                return m["head"], country, tail[len(full):]
        return None

    def dated(self, name: str, day: date | None) -> str:
        """A state actor's name with the government period of ``day`` (other names unchanged);
        with no date, no period: an undated report does not say which government it was."""
        parts = self.state_parts(name)
        if parts is None:
            return name
        head, country, rest = parts
        label = self.d.period(country.iso, day) if day is not None else None
        return f"{head} {country.full_name} ({label}){rest}" if label else f"{head} {country.full_name}{rest}"

    def state_of(self, name: str) -> str | None:
        """ISO code of the state a state actor's name names ("Military Forces of Iraq ..." -> IQ)."""
        parts = self.state_parts(name)
        return parts[1].iso if parts else None

    def generic(self, kind: str, iso: str | None, day: date | None = None) -> str | None:
        agent = self.d.agents.get(kind)
        if agent is None:
            return None
        country = self.d.countries.get(iso or "")
        if country is None:
            return agent.name.split(" of {country}")[0].split(" ({country})")[0]
        return agent.name_for(country, self.d.period(country.iso, day) if day is not None else "")

    def name(self, actor: Actor, iso: str | None, day: date | None) -> Actor:
        """The actor as ACLED names it for an event in country ``iso`` (alpha-2) on ``day``."""
        entry = self.d.lineage_entry(actor.name)
        name, inter = actor.name, actor.inter
        agent = self.d.agents.get(actor.generic or (entry.kind if entry is not None else None) or "")
        if agent is not None and (actor.generic or actor.start is None) and \
                (agent.named_by_place or (agent.at_home and actor.generic) or not actor.country) and iso:
            # a generic actor whose country the text did not give: the event's country
            name = self.generic(agent.kind, iso, day) or name
            inter = agent.inter
        elif entry is not None and entry.kind is None:
            name = entry.name_on(day, iso)
            if entry.inter is not None:
                inter = entry.inter
        name = self.dated(name, day)
        home = self.state_of(name) or (entry.country if entry is not None else None) or actor.country
        if inter in (1, 8) and (entry is None or entry.inter == 1) and home and iso:
            inter = 1 if home == iso else 8  # state forces outside their country are external
        country = iso if agent is not None and name != actor.name and (agent.named_by_place or agent.at_home) \
            else actor.country
        return replace(actor, name=name, inter=inter, country=country)

    # --- an event -------------------------------------------------------------------
    def event_country(self, ev: EventRecord) -> str | None:
        """ISO alpha-2 of the event's country (from geo's numeric code, else its name)."""
        if ev.iso is not None and ev.iso in self.by_numeric:
            return self.by_numeric[ev.iso].iso
        country = self.by_lower.get((ev.country or "").lower())
        return country.iso if country else None

    def default_actor1(self, ev: EventRecord, iso: str | None, day: date | None) -> Actor | None:
        kind = self.d.default_actor1.get(ev.sub_event_type or "")
        if kind is None and ev.event_type == "Strategic developments" and ev.actor2_detail is not None:
            return None  # promoted from actor2 by the caller
        kind = kind or self.d.default_actor1.get(ev.event_type or "")
        agent = self.d.agents.get(kind or "")
        if agent is None:
            return None
        if iso is None and ev.actor2_detail is not None and agent.named_by_place:
            iso = ev.actor2_detail.country  # no place found: the victims' country
        name = self.generic(agent.kind, iso, day)
        return Actor(name=name, inter=agent.inter, country=iso, plover_type=agent.plover,
                     generic=agent.kind) if name else None

    def name_event(self, ev: EventRecord) -> None:
        """Name the event's actors for its country and date; give it an actor1; set the
        interaction code."""
        iso, day = self.event_country(ev), ev.event_date
        for fld in ("actor1", "actor2"):
            actor = getattr(ev, f"{fld}_detail")
            if actor is None and getattr(ev, fld):
                actor = Actor(name=getattr(ev, fld), inter=getattr(ev, f"inter{fld[-1]}"))
            if actor is not None:
                actor = self.name(actor, iso, day)
                setattr(ev, f"{fld}_detail", actor)
                setattr(ev, fld, actor.name)
                setattr(ev, f"inter{fld[-1]}", actor.inter)
        if ev.assoc_actor_1:
            ev.assoc_actor_1 = self.dated(ev.assoc_actor_1, day)
        if ev.actor1 is None and ev.event_type:
            actor = self.default_actor1(ev, iso, day)
            if actor is None and ev.actor2_detail is not None:
                actor = ev.actor2_detail  # ACLED's actor order carries no direction
                ev.actor2 = ev.inter2 = ev.actor2_detail = None
                for e in ev.evidence:
                    if e.field == "actor2":
                        e.field = "actor1"
            if actor is not None:
                ev.actor1, ev.inter1, ev.actor1_detail = actor.name, actor.inter, actor
        self.crowd_by_conduct(ev, iso, day)
        if ev.actor1 is not None and ev.inter1 is None:
            ev.inter1 = 8  # named in the text but of no known type: ACLED's "other" forces
        ev.interaction = taxonomy.interaction(ev.inter1, ev.inter2)

    def crowd_by_conduct(self, ev: EventRecord, iso: str | None, day: date | None) -> None:
        """ACLED names demonstrators by what they did, not by the word the text used: protesters
        at a protest, rioters at a violent demonstration ("Protesters (France)" -> "Rioters
        (France)" once the demonstration is coded violent).  The kinds are the generic agents the
        demonstration classes name their people by (``absorbing``); the one for the event is
        ``default_actor1`` of its sub-event or event type."""
        actor = ev.actor1_detail
        if actor is None or not ev.sub_event_type:
            return
        crowd = {spec["absorbing"] for spec in self.d.classes.values() if spec["absorbing"]}
        entry = self.d.lineage_entry(actor.name)
        kind = actor.generic or (entry.kind if entry is not None else None)
        want = self.d.default_actor1.get(ev.sub_event_type) or self.d.default_actor1.get(ev.event_type or "")
        if kind not in crowd or want not in crowd or want == kind:
            return
        name = self.generic(want, iso or actor.country, day)
        if name:
            renamed = replace(actor, name=name, inter=self.d.agents[want].inter, generic=want)
            ev.actor1, ev.inter1, ev.actor1_detail = renamed.name, renamed.inter, renamed

    def perpetrator(self, ev: EventRecord, coded: CodedArticle) -> None:
        """A violent event whose clause names no perpetrator (none, or the coder's default
        unidentified group) takes the one named armed actor its sentence makes the subject
        of a non-reporting verb ("...; the Taliban claimed the attack")."""
        doc = coded.parsed.doc
        default = ev.actor1_detail is not None and ev.actor1_detail.start is None and is_unidentified(ev.actor1)
        if (ev.actor1 is not None and not default) or ev.event_type not in VIOLENT_TYPES or doc is None:
            return
        sents = list(doc.sents)
        if not 0 <= ev.sentence_index < len(sents):
            return
        ent = self.reader.named_perpetrator(sents[ev.sentence_index], {ev.actor2} if ev.actor2 else set())
        if ent is None:
            return
        entry = self.d.actor(ent.ent_id_)
        if ev.actor2 and self.dated(entry.name, None) == self.dated(ev.actor2, None):
            return
        actor = Actor(name=entry.name, inter=entry.inter, country=entry.country, plover_type=entry.plover,
                      start=ent.start_char, end=ent.end_char, text=ent.text)
        ev.actor1, ev.inter1, ev.actor1_detail = actor.name, actor.inter, actor
        ev.add_evidence("actor1", coded.article, ent.start_char, ent.end_char,
                        note="the named armed actor of the sentence; the act's clause names none")

    def name_events(self, coded: CodedArticle) -> CodedArticle:
        for ev in coded.events:
            self.perpetrator(ev, coded)
            self.name_event(ev)
        return coded
