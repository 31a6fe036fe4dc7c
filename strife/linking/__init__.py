"""Linking stage: syndicated copies -> stories, event reports -> canonical events.

Everything here is pure: it takes records and returns assignments; the store
(and ``strife.ingest``) persist them.
"""

from strife.linking.events import Cluster, Linker, LinkRule
from strife.linking.merge import merge_cluster
from strife.linking.stories import StoryIndex, signature

__all__ = ["Cluster", "LinkRule", "Linker", "StoryIndex", "merge_cluster", "signature"]
