"""ACLED taxonomy: sub-event type -> event type -> disorder type, and interaction codes."""

from __future__ import annotations

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                   "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
SUB_EVENT_TYPES: tuple[str, ...] = tuple(s for subs in EVENT_TYPES.values() for s in subs)
EVENT_TYPE_OF: dict[str, str] = {s: e for e, subs in EVENT_TYPES.items() for s in subs}

#: ACLED's disorder types (codebook 2023): demonstrations vs political violence.
_DISORDER_BY_SUB = {
    "Peaceful protest": "Demonstrations",
    "Protest with intervention": "Demonstrations",
    "Violent demonstration": "Demonstrations",
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Mob violence": "Political violence",
}


#: Every disorder type :func:`disorder_type` gives.
DISORDER_TYPES: frozenset[str] = frozenset({"Political violence", "Demonstrations", "Strategic developments",
                                            *_DISORDER_BY_SUB.values()})


def event_type(sub_event: str | None) -> str | None:
    return EVENT_TYPE_OF.get(sub_event) if sub_event else None


def disorder_type(sub_event: str | None) -> str | None:
    if not sub_event:
        return None
    if sub_event in _DISORDER_BY_SUB:
        return _DISORDER_BY_SUB[sub_event]
    if EVENT_TYPE_OF.get(sub_event) == "Strategic developments":
        return "Strategic developments"
    return "Political violence"


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED interaction code: the two inter codes, smaller first (10*inter1 without actor 2)."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    lo, hi = sorted((inter1, inter2))
    return lo * 10 + hi
