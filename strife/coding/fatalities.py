"""Fatality counts: numbers attached to killing words, never to wounding words.

Convention for vague quantities (ACLED's published practice): "several", "many",
"numerous" -> 10; "dozens" -> 12; "scores" -> 20; "hundreds" -> 100; "thousands" -> 1000;
"a few" -> 3; "a dozen" -> 12.  "at least N", "more than N", "up to N", "about N" -> N (the
stated bound).  Totals over long periods ("since 2011", "this year") are not counted.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "single": 1, "dozen": 12,
    "hundred": 100, "thousand": 1000, "both": 2, "twin": 2,
}
VAGUE = {"several": 10, "many": 10, "numerous": 10, "dozens": 12, "scores": 20, "hundreds": 100,
         "thousands": 1000, "few": 3, "some": 3, "multiple": 3}
PERIOD_WORDS = {"since", "year", "years", "months", "decade", "so far", "war", "conflict"}


def parse_number(text: str) -> int | None:
    """'12', '1,200', 'twenty-five', 'two hundred', 'dozens', 'at least 6' -> int (or None)."""
    low = text.lower().replace(",", "").strip()
    m = re.search(r"\d+(?:\.\d+)?", low)
    if m:
        value = float(m.group())
        if "million" in low:
            value *= 1_000_000
        elif "thousand" in low:
            value *= 1000
        return int(value)
    words = re.findall(r"[a-z]+", low)
    for w in words:
        if w in VAGUE:
            if w == "few" and "a" not in words:
                return 3
            return VAGUE[w]
    total, current, seen = 0, 0, False
    parts = [w for w in re.split(r"[\s-]+", low) if w]
    for i, w in enumerate(parts):
        nxt = parts[i + 1] if i + 1 < len(parts) else ""
        if w in ("a", "an"):
            if nxt in ("dozen", "hundred", "thousand"):
                current, seen = 1, True
            continue
        if w in ("hundred", "thousand"):
            current, seen = max(current, 1) * WORD_NUMBERS[w], True
            if w == "thousand":
                total, current = total + current, 0
        elif w == "dozen":
            current, seen = max(current, 1) * 12, True
        elif w in WORD_NUMBERS:
            current, seen = current + WORD_NUMBERS[w], True
    return total + current if seen else None


def _count_of(noun: Token) -> int | None:
    """The number that counts ``noun`` ("six civilians", "at least 12 people", "dozens")."""
    if noun.like_num or noun.tag_ == "CD" or noun.lower_ in VAGUE:
        span = " ".join(t.text for t in noun.subtree if t.i <= noun.i)
        return parse_number(span)
    for child in noun.children:
        if child.dep_ in ("nummod", "quantmod") or (child.dep_ == "amod" and child.lower_ in VAGUE):
            span = " ".join(t.text for t in child.subtree)
            value = parse_number(span)
            if value is not None:
                return value
        if child.dep_ == "prep" and child.lower_ == "of" and noun.lower_ in {*VAGUE, "dozen", "hundred"}:
            return parse_number(noun.text)
    return None


def _number_token(noun: Token) -> Token:
    """The token that states the count (for evidence), else the noun itself."""
    if noun.like_num or noun.tag_ == "CD":
        return noun
    return next((c for c in noun.children if c.dep_ in ("nummod", "quantmod", "amod") and
                 (c.like_num or c.lower_ in VAGUE)), noun)


def _victims(tok: Token) -> list[Token]:
    """Who died: object/passive subject of "kill", subject of "die", head of "dead"."""
    lemma = tok.lemma_.lower()
    out = []
    if lemma in ("die", "perish") or tok.lower_ == "dead" and tok.dep_ in ("acomp", "attr"):
        out = [c for c in tok.children if c.dep_ in ("nsubj",)] or \
              ([tok.head] if tok.dep_ in ("amod",) else [])
        if tok.dep_ in ("acomp", "attr"):
            out += [c for c in tok.head.children if c.dep_ == "nsubj"]
    elif lemma == "dead":
        if tok.dep_ in ("oprd", "xcomp", "ccomp", "acomp") and tok.head.pos_ == "VERB":
            out = [c for c in tok.head.children if c.dep_ == "dobj"]
        elif tok.dep_ == "amod":
            out = [tok.head]
        else:
            out = [tok]
    elif lemma in ("toll",):
        out = [c for p in tok.head.children if p.dep_ == "prep" and p.lower_ in ("to", "at")
               for c in p.children if c.dep_ == "pobj"]
        out += [c for c in tok.children if c.dep_ == "prep" for c in c.children if c.dep_ == "pobj" and c.like_num]
    elif tok.pos_ == "NOUN":  # "the deaths of 12 soldiers", "12 deaths"
        out = [tok] + [c for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                       for c in p.children if c.dep_ == "pobj"]
    else:
        out = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if not out and tok.dep_ in ("acl", "relcl"):
            out = [tok.head]
    more = []
    for v in out:
        more.extend(c for c in v.children if c.dep_ == "conj")
    return out + more


def _over_long_period(tok: Token) -> bool:
    for t in tok.subtree:
        if t.lower_ == "since" or (t.ent_type_ == "DATE" and any(w in t.lower_ for w in ("year", "month", "decade"))):
            if t.i != tok.i:
                return True
    return False


def fatalities_near(tokens: list[Token], death_words: set[str]) -> tuple[int, Token | None, Token | None]:
    """Largest count of the dead found around the given death-word tokens: (n, number token, death token)."""
    best, best_tok, best_death = 0, None, None
    for tok in tokens:
        lemma = tok.lemma_.lower()
        if lemma not in death_words and tok.lower_ not in death_words and not (lemma == "toll" and tok.head):
            continue
        if _over_long_period(tok):
            continue
        total, first = 0, None
        for victim in _victims(tok):
            n = _count_of(victim)
            if n:
                total += n
                first = first or _number_token(victim)
        if total > best:
            best, best_tok, best_death = total, first, tok
    return best, best_tok, best_death
