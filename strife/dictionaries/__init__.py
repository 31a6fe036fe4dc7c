"""Strife's dictionaries: actors, countries, generic agents, trigger lexicon, cues (YAML)."""

from strife.dictionaries.loader import (
    INTER_CODES,
    ActorEntry,
    Agent,
    Country,
    Dictionaries,
    DictionaryError,
    DuplicateAliasWarning,
    is_case_sensitive,
    load_dictionaries,
)

__all__ = ["INTER_CODES", "ActorEntry", "Agent", "Country", "Dictionaries", "DictionaryError",
           "DuplicateAliasWarning", "is_case_sensitive", "load_dictionaries"]
