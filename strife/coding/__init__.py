"""Coding stage: ParsedArticle -> CodedArticle (ACLED/PLOVER events with actors and evidence)."""

from strife.coding.base import Coder, get_coder, primary_event, register_coder, registered_coders
from strife.coding import rules  # noqa: F401  registers the default "rules" coder

__all__ = ["Coder", "get_coder", "primary_event", "register_coder", "registered_coders"]
