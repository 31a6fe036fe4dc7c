"""Page furniture: bylines, "Related" links, captions, share counters, cookie notices, tag
lists and subscription prompts that scraped text carries beside the story.

They are found once, when an article is read (:func:`mark_furniture`, used by every
reader), and recorded as character spans on ``Article.furniture``.  The text itself is
kept as read (the article id is its hash, and every evidence span indexes into it);
:func:`blank` replaces the spans by spaces of equal length, newlines kept, so the parser
sees no furniture while every offset still points into the original text.

The patterns are data (``furniture.yaml``): this module only applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from strife.dictionaries.loader import DictionaryError, read_yaml
from strife.model import Article

FURNITURE_PATH = Path(__file__).with_name("furniture.yaml")
DEFAULT_MAX_CHARS = 300
_KEYS = {"kind", "scope", "pattern", "max_chars", "ignore_case", "__line__"}
_SCOPES = ("line", "inline", "caption_end")


@dataclass(frozen=True)
class FurnitureRule:
    """One pattern: a whole line (``scope="line"``, at most ``max_chars``), a fragment
    (``"inline"``), or the end of a caption (``"caption_end"``: the line up to the match)."""

    kind: str
    scope: str
    pattern: re.Pattern
    max_chars: int = DEFAULT_MAX_CHARS


@lru_cache(maxsize=4)
def load_rules(path: Path = FURNITURE_PATH) -> tuple[FurnitureRule, ...]:
    """The rules of a furniture YAML file; a bad rule is a DictionaryError naming file:line."""
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise DictionaryError(f"{path}:1: expected a mapping with a 'rules' list")
    unknown = set(data) - {"rules", "__line__"}
    if unknown:
        raise DictionaryError(f"{path}:{data.get('__line__', 1)}: unknown key(s) {sorted(unknown)}")
    rules = []
    for item in data["rules"]:
        where = f"{path}:{item.get('__line__', 0) if isinstance(item, dict) else 0}"
        if not isinstance(item, dict):
            raise DictionaryError(f"{where}: a rule must be a mapping")
        bad = set(item) - _KEYS
        if bad:
            raise DictionaryError(f"{where}: unknown key(s) {sorted(bad)} (allowed: {sorted(_KEYS - {'__line__'})})")
        if not item.get("kind") or not item.get("pattern"):
            raise DictionaryError(f"{where}: a rule needs 'kind' and 'pattern'")
        scope = item.get("scope", "line")
        if scope not in _SCOPES:
            raise DictionaryError(f"{where}: scope must be one of {list(_SCOPES)}, got {scope!r}")
        flags = re.IGNORECASE if item.get("ignore_case", True) else 0
        try:
            pattern = re.compile(str(item["pattern"]), flags)
        except re.error as exc:
            raise DictionaryError(f"{where}: bad pattern: {exc}") from None
        max_chars = item.get("max_chars", DEFAULT_MAX_CHARS)
        if not isinstance(max_chars, int) or isinstance(max_chars, bool) or max_chars <= 0:
            raise DictionaryError(f"{where}: max_chars must be a positive integer")
        rules.append(FurnitureRule(str(item["kind"]), scope, pattern, max_chars))
    return tuple(rules)


def find_furniture(text: str, start: int = 0, rules: tuple[FurnitureRule, ...] | None = None
                   ) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ``(start, end)`` spans of furniture in ``text[start:]``.

    A line rule takes a whole line (without the spaces at its ends) when the line is no
    longer than its ``max_chars``; in the other lines, a caption end (a photo credit) takes
    the line up to it, inline rules take fragments.
    """
    rules = load_rules() if rules is None else rules
    line_rules = [r for r in rules if r.scope == "line"]
    inline_rules = [r for r in rules if r.scope == "inline"]
    caption_ends = [r for r in rules if r.scope == "caption_end"]
    spans: list[tuple[int, int]] = []
    pos = start
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        line = text[pos:end]
        stripped = line.strip()
        if stripped:
            lo = pos + (len(line) - len(line.lstrip()))
            hi = lo + len(stripped)
            if any(len(stripped) <= r.max_chars and r.pattern.fullmatch(stripped) for r in line_rules):
                spans.append((lo, hi))
            else:
                for r in caption_ends:
                    spans += [(lo, lo + m.end()) for m in r.pattern.finditer(stripped) if m.end() <= r.max_chars]
                for r in inline_rules:
                    spans += [(lo + m.start(), lo + m.end()) for m in r.pattern.finditer(stripped)
                              if m.end() > m.start()]
        pos = end + 1
    return _union(spans)


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def mark_furniture(article: Article) -> Article:
    """Record the article's furniture spans (after its dateline), once; returns it."""
    if article.furniture is None:
        article.furniture = find_furniture(article.text, article.body_start)
    return article


def blank(text: str, spans: list[tuple[int, int]] | None) -> str:
    """``text`` with every span replaced by spaces (newlines kept): same length, same offsets."""
    if not spans:
        return text
    parts, pos = [], 0
    for s, e in spans:
        parts.append(text[pos:s])
        parts.append(re.sub(r"[^\n]", " ", text[s:e]))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)
