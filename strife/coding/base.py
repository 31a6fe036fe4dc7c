"""The Coder interface and a name -> factory registry (spaCy-registry style)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from strife.config import Settings
from strife.model import CodedArticle, EventRecord, ParsedArticle


@runtime_checkable
class Coder(Protocol):
    """Turns a parsed article into coded events."""

    def code(self, parsed: ParsedArticle) -> CodedArticle: ...


CoderFactory = Callable[[Settings], Coder]
_REGISTRY: dict[str, CoderFactory] = {}


def register_coder(name: str) -> Callable[[CoderFactory], CoderFactory]:
    """Decorator: make a coder factory ``f(settings) -> Coder`` available under ``name``."""

    def deco(factory: CoderFactory) -> CoderFactory:
        _REGISTRY[name] = factory
        return factory

    return deco


def registered_coders() -> list[str]:
    return sorted(_REGISTRY)


def get_coder(settings: Settings | None = None, name: str | None = None) -> Coder:
    """The coder named ``name`` (default: ``settings.coder``, itself from STRIFE_CODER or "rules")."""
    settings = settings or Settings()
    name = name or settings.coder
    if name not in _REGISTRY:
        raise KeyError(f"unknown coder {name!r}; registered: {', '.join(registered_coders())}")
    return _REGISTRY[name](settings)


def primary_event(coded: CodedArticle) -> EventRecord | None:
    """The article's main event as the coder ranks it: news before background, then the most
    confident, then the earliest.  Every evaluation scores this event (never the one closest
    to gold), so the figures are what a user of the coder's output gets."""
    events = [e for e in coded.events if e.sub_event_type]
    if not events:
        return None
    return max(events, key=lambda e: (not e.background, e.confidence, -e.trigger_start))
