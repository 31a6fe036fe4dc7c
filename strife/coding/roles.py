"""Who did what to whom: agent and target of a trigger from the dependency parse.

Agent: active subject, passive "by" phrase, possessor or modifier of a nominal trigger
("the coalition's strike", "a coalition air strike"), subject of a light verb ("carried
out an attack"), subject inherited by a coordinated or complement verb.  Target: direct
object, passive subject, "on/against/at/targeting" phrases, "with" for fighting.
"between X and Y" gives both.  Conjuncts of a role become associated actors.

Agents English gives outside the trigger's own clause:
- the agent of a passive participle or verb whose patient is the weapon or the act ("a device
  planted by AQAP militants detonated", "mines have been planted by the Houthis");
- the one an act is blamed on ("an attack blamed on Boko Haram");
- the subject of the verb an adjunct gerund depends on ("the rebels advanced after seizing
  the town": the rebels seized it);
- the object of the act's purpose ("an attack to capture the army's positions") is its target;
- through a noun that only counts or groups acts ("a series of raids", "a wave of attacks"),
  the roles of that noun;
- the one who repels, repulses or fends off an act was its target ("soldiers repelled an attack
  by militants", "the attack was repulsed by the army");
- "an attack by X on Y": the parser often hangs "on Y" on X; X has no "on" phrase of its own,
  so Y is the act's target.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

TARGET_PREPS = {"on", "against", "at", "upon", "targeting", "into", "in"}
FIGHT_PREPS = {"with", "against"}


@dataclass(frozen=True)
class RoleWords:
    """The few word lists role reading needs (cues.yaml)."""

    light_verbs: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()  # "a series of", "a wave of": the roles pass through
    blame_verbs: frozenset[str] = frozenset()  # "blamed on X": X is the agent
    use_verbs: frozenset[str] = frozenset()  # verbs of using a weapon or doing an act ("planted", "carried out")
    defence_verbs: frozenset[str] = frozenset()  # "repelled an attack": the subject was attacked


@dataclass
class Roles:
    agent: list[Token] = field(default_factory=list)  # role head tokens, best first
    target: list[Token] = field(default_factory=list)
    between: list[Token] = field(default_factory=list)


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
    return None


def _inherited_subject(verb: Token) -> Token | None:
    """Subject shared through coordination or control ("broke ... and are battling")."""
    tok = verb
    for _ in range(4):
        subj = _subject(tok)
        if subj is not None:
            return subj
        if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head.i != tok.i:
            tok = tok.head
            continue
        if (tok.dep_ == "pcomp" and tok.tag_ == "VBG" and tok.head.dep_ == "prep"
                and tok.head.head.pos_ in ("VERB", "AUX")):
            tok = tok.head.head  # "advanced after seizing the town": the one who advanced seized it
            continue
        if tok.dep_ in ("relcl",) and tok.head.i != tok.i:
            return tok.head
        break
    return None


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def verbal_roles(verb: Token, fight: bool) -> Roles:
    roles = Roles()
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or \
        (verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod"))
    for child in verb.children:
        if child.dep_ == "agent":
            obj = _pobj(child)
            if obj is not None:
                roles.agent.append(obj)
        elif child.dep_ == "nsubjpass":
            roles.target.append(child)
        elif child.dep_ == "dobj":
            roles.target.append(child)
        elif child.dep_ == "prep":
            obj = _pobj(child)
            low = child.lower_
            if obj is None:
                continue
            if low == "between":
                roles.between.append(obj)
            elif fight and low in FIGHT_PREPS:
                roles.target.append(obj)
            elif low in TARGET_PREPS and low not in ("in", "into"):
                roles.target.append(obj)
    if not passive:
        subj = _inherited_subject(verb)
        if subj is not None:
            roles.agent.insert(0, subj)
    elif verb.dep_ in ("acl",) and not roles.target:
        roles.target.append(verb.head)  # "prisoners captured by X": the noun is the patient
    return roles


def _passive_agent(verb: Token) -> Token | None:
    """The "by" phrase of a passive verb or participle."""
    for child in verb.children:
        if child.dep_ == "agent":
            return _pobj(child)
    return None


def _blamed_on(verb: Token, words: RoleWords) -> Token | None:
    """"(an attack) blamed on X", "attributed to X": X."""
    if verb.lemma_.lower() not in words.blame_verbs:
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "to"):
            return _pobj(child)
    return None


def described_agents(noun: Token, words: RoleWords) -> list[Token]:
    """Agents English gives a weapon or an act named by a noun outside its own phrase: the
    "by" phrase of a participle of using or doing on it ("a device planted by X", "shells
    fired by X") or of such a passive verb it is the patient of ("mines have been planted by
    X", "the attack was carried out by X"); the one it is blamed on ("an attack blamed on X")."""
    out = []
    for child in noun.children:
        if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB":
            agent = _passive_agent(child) if child.lemma_.lower() in words.use_verbs else None
            agent = agent or _blamed_on(child, words)
            if agent is not None:
                out.append(agent)
    # "repelled by the army" names who resisted, not who attacked: only verbs of using or doing
    if noun.dep_ == "nsubjpass" and noun.head.pos_ == "VERB" and noun.head.lemma_.lower() in words.use_verbs:
        agent = _passive_agent(noun.head)
        if agent is not None:
            out.append(agent)
    if noun.dep_ == "nsubjpass" and noun.head.pos_ == "VERB":
        agent = _blamed_on(noun.head, words)  # "the attack was blamed on X"
        if agent is not None:
            out.append(agent)
    return out


def nominal_roles(noun: Token, light_verbs: set[str], fight: bool, words: RoleWords | None = None) -> Roles:
    roles = Roles()
    words = words or RoleWords(frozenset(light_verbs))
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod") and child.i < noun.i:
            roles.agent.append(child)
        elif child.dep_ == "prep":
            obj = _pobj(child)
            low = child.lower_
            if obj is None:
                continue
            if low == "by":
                roles.agent.insert(0, obj)
                # "an attack by militants on the base": "on the base" hung on the attackers
                roles.target.extend(_pobj(p) for p in obj.children if p.dep_ == "prep"
                                    and p.lower_ in ("on", "against") and _pobj(p) is not None)
            elif low == "between":
                roles.between.append(obj)
            elif low in ("on", "against", "targeting", "at") or (fight and low == "with"):
                roles.target.append(obj)
            elif low == "of" and noun.lemma_.lower() in ("killing", "massacre", "execution", "assassination",
                                                         "abduction", "kidnapping", "arrest", "capture",
                                                         "detention", "rape", "release", "fall", "seizure",
                                                         "liberation", "recapture"):
                roles.target.append(obj)
            elif low == "of":
                roles.agent.append(obj)  # "a convoy of militants", "an attack of the rebels"
        elif child.dep_ == "acl" and child.lemma_.lower() in ("target", "hit"):
            roles.target.extend(c for c in child.children if c.dep_ == "dobj")
        elif child.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            # "an attack to capture the government forces' positions": what the act was for names its target
            roles.target.extend(c for c in child.children if c.dep_ == "dobj")
    head = noun.head
    if noun.dep_ == "dobj" and head.pos_ == "VERB" and head.lemma_.lower() in light_verbs:
        subj = _inherited_subject(head)
        if subj is not None:
            roles.agent.insert(0, subj)
        for child in head.children:
            if child.dep_ == "agent" and _pobj(child) is not None:
                roles.agent.insert(0, _pobj(child))
            if child.dep_ == "prep" and child.lower_ in ("on", "against") and _pobj(child) is not None:
                roles.target.append(_pobj(child))
    elif noun.dep_ in ("nsubj",) and head.pos_ == "VERB":
        roles.target.extend(c for c in head.children if c.dep_ == "dobj")
    elif noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("in", "during") and head.head.pos_ == "VERB":
        verb = head.head  # "killed in an air strike": victims of the verb are targets
        roles.target.extend(c for c in verb.children if c.dep_ in ("nsubjpass", "dobj"))
    if noun.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB" and head.lemma_.lower() in words.defence_verbs:
        # "soldiers repelled an attack", "the attack was repulsed by the army": the defender was attacked
        defender = _passive_agent(head) if noun.dep_ == "nsubjpass" else _inherited_subject(head)
        if defender is not None:
            roles.target.insert(0, defender)
    roles.agent.extend(described_agents(noun, words))
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "of" and head.head.pos_ == "NOUN" \
            and head.head.lemma_.lower() in words.group_nouns:
        outer = nominal_roles(head.head, light_verbs, fight, words)  # "carried out a series of air strikes"
        roles.agent.extend(outer.agent)
        roles.target.extend(t for t in outer.target if t not in roles.target)
        roles.between.extend(outer.between)
    return roles


def roles_for(trigger: Token, nominal: bool, light_verbs: set[str], fight: bool,
              words: RoleWords | None = None) -> Roles:
    """Agent/target heads for a trigger token."""
    words = words or RoleWords(frozenset(light_verbs))
    if nominal or trigger.pos_ in ("NOUN", "PROPN"):
        return nominal_roles(trigger, light_verbs, fight, words)
    roles = verbal_roles(trigger, fight)
    # "the bomb exploded": a weapon subject of an intransitive trigger verb may have its own agent
    for subj in (c for c in trigger.children if c.dep_ == "nsubj"):
        roles.agent.extend(described_agents(subj, words))
    return roles
