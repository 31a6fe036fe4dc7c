"""Near-duplicate articles (syndicated wire copies) with MinHash LSH (datasketch)."""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SCHEME = "affine32"  # datasketch's hashing scheme; stored signatures must be read with the same
SHINGLE = 5  # words per shingle: long enough that shared phrases alone do not match
THRESHOLD = 0.7  # estimated Jaccard of shingle sets above which two articles are one story
# LSH only proposes candidates; a lower threshold there keeps it from missing
# true copies (banding is probabilistic), and the exact estimate decides.
CANDIDATE_THRESHOLD = 0.4

_WORD = re.compile(r"\w+", re.UNICODE)


def signature(text: str) -> MinHash:
    """MinHash of the article's lower-cased word 5-shingles."""
    words = _WORD.findall(text.lower())
    mh = MinHash(num_perm=NUM_PERM, seed=17, scheme=SCHEME)
    if len(words) < SHINGLE:
        shingles = [" ".join(words)]
    else:
        shingles = [" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    mh.update_batch(s.encode("utf-8") for s in shingles)
    return mh


def from_values(values) -> MinHash:
    """A MinHash from signature values stored by :func:`signature`."""
    return MinHash(num_perm=NUM_PERM, seed=17, scheme=SCHEME,
                   hashvalues=np.asarray(values, dtype=np.uint32))


class StoryIndex:
    """Groups articles into stories: an article joins the story of its nearest copy.

    The story id of a group is the id of the first article added to it, so adding
    articles in publication order gives the same stories in one batch or many.
    """

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=min(threshold, CANDIDATE_THRESHOLD), num_perm=NUM_PERM)
        self.story_of: dict[str, str] = {}
        self.sig_of: dict[str, MinHash] = {}

    def add(self, article_id: str, sig: MinHash, story_id: str | None = None) -> str:
        """Add an article (with a known story, or find one); return its story id."""
        if article_id in self.story_of:
            return self.story_of[article_id]
        if story_id is None:
            best, best_sim = None, self.threshold
            for other in self.lsh.query(sig):
                sim = sig.jaccard(self.sig_of[other])
                if sim >= best_sim and (best is None or sim > best_sim or other < best):
                    best, best_sim = other, sim
            story_id = self.story_of[best] if best else article_id
        self.lsh.insert(article_id, sig)
        self.sig_of[article_id] = sig
        self.story_of[article_id] = story_id
        return story_id
