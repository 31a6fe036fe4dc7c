"""The default coder: dictionaries + trigger lexicon + dependency rules, no network.

Per sentence: find trigger candidates (Matcher), drop those that did not happen
(modality) or are dated background (an explicit earlier year), merge triggers of one
clause into one event (the highest-ranked class names it), read roles, actors,
attribution, choose the sub-event type; then settle each mention's toll over the article
(:mod:`strife.coding.tolls`).  Mentions of one incident in several sentences are merged
later, once places and dates are known (:mod:`strife.linking.document`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from strife.coding import taxonomy
from strife.coding.actors import ActorResolver, DocContext
from strife.coding.attribution import attribution_for, source_phrases
from strife.coding.base import register_coder
from strife.coding.confidence import Calibrator
from strife.coding.fatalities import TollReader, load_vocab
from strife.coding.lexicon import Candidate, TriggerLexicon, word_forms
from strife.coding.modality import clause_head, irrealis
from strife.coding.roles import RoleWords, roles_for
from strife.coding.subtypes import RULES, SubtypeContext, has_any, resolve
from strife.coding.tolls import assign_tolls, note_mention
from strife.config import Settings
from strife.dictionaries import Dictionaries, load_dictionaries
from strife.dictionaries.loader import DictionaryError
from strife.nlp.spans import entity_of
from strife.model import Actor, CodedArticle, EventRecord, ParsedArticle

SEPARATING_DEPS = {"conj", "ccomp", "parataxis", "relcl", "csubj"}
PLOVER_ONLY_CAP = 0.3
#: Entity labels of names (organisations, groups, places, products, laws): a word inside one
#: is part of the name, not a report of what it means ("Storm Corps", "Hurricane Battalion").
NAME_ENTITIES = frozenset({"ORG", "NORP", "FAC", "GPE", "LOC", "PRODUCT", "LAW", "WORK_OF_ART", "ACTOR"})
_SCORE = re.compile(r"(?:(\w+)\.?\s+)?\b\d{1,2}-\d{1,2}\b(?!-)")
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def has_score(text: str, month_words: set[str]) -> bool:
    """A match score ("beat United 2-1"), not a range of days ("October 19-20")."""
    return any((m.group(1) or "").lower() not in month_words for m in _SCORE.finditer(text))


@dataclass(frozen=True)
class SyntaxWords:
    """The few word lists the clause-separation mechanics read (cues.yaml)."""

    response_nouns: frozenset[str]
    separating_preps: frozenset[str]
    duration_preps: frozenset[str]

    @classmethod
    def from_cues(cls, cues: dict) -> SyntaxWords:
        return cls(*(frozenset(cues.get(k, [])) for k in ("response_nouns", "separating_preps", "duration_preps")))


@dataclass
class Group:
    cands: list[Candidate]
    cls: str = ""
    anchor: Token | None = None
    extra: dict = field(default_factory=dict)


def _separated(tok: Token, w: SyntaxWords) -> bool:
    if tok.dep_ in SEPARATING_DEPS:
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ in w.separating_preps:
        return True
    if _responds_to(tok, w):
        return True
    if tok.dep_ == "prep" and tok.lower_ in w.separating_preps:
        return True
    if tok.dep_ == "advcl" and (tok.tag_ not in ("VBG", "VBN") or any(c.dep_ == "mark" for c in tok.children)):
        return True
    return False


def _responds_to(tok: Token, w: SyntaxWords) -> bool:
    """``tok`` is the act responded to ("in response to the chemical attack"): an earlier,
    different act."""
    return tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.lemma_.lower() in w.response_nouns


def _temporal_part(tok: Token, w: SyntaxWords) -> int:
    """The token heading the nearest "after"/"before" part ``tok`` lies in (a clause marked by a
    separating preposition, or that preposition's phrase), -1 in the sentence's main part: the
    acts of two parts are told as earlier and later, two events."""
    t = tok
    for _ in range(12):
        if (t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in w.separating_preps for c in t.children)) \
                or (t.dep_ == "prep" and t.lower_ in w.separating_preps):
            return t.i
        if t.head.i == t.i:
            break
        t = t.head
    return -1


def _dominates(a: Token, b: Token, w: SyntaxWords, limit: int = 5) -> bool:
    """Is ``a`` an ancestor of ``b`` without a clause boundary in between?"""
    t = b
    for _ in range(limit):
        if t.head.i == t.i or _separated(t, w):
            return False
        t = t.head
        if t == a:
            return True
    return False


def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok, d = tok.head, d + 1
    return d


class RuleCoder:
    """Rule/dictionary event coder (the default ``"rules"`` coder)."""

    name = "rules"

    def __init__(self, settings: Settings | None = None, dicts: Dictionaries | None = None):
        self.settings = settings or Settings()
        self.d = dicts or load_dictionaries(self.settings.dictionaries)
        self.cues = self.d.cues
        self.light_verbs = set(self.cues.get("light_verbs", []))
        self.death_words = set(self.cues.get("death_words", []))
        self.cue_sets = {k: set(v) for k, v in self.cues.items()}
        self.syntax = SyntaxWords.from_cues(self.cues)
        self.role_words = RoleWords(frozenset(self.light_verbs), frozenset(self.cues.get("event_heads", [])),
                                    frozenset(self.cues.get("blame_verbs", [])),
                                    frozenset(self.light_verbs) | frozenset(self.cues.get("launch_verbs", [])),
                                    frozenset(self.cues.get("defence_verbs", [])))
        self.classes = self.d.classes
        _check_class_traits(self.classes)
        self.trigger_verbs = {str(v).lower() for spec in self.classes.values() for v in spec["verbs"]}
        # the class of plain protests: what a crowd broken up with riot-control means was doing
        self.protest_class = next((n for n, s in self.classes.items() if s["absorbing"] == "protesters"
                                   and "demonstration" in s["subtype_rules"]), None)
        self.actors = ActorResolver(self.d)
        self.calibrator = Calibrator.load()
        self.tolls = TollReader(load_vocab(self.cues))
        self._lexicon: TriggerLexicon | None = None
        self._vocab = None

    def lexicon(self, doc: Doc) -> TriggerLexicon:
        if self._lexicon is None or self._vocab is not doc.vocab:
            self._lexicon, self._vocab = TriggerLexicon(doc.vocab, self.d), doc.vocab
        return self._lexicon

    # ------------------------------------------------------------------ public
    def code(self, parsed: ParsedArticle) -> CodedArticle:
        doc = parsed.doc
        lex = self.lexicon(doc)
        ctx = self.actors.context(doc, parsed.article.body_start)
        instruments = lex.instrument_hits(doc)
        published_year = parsed.article.published.year if parsed.article.published else None
        by_sent: dict[int, list[Candidate]] = {}
        sent_starts = {s.start: i for i, s in enumerate(doc.sents)}
        sent_index = {}
        for i, s in enumerate(doc.sents):
            for t in range(s.start, s.end):
                sent_index[t] = i
        for cand in lex.candidates(doc):
            if cand.head.i < _body_start_token(doc, parsed.article.body_start):
                continue
            by_sent.setdefault(sent_index[cand.head.i], []).append(cand)
        events: list[EventRecord] = []
        sents = list(doc.sents)
        del sent_starts
        for si, cands in by_sent.items():
            heads = {c.head.i for c in cands}
            sources = source_phrases(sents[si])
            cands = [c for c in cands if not _describes_participant(c, heads)
                     and not _background_relative(c, self.syntax) and c.head.i not in sources]
            cands = [c for c in cands if not self._troops_marching(c, ctx)]
            kept, attempted = [], []
            for cand in cands:
                if self._background(cand, published_year):
                    continue
                cls = self.d.classes[cand.cls]
                reason, governor = irrealis(cand.head, clause_head(cand.head, self.light_verbs), self.cues)
                if _plover_only(cls):
                    if reason != "negated":
                        kept.append(cand)
                    continue
                attempt = self.cue_sets["attempt_words"]
                if reason and cls["absorbing"] and (governor in attempt or (
                        reason == "purpose" and cand.head.dep_ == "acl" and cand.head.head.lemma_.lower() in attempt)):
                    # "while trying to hold demonstrations", "during an attempt to protest" (the
                    # infinitive on the noun "attempt" is what was attempted, not a purpose)
                    attempted.append(cand)
                    continue
                if reason == "purpose" and cls["absorbing"] and _purpose_of_act(cand.head, self.cues):
                    # "lawyers boycotted the courts to protest the attack": an act done to protest
                    # is a demonstration (the purpose of the act, not a plan)
                    kept.append(cand)
                    continue
                if reason:
                    continue
                if cls.get("sub_event") is None and cls.get("plover") is None:
                    continue
                kept.append(cand)
            if attempted and any(self.classes[c.cls]["absorbed"] or self.classes[c.cls]["violent"] for c in kept):
                # "detained ... while trying to hold demonstrations": a demonstration stopped by
                # arrests or force as it began is a demonstration with intervention (ACLED)
                kept += attempted
            for group in self._groups(kept):
                ev = self._event(group, parsed, sents[si], si, ctx, instruments)
                if ev is not None:
                    events.append(ev)
        assign_tolls(events, doc, parsed.article, self.tolls, self.settings.fatality_ceiling)
        return CodedArticle(parsed=parsed, events=events)

    # ------------------------------------------------------------------ steps
    def _background(self, cand: Candidate, published_year: int | None) -> bool:
        """An act dated to an earlier year ("soldiers captured in 2014") is background."""
        if published_year is None:
            return False
        head = cand.head
        for child in head.children:
            if child.dep_ in ("prep", "npadvmod", "nmod") and child.i > head.i - 3:
                for t in child.subtree:
                    m = YEAR.fullmatch(t.text)
                    if m and t.ent_type_ == "DATE" and int(m.group()) < published_year:
                        return True
        return False

    def _groups(self, cands: list[Candidate]) -> list[Group]:
        parent = list(range(len(cands)))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        heads = [clause_head(c.head, self.light_verbs) for c in cands]
        spec = [self.classes[c.cls] for c in cands]
        absorbing = {i for i, s in enumerate(spec) if s["absorbing"]}
        absorbed = {i for i, s in enumerate(spec) if s["absorbing"] or s["violent"] or s["absorbed"]}
        w = self.syntax
        parts = [_temporal_part(c.head, w) for c in cands]
        for i, a in enumerate(cands):
            for j, b in enumerate(cands):
                if i >= j:
                    continue
                if _plover_only(spec[i]) or _plover_only(spec[j]):
                    continue
                same = (a.head == b.head or _dominates(a.head, b.head, w) or _dominates(b.head, a.head, w)
                        or heads[i] == b.head or heads[j] == a.head
                        or _dominates(heads[i], b.head, w) or _dominates(heads[j], a.head, w)
                        or (heads[i] == heads[j] and heads[i] != a.head and heads[j] != b.head))
                # a demonstration absorbs the violence, arrests and looting of its sentence, but not
                # across "after"/"before" ("a day after police arrested protesters, ... members
                # have been abducted": an earlier or later act is another event)
                if (i in absorbing or j in absorbing) and (i in absorbed or j in absorbed) \
                        and parts[i] == parts[j]:
                    same = True
                if same:
                    parent[find(i)] = find(j)
        # Deaths with no agent of their own belong to the other violent act of the sentence
        # ("... clashed near Saraqib; three soldiers were killed").
        violent = [i for i, s in enumerate(spec) if s["violent"] and not s["death_report"]]
        for i, c in enumerate(cands):
            if spec[i]["death_report"] and violent and not any(d.dep_ in ("nsubj", "agent") for d in c.head.children):
                nearest = min(violent, key=lambda j: abs(cands[j].head.i - c.head.i))
                parent[find(i)] = find(nearest)
        groups: dict[int, Group] = {}
        for i, c in enumerate(cands):
            groups.setdefault(find(i), Group([])).cands.append(c)
        out = []
        for g in groups.values():
            g.anchor = min(g.cands, key=lambda c: (_depth(c.head), c.head.i)).head
            # equal ranks: the trigger on the main verb of the group names it
            best = max(g.cands, key=lambda c: (self.classes[c.cls]["rank"], c.head == g.anchor,
                                               -c.head.i))
            # "discovered grenades": the trigger whose object holds the best one names the event
            best = next((c for c in g.cands if self.classes[c.cls]["outranks_object"]
                         and _in_object(best.head, c.head)), best)
            g.cls = best.cls
            g.extra["best"] = best
            out.append(g)
        return sorted(out, key=lambda g: g.anchor.i)

    def _event(self, group: Group, parsed: ParsedArticle, sent: Span, si: int, ctx: DocContext,
               instruments: list[tuple[str, int]]) -> EventRecord | None:
        article = parsed.article
        spec = self.d.classes[group.cls]
        best: Candidate = group.extra["best"]
        anchor = group.anchor
        head = clause_head(anchor, self.light_verbs)
        att = attribution_for(head, self.cues)
        violent = bool(spec["violent"] or spec["absorbing"])
        mutual = spec["mutual"]
        agents, targets, between = [], [], []
        ordered = sorted(group.cands, key=lambda c: (c.head != anchor, c.head.i))
        for c in ordered:
            r = roles_for(c.head, c.nominal, self.light_verbs,
                          self.classes[c.cls]["mutual"] and self.classes[c.cls]["violent"], self.role_words)
            if not self.classes[c.cls]["finder_subject"]:
                agents += r.agent  # "police found the bodies": the finder is no perpetrator
            targets += r.target
            between += r.between
        actor1 = actor2 = assoc1 = None
        a1_tok = a2_tok = None
        if between:
            b = between[0]
            actor1 = self.actors.resolve(b, ctx, violent, att.speaker_actor, True)
            conj = next((t for t in b.children if t.dep_ == "conj"), None)
            if conj is not None:
                actor2 = self.actors.resolve(conj, ctx, violent, att.speaker_actor, True)
        allow_civilian = spec["civilian_actor"]
        for tok in agents:
            if actor1 is not None:
                break
            actor1 = self.actors.resolve(tok, ctx, violent, att.speaker_actor, allow_civilian,
                                         speaker_token=att.speaker_token)
            a1_tok = tok if actor1 else None
            if actor1 is None:  # "Rebel groups and pro-government forces agreed": the one we know
                for conj in (c for c in tok.children if c.dep_ == "conj"):
                    actor1 = self.actors.resolve(conj, ctx, violent, None, allow_civilian)
                    if actor1 is not None:
                        a1_tok = conj
                        break
        if actor1 is None and not allow_civilian and "mob" in spec["subtype_rules"] and agents:
            # "villagers clashed using bamboo sticks": people who are no armed group taking part in
            # violence are a mob (the mob rule), not an unknown armed group
            people = self.actors.resolve(agents[0], ctx, violent, None, True)
            if people is not None and people.inter == CIVILIANS:
                actor1, a1_tok = people, agents[0]
        if a1_tok is not None:
            for conj in a1_tok.children:
                if conj.dep_ == "conj":
                    other = self.actors.resolve(conj, ctx, violent, None, False)
                    if other is not None and other.name != actor1.name:
                        if mutual and actor2 is None:
                            actor2 = other  # "X and Y clashed": they fought each other
                        else:
                            assoc1 = other
        for tok in targets:
            if actor2 is not None:
                break
            cand = self.actors.resolve(tok, ctx, violent, None, True)
            if cand is not None and (actor1 is None or cand.name != actor1.name):
                actor2, a2_tok = cand, tok
        if actor1 is None and mutual and not violent and a2_tok is not None and a2_tok.dep_ == "nsubjpass" \
                and ctx.salient_armed and ctx.salient_armed != actor2.name:
            # "One Hezbollah fighter was returned": a captive released with no releaser named was
            # held by the other side -- the armed group the article is about, when it is not his
            actor1 = self.actors.make(ctx.salient_armed, None, ctx)
        # instrument words in the target phrase ("destroying several helicopters") name the target
        target_positions = {t.i for tok in targets if not self._munition(tok) for t in tok.subtree}
        clause_tokens = _clause_tokens(head, anchor, sent, self.syntax)
        positions = {t.i for t in clause_tokens} - target_positions
        inst = [sub for sub, i in instruments if i in positions]
        read1 = actor1  # the actor the text names, before ACLED's defaults
        if actor1 is None and spec["unidentified_perpetrator"]:
            # ACLED's convention: an act of violence by an unknown perpetrator is coded to an
            # unidentified armed group of the country.
            actor1 = self._generic_actor("armed_group", ctx)
        if spec["absorbing"] and (actor1 is None or actor1.inter == CIVILIANS):
            # people who demonstrate are protesters or rioters, not civilians (ACLED inter codes 5, 6)
            actor1 = self._generic_actor(spec["absorbing"], ctx) or actor1
        order = [s["sub_event"] for s in self.d.instruments]
        inst = sorted(set(inst), key=order.index)
        air_capable = self.actors.air_capable(actor1) or any(
            t.lemma_.lower() in self.cue_sets["aircraft_words"] for t in clause_tokens)
        sub_ctx = SubtypeContext(
            cls=group.cls, default=spec["sub_event"], lemmas={c.lemma for c in group.cands},
            demo_heads=[c.head for c in group.cands if self.classes[c.cls]["absorbing"]],
            actor1=actor1, actor2=actor2, target_tokens=targets, instruments=inst, sentence=list(sent),
            cues=self.cues, air_capable=air_capable, agent_phrase=list(a1_tok.subtree) if a1_tok is not None else [])
        rules = spec["subtype_rules"]
        if (spec["crowd_control"] or (spec["violent"] and not spec["absorbing"]
                and has_any(clause_tokens, self.cues.get("crowd_control_words", [])))) and self.protest_class:
            # tear gas, rubber bullets, water cannon, dispersal: a force breaking up a crowd of protesters
            demo = self.classes[self.protest_class]
            sub_ctx.cls, sub_ctx.demo_heads, rules = self.protest_class, [], demo["subtype_rules"]
            actor2 = read1 or actor2
            actor1 = self._generic_actor(demo["absorbing"], ctx)
            sub_ctx.actor1, sub_ctx.actor2 = actor1, actor2
        sub = resolve(rules, sub_ctx)
        if self._out_of_scope(group, sent, clause_tokens, read1, actor2, inst, sub):
            return None
        if sub == MOB_VIOLENCE and actor1 is not None and actor1.inter == CIVILIANS:
            actor1 = self._generic_actor("rioters", ctx) or actor1  # ACLED: a mob are rioters (inter 5)
        named1 = actor1 is not None  # read from the text, or the class's own unidentified default
        plover, mode = spec["plover"], spec["mode"]
        if sub in self.d.sub_event_plover:
            plover, mode = self.d.sub_event_plover[sub]
        trig_start = doc_char(best.head.doc, best.start)
        trig_end = doc_char_end(best.head.doc, best.end)
        ev = EventRecord(article_id=article.id, sentence_index=si, trigger_start=trig_start,
                         trigger_end=trig_end, trigger=article.text[trig_start:trig_end])
        ev.sub_event_type = sub
        ev.event_type = taxonomy.event_type(sub)
        ev.disorder_type = taxonomy.disorder_type(sub)
        ev.plover_type, ev.plover_mode = plover, mode
        ev.notes = sent.text.strip()
        ev.source = article.source
        ev.add_evidence("trigger", article, trig_start, trig_end)
        if actor1 is not None:
            ev.actor1, ev.inter1, ev.actor1_detail = actor1.name, actor1.inter, actor1
            if actor1.start is not None:
                ev.add_evidence("actor1", article, actor1.start, actor1.end)
        if actor2 is not None:
            ev.actor2, ev.inter2, ev.actor2_detail = actor2.name, actor2.inter, actor2
            if actor2.start is not None:
                ev.add_evidence("actor2", article, actor2.start, actor2.end)
        if assoc1 is not None:
            ev.assoc_actor_1 = assoc1.name
        ev.interaction = taxonomy.interaction(ev.inter1, ev.inter2)
        if ev.inter2 == 7 and ev.event_type in ("Violence against civilians", "Explosions/Remote violence"):
            ev.civilian_targeting = "Civilian targeting"
        toll_eligible = bool((ev.event_type and ev.event_type != "Strategic developments") or spec["death_report"])
        note_mention(ev, si, clause_tokens, toll_eligible)  # the toll is settled per article (coding.tolls)
        if att.reporter:
            ev.reported_by = att.reporter
            if att.start is not None:
                ev.add_evidence("reported_by", article, att.start, att.end)
        ev.year = article.published.year if article.published else None
        features = {
            "actor1": named1, "actor2": actor2 is not None, "nominal": best.nominal,
            "instrument": bool(inst), "merged": len(group.cands) > 1, "reported": bool(att.reporter),
            "fatalities": toll_eligible and self.tolls.clause_toll(clause_tokens) > 0, "generic": bool(spec["generic"]),
            "strategic": ev.event_type == "Strategic developments", "plover_only": sub is None,
            "specific": spec.get("rank", 0) >= 50,  # a narrow act type (rape, suicide bombing, ...)
        }
        ev.confidence = self.calibrator.confidence(features)
        if sub is None:  # PLOVER-only speech acts (threats, accusations): no gold to calibrate on
            ev.confidence = min(ev.confidence, PLOVER_ONLY_CAP)
        ev._features = features  # kept for calibration (not an ACLED column)
        ev.trigger_class = group.cls
        return ev

    def _out_of_scope(self, group: Group, sent: Span, clause_tokens: list[Token], actor1: Actor | None,
                      actor2: Actor | None, inst: list[str], sub: str | None) -> bool:
        """Acts outside ACLED's scope: the checks each trigger class lists under ``scope``
        (strife/coding/README.md, "Scope by the ACLED codebook").  ``actor1`` is the actor the
        text names (before ACLED's defaults).  Checks marked "all" apply only when every trigger
        of the group lists them ("killed" in a sentence about an air strike is the strike's toll)."""
        s = _ScopeFacts(self, group, sent, clause_tokens, actor1, actor2, inst, sub)
        for name in self.classes[group.cls]["scope"]:
            check, every = SCOPE_CHECKS[name]
            if every and not all(name in self.classes[c.cls]["scope"] for c in group.cands):
                continue
            if check(s):
                return True
        return False

    def _troops_marching(self, cand: Candidate, ctx: DocContext) -> bool:
        """"Government forces marched into the neighbourhood": a demonstration verb that also
        says people move (``march_verbs``), with state forces or an armed group as its own
        subject, reports troops moving, not a demonstration."""
        if not self.classes[cand.cls]["absorbing"] or cand.nominal or cand.lemma not in self.cue_sets["march_verbs"]:
            return False
        agents = roles_for(cand.head, False, self.light_verbs, False, self.role_words).agent
        if not agents or agents[0].ent_type_ != "ACTOR":
            return False
        actor = self.actors.resolve(agents[0], ctx, True, None, True)
        return actor is not None and actor.inter in ARMED_INTERS

    def _munition(self, tok: Token) -> bool:
        """The patient of a launching verb is the munition, not the target: "fired shells",
        "shells were fired", "the missile fired by the army"."""
        launch = self.cue_sets["launch_verbs"]
        if tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in launch:
            return True
        return any(c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in launch for c in tok.children)

    def _generic_actor(self, kind: str, ctx: DocContext) -> Actor | None:
        """ACLED's generic actor of ``kind`` ("Unidentified Armed Group", "Protesters") for the
        article's country."""
        name = self.actors.generic_name(kind, ctx.focus)
        # ``generic`` lets the namer give it the event's country once geo knows it
        return Actor(name=name, inter=self.d.agents[kind].inter, country=ctx.focus, generic=kind) if name else None

    def _taken_thing_is_ground(self, group: Group, actor2: Actor | None) -> bool:
        """Whether what a taking verb takes can be ground (or people, or arms): a place word, a
        place name or an actor; with no object at all, the subject of "fell (to)" must be one."""
        ok_words = self.cue_sets["place_words"] | self.cue_sets["person_words"] | self.cue_sets["weapon_words"]
        if actor2 is not None:
            return True
        for c in group.cands:
            head = c.head
            if c.nominal:
                return True  # "the capture of ...", "the fall of ...": the noun names the act
            roles = [t for t in head.children if t.dep_ in ("dobj", "nsubjpass")]
            if head.lemma_.lower() == "fall":
                roles = [t for t in head.children if t.dep_ == "nsubj"]
            # "a number of towns", "parts of the city": the noun after "of" is what is taken
            roles += [g for t in list(roles) for p in t.children if p.dep_ == "prep" and p.lower_ == "of"
                      for g in p.children if g.dep_ == "pobj"]
            for t in roles:
                if t.pos_ == "PRON":
                    return True  # "al-Shabab captured it": what it refers back to decides; nothing to judge by
                if t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "LOC", "FAC", "ACTOR") or word_forms(t) & ok_words \
                        or any(x.dep_ in ("compound", "amod") and x.ent_type_ in ("GPE", "LOC", "FAC")
                               for x in t.children):
                    return True
            if not roles:
                return True  # nothing to judge by
        return False


@dataclass
class _ScopeFacts:
    """What the scope checks read about one event."""

    coder: RuleCoder
    group: Group
    sent: Span
    clause_tokens: list[Token]
    actor1: Actor | None
    actor2: Actor | None
    inst: list[str]
    sub: str | None

    def __post_init__(self) -> None:
        self.words = self.coder.cue_sets
        self.sent_lemmas = {t.lemma_.lower() for t in self.sent} | {t.lower_ for t in self.sent}
        # disaster words, except a trigger verb that shares one ("gunmen storm a campus") and the
        # words of the act's own triggers ("poison gas"); an act whose trigger names a weapon or an
        # attack ("a bomb placed in a container exploded") is no disaster
        own = {i for c in self.group.cands for i in range(c.start, c.end)}
        weapon = any(c.lemma in self.words["weapon_hints"] for c in self.group.cands)
        # nor a word inside a name ("North Korea's Storm Corps") or a weapon's name ("poison gas",
        # an instrument phrase): neither says that anything natural or accidental happened
        hits = [t for t in self.sent
                if ({t.lemma_.lower(), t.lower_} & self.words["disaster_words"]) and t.i not in own
                and not (t.pos_ == "VERB" and t.lemma_.lower() in self.coder.trigger_verbs)
                and t.ent_type_ not in NAME_ENTITIES]
        if hits and not weapon:
            doc = self.sent.doc
            armed = {i for _, i in self.coder.lexicon(doc).instrument_hits(doc)}
            hits = [t for t in hits if t.i not in armed]
        self.disaster = not weapon and bool(hits)
        self.clause_lemmas = {t.lemma_.lower() for t in self.clause_tokens}
        # armed actors the text names as such: a bare country name is no force to these checks
        # (in "Australia beat Syria 2-1" it names a team; as a state it names its government)
        by_name = self.coder.actors.by_name
        inters = {a.inter for a in (self.actor1, self.actor2)
                  if a is not None and (a.text or "").lower().removeprefix("the ") not in by_name}
        self.armed_group = bool(inters & {2, 3, 4, 8})  # a non-state or foreign armed actor
        self.forces = bool(inters & {1, 2, 3, 4, 8})


def _disaster(s: _ScopeFacts) -> bool:
    """Deaths and damage from floods, quakes, crashes, poisoning: no one's violence."""
    return s.actor1 is None and s.disaster


def _relief(s: _ScopeFacts) -> bool:
    """Forces sent to help after a flood, quake or fire: relief, not a move in a conflict."""
    return s.disaster


def _agentless_death(s: _ScopeFacts) -> bool:
    """Deaths with no one who killed and no weapon or attack named: not a coded act -- unless
    the dead are members of an armed group or force, whose killing ACLED codes as a battle."""
    if s.actor1 is not None or s.inst or (s.actor2 is not None and s.actor2.inter in ARMED_INTERS):
        return False
    heads = {c.lemma for c in s.group.cands}
    return not (s.clause_lemmas - heads) & s.words["weapon_hints"]


def _generic_explosion(s: _ScopeFacts) -> bool:
    """Something exploded, with no weapon and no attacker named (a gas cylinder, a boiler)."""
    heads = {c.lemma for c in s.group.cands}
    return s.actor1 is None and bool(heads & s.words["generic_explosion_words"]) \
        and all(s.coder.classes[c.cls]["death_report"] or c.head.lemma_.lower() in s.words["generic_explosion_words"]
                for c in s.group.cands) \
        and not (s.clause_lemmas - heads) & s.words["weapon_hints"]


def _crime(s: _ScopeFacts) -> bool:
    """ACLED excludes ordinary crime (personal or purely criminal motives) whatever the act, and
    the routine policing of organised crime (arrests, seizures); the violence of gangs, cartels
    and traffickers is coded.  An armed political group among the actors keeps any act in."""
    if s.armed_group:
        return False
    if s.sent_lemmas & s.words["ordinary_crime_words"]:
        return True
    if not s.sent_lemmas & s.words["organised_crime_words"]:
        return False
    violent = s.sub is not None and taxonomy.event_type(s.sub) != "Strategic developments"
    # taking people named by a taking verb ("smugglers were captured") is policing, not a kidnapping
    detention = s.sub in DETENTION_TYPES and s.sub != s.coder.classes[s.group.cls]["sub_event"]
    return not violent or detention


def _diplomacy(s: _ScopeFacts) -> bool:
    """Sanctions and expulsions of diplomats."""
    return not s.armed_group and not s.inst and bool(s.clause_lemmas & s.words["diplomatic_words"])


def _sports(s: _ScopeFacts) -> bool:
    """A game reported in the words of war (countries named bare are teams here)."""
    return not s.armed_group and not s.inst and bool(s.sent_lemmas & s.words["sports_words"])


def _score(s: _ScopeFacts) -> bool:
    """"City beat United 2-1", "Australia beat Syria 2-1"."""
    return not s.forces and not s.inst and has_score(s.sent.text, s.words["month_words"])


def _ground(s: _ScopeFacts) -> bool:
    """"regained market share", "shares fell to a low": not territory."""
    return not s.inst and not s.coder._taken_thing_is_ground(s.group, s.actor2)


def _speaker(s: _ScopeFacts) -> bool:
    """A warning or accusation by no one we can name ("forecasters warned")."""
    return s.actor1 is None


#: Scope checks a trigger class may list under ``scope``: name -> (check, applies only when
#: every trigger of the group lists it).
SCOPE_CHECKS = {
    "disaster": (_disaster, True), "agentless_death": (_agentless_death, True),
    "generic_explosion": (_generic_explosion, True), "crime": (_crime, False), "diplomacy": (_diplomacy, False),
    "sports": (_sports, False), "relief": (_relief, False), "score": (_score, False), "ground": (_ground, False),
    "speaker": (_speaker, False),
}
CIVILIANS = 7  # ACLED inter code
MOB_VIOLENCE = "Mob violence"
ARMED_INTERS = {1, 2, 3, 4, 8}  # state forces, rebels, militias, external forces
DETENTION_TYPES = {"Arrests", "Abduction/forced disappearance"}


def _in_object(tok: Token, verb: Token) -> bool:
    """Is ``tok`` inside the object (or passive subject) of ``verb``?"""
    return tok != verb and any(tok in child.subtree for child in verb.children
                               if child.dep_ in ("dobj", "nsubjpass", "pobj", "prep", "attr"))


def _purpose_of_act(verb: Token, cues: dict) -> bool:
    """Is ``verb`` ("to protest") the purpose clause of a verb that reports something done
    ("boycotted the courts to protest", "closed their shops to protest")?  The act done for the
    purpose of demonstrating is the demonstration; a purpose of something not done is not."""
    if verb.pos_ not in ("VERB", "AUX") or verb.dep_ not in ("advcl", "acl", "relcl"):
        return False
    done = verb.head
    return done.pos_ in ("VERB", "AUX") and done.tag_ in ("VBD", "VBN", "VBZ", "VBP") \
        and irrealis(done, done, cues)[0] is None


def _plover_only(spec: dict) -> bool:
    """A class with no ACLED sub-event type names a PLOVER speech act (threats, accusations)."""
    return spec["sub_event"] is None and spec["plover"] is not None


def _check_class_traits(classes: dict[str, dict]) -> None:
    """Every rule and scope check a trigger class names must exist (errors name file:line)."""
    for name, spec in classes.items():
        for key, known in (("subtype_rules", RULES), ("scope", SCOPE_CHECKS)):
            for rule in spec[key]:
                if rule not in known:
                    raise DictionaryError(f"{spec['origin']}: unknown {key} entry {rule!r} in trigger class "
                                          f"{name!r} (known: {', '.join(sorted(known))})")


def _background_relative(cand: Candidate, w: SyntaxWords) -> bool:
    """A perfect-tense relative clause without a date of its own describes its noun's history
    ("factions that have been fighting the Islamic State", "civilians who had fled fighting"),
    not an act the article reports."""
    verb = cand.head  # up to the head of the clause the trigger is in
    for _ in range(3):
        if verb.dep_ in ("relcl", "ROOT", "ccomp", "advcl", "conj", "parataxis", "acl", "xcomp"):
            break
        verb = verb.head
    if verb.dep_ != "relcl" or not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return False
    if any(c.dep_.startswith("nsubj") and c.pos_ in ("NOUN", "PROPN") for c in verb.children):
        return False  # "... informed the monitor that Turkish forces have set up": a complement clause
    starts = (entity_of(t) for t in verb.subtree if t.ent_iob_ == "B" and t.ent_type_ in ("DATE", "TIME"))
    return not any(ent is not None and not _duration(ent, w) for ent in starts)


def _duration(ent: Span, w: SyntaxWords) -> bool:
    """"for months", "over the years": how long, not when."""
    before = ent.doc[ent.start - 1].lower_ if ent.start else ""
    return before in w.duration_preps or any(t.lower_ in w.duration_preps for t in ent)


def _describes_participant(cand: Candidate, trigger_heads: set[int]) -> bool:
    """A bare reduced relative on a participant of another act of the sentence ("a fighter
    captured alive was sent home") describes that participant; the sentence reports the other
    act.  With an agent or a time of its own it is an act in its own right.  Deaths are kept:
    they feed the toll of the act they belong to."""
    head = cand.head
    if cand.nominal or cand.cls == "kill" or head.dep_ != "acl" or head.tag_ != "VBN":
        return False
    noun = head.head
    if noun.head.i == noun.i or noun.head.i not in trigger_heads or not noun.dep_.startswith(("nsubj", "dobj")):
        return False
    own = [c for c in head.children if c.dep_ in ("agent", "prep", "npadvmod", "advmod")]
    return not any(c.dep_ == "agent" or any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree) for c in own)


def _clause_tokens(head: Token, anchor: Token, sent: Span, w: SyntaxWords) -> list[Token]:
    """The trigger's clause, without phrases about another act ("in response to the chemical
    attack"): their weapons, tolls and places are not this act's."""
    tokens = list(head.subtree) if head.sent == sent else list(sent)
    if head.dep_ == "acl" and head.tag_ == "VBN" and head.head.sent == sent:
        # "shells fired by the army": a participle's clause includes the noun it describes
        tokens = list(head.head.subtree)
    if anchor not in tokens:
        return list(sent)
    foreign: set[int] = set()
    for tok in tokens:
        if tok.i not in foreign and _responds_to(tok, w) and anchor not in tok.subtree:
            foreign.update(t.i for t in tok.subtree)
    return [t for t in tokens if t.i not in foreign]




def doc_char(doc: Doc, i: int) -> int:
    return doc[i].idx


def doc_char_end(doc: Doc, end: int) -> int:
    t = doc[end - 1]
    return t.idx + len(t)


def _body_start_token(doc: Doc, body_start: int) -> int:
    if not body_start:
        return 0
    for t in doc:
        if t.idx >= body_start:
            return t.i
    return len(doc)


@register_coder("rules")
def make_rule_coder(settings: Settings) -> RuleCoder:
    return RuleCoder(settings)
