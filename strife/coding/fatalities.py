"""Reading a toll from one clause: who died, and how many, by ACLED's conservative rules.

A toll is a count of the dead tied by the parse to a death word ("killed", "died", "dead",
"death toll"): the victim's number, a vague quantity (``fatalities.yaml``), or one for a
singular victim ("killed a civilian").  Never a toll: numbers that are dates, times, ages,
money, distances or counters ("Get short URL 1195"), numerals of four or more digits
without a thousands separator (years, ids: English news writes "1,195 people"), counts of
the injured, arrested, displaced or missing, casualty counts that mix the dead with the
injured ("12 killed or wounded"), and war-wide or period totals ("the war has killed more
than 280,000 people", "... since 2011").  "No one was killed" is a stated toll of 0.
The document-level pass (:mod:`strife.coding.tolls`) decides which incident a toll belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Token

from strife.dictionaries import DictionaryError
from strife.dictionaries.loader import read_yaml

VOCAB_FILE = Path(__file__).with_name("fatalities.yaml")
VOCAB_KEYS = {"vague", "not_toll_words", "cumulative_subjects", "cumulative_markers", "counter_words",
              "reference_nouns", "toll_nouns", "near_miss_words"}
BASES = {"codebook", "codebook-pattern", "conservative"}

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "single": 1, "dozen": 12,
    "hundred": 100, "thousand": 1000, "million": 1_000_000, "both": 2, "twin": 2,
}
NOT_NUMBER_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
NONE_WORDS = {"nobody", "none", "noone"}
SINGULAR_PRONOUNS = {"him", "her", "he", "she"}
#: Linking verbs: "dead" after one describes its subject ("three people are dead"); after any
#: other verb it is the result of the act on its object ("gunmen shot dead two people").
LINKING_VERBS = {"be", "remain", "lie", "seem", "appear", "become", "stay", "look", "feel"}
BOUND_WORDS = {"at", "least", "more", "than", "about", "around", "nearly", "almost", "some", "over", "up", "to",
               "roughly", "approximately", "an", "estimated"}
_BARE_LONG_NUMERAL = re.compile(r"\d{4,}")


@dataclass(frozen=True)
class TollVocab:
    """The words of ``fatalities.yaml`` plus the coder's death, wound and person cues."""

    vague: dict[str, int]
    not_toll: frozenset[str]
    cumulative_subjects: frozenset[str]
    cumulative_markers: tuple[str, ...]
    counters: frozenset[str]
    reference_nouns: frozenset[str]
    toll_nouns: frozenset[str]
    near_miss: frozenset[str]
    death_words: frozenset[str]
    person_words: frozenset[str]
    reporting_verbs: frozenset[str]


@lru_cache(maxsize=4)
def read_vocab_file(path: Path = VOCAB_FILE) -> dict:
    """Parse and check ``fatalities.yaml``: unknown keys and bad entries name file:line."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DictionaryError(f"{path}:1: expected a mapping with keys {', '.join(sorted(VOCAB_KEYS))}")
    line = data.pop("__line__", 1)
    for key in data:
        if key not in VOCAB_KEYS:
            raise DictionaryError(f"{path}:{_key_line(path, key)}: unknown key {key!r} "
                                  f"(known: {', '.join(sorted(VOCAB_KEYS))})")
    vague = {}
    for word, spec in (data.get("vague") or {}).items():
        if word == "__line__":
            continue
        where = f"{path}:{spec.get('__line__', line) if isinstance(spec, dict) else line}"
        if not isinstance(spec, dict) or set(spec) - {"value", "basis", "__line__"} or \
                not isinstance(spec.get("value"), int) or spec.get("basis") not in BASES:
            raise DictionaryError(f"{where}: vague quantity {word!r} needs value (int) and basis "
                                  f"({', '.join(sorted(BASES))})")
        vague[str(word).lower()] = spec["value"]
    out = {"vague": vague}
    for key in VOCAB_KEYS - {"vague"}:
        words = data.get(key) or []
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise DictionaryError(f"{path}:{line}: {key!r} must be a list of words")
        out[key] = [w.lower() for w in words]
    return out


def _key_line(path: Path, key: str) -> int:
    """The 1-based line where a top-level ``key:`` is written (0 when not found)."""
    for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text.startswith(f"{key}:"):
            return i
    return 0


def load_vocab(cues: dict[str, list[str]], path: Path = VOCAB_FILE) -> TollVocab:
    """The reader's vocabulary: ``fatalities.yaml`` and the coder's cue lists."""
    v = read_vocab_file(path)
    return TollVocab(
        vague=v["vague"], not_toll=frozenset(v["not_toll_words"]) | frozenset(cues.get("wound_words", [])),
        cumulative_subjects=frozenset(v["cumulative_subjects"]),
        cumulative_markers=tuple(v["cumulative_markers"]), counters=frozenset(v["counter_words"]),
        reference_nouns=frozenset(v["reference_nouns"]), toll_nouns=frozenset(v["toll_nouns"]),
        near_miss=frozenset(v["near_miss_words"]),
        death_words=frozenset(w.lower() for w in cues.get("death_words", [])),
        person_words=frozenset(w.lower() for w in cues.get("person_words", [])),
        reporting_verbs=frozenset(w.lower() for w in cues.get("reporting_verbs", [])))


def parse_number(text: str, vague: dict[str, int] | None = None) -> int | None:
    """'12', '1,200', 'twenty-five', 'two hundred', 'a dozen', 'at least 6', 'dozens' -> int (or None).
    A range ("10 to 15", "between 10 and 15") gives its lower end.  Vague words: ``vague``,
    else the table of ``fatalities.yaml``."""
    vague = read_vocab_file()["vague"] if vague is None else vague
    low = text.lower().replace(",", "").strip()
    m = re.search(r"\d+(?:\.\d+)?", low)
    if m:
        value = float(m.group())
        if "million" in low:
            value *= 1_000_000
        elif "thousand" in low:
            value *= 1000
        elif "hundred" in low and value < 100:
            value *= 100
        return int(value)
    words = re.findall(r"[a-z]+", low)
    for w in words:
        if w in vague:
            return vague[w]
    total, current, seen = 0, 0, False
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in ("a", "an", "single"):
            if nxt in ("dozen", "hundred", "thousand", "million"):
                current, seen = 1, True
            continue
        if seen and (w in ("to", "or") or (w == "and" and "between" in words[:i])):
            break  # "ten to fifteen", "between ten and fifteen": the lower end
        if w in ("hundred", "thousand", "million"):
            current, seen = max(current, 1) * WORD_NUMBERS[w], True
            if w != "hundred":
                total, current = total + current, 0
        elif w == "dozen":
            current, seen = max(current, 1) * 12, True
        elif (w in WORD_NUMBERS and w not in ("both", "twin")) or (w in ("both", "twin") and not seen):
            current, seen = current + WORD_NUMBERS[w], True
    return total + current if seen else None


@dataclass(frozen=True)
class Toll:
    """One stated count of the dead: value, evidence span (characters), where it was read."""

    value: int
    start: int
    end: int
    sent: int = -1
    local: bool = True  # read in the trigger's own clause
    subset: bool = False  # "among the dead were three children": a lower bound, not a total


class TollReader:
    """Reads tolls from the tokens of a clause (see the module docstring for the rules)."""

    def __init__(self, vocab: TollVocab):
        self.v = vocab
        # string-store hashes: the death-word test runs on every token of every clause
        self._death_ids = frozenset(get_string_id(w) for w in vocab.death_words | {"toll"})
        self._death_array = None  # the same hashes as a sorted array, for whole docs

    def death_words(self, doc) -> list[Token]:
        """``[t for t in doc if self.is_death_word(t)]``, with the hash test done on the
        Doc's arrays: only the few tokens whose lemma or form is a death word are built."""
        if self._death_array is None:
            self._death_array = numpy.array(sorted(self._death_ids), dtype="uint64")
        arr = doc.to_array([LEMMA, LOWER])
        hit = numpy.isin(arr[:, 0], self._death_array) | numpy.isin(arr[:, 1], self._death_array)
        return [tok for tok in (doc[int(i)] for i in numpy.flatnonzero(hit)) if self.is_death_word(tok)]

    # ------------------------------------------------------------------ entry points
    def clause_tolls(self, tokens: list[Token], local: bool = True, sent: int = -1) -> list[Toll]:
        """Every toll stated in ``tokens`` (one per death word that has one)."""
        out = []
        for tok in tokens:
            if not self.is_death_word(tok) or self.cumulative(tok) or self.mixed_with_injured(tok):
                continue
            toll = self._toll_of(tok)
            if toll is not None:
                value, start, end, subset = toll
                out.append(Toll(value, start, end, sent, local, subset))
        return out

    def clause_toll(self, tokens: list[Token]) -> int:
        """The largest total stated in one clause (0 when none): a clause is one statement."""
        totals = [t.value for t in self.clause_tolls(tokens) if not t.subset]
        return max(totals, default=0)

    def is_death_word(self, tok: Token) -> bool:
        if tok.lemma not in self._death_ids and tok.lower not in self._death_ids:
            return False
        lemma = tok.lemma_.lower()
        if lemma == "toll" or tok.lower_ == "toll":
            return True
        if lemma in ("body", "corpse", "remains") and not any(c.dep_ == "prep" and c.lower_ == "of"
                                                              for c in tok.children):
            return False  # "the body of the report"; "bodies of 12 people" are counted
        if self._near_miss(tok):
            return False  # "nearly killed", "beaten almost to death", "left half dead"
        return lemma in self.v.death_words or tok.lower_ in self.v.death_words

    def _near_miss(self, tok: Token) -> bool:
        """A death word hedged by "nearly", "almost", "narrowly" ... (on it, or on the "to" of
        "to death"): nobody died."""
        holders = [tok] + ([tok.head] if tok.dep_ == "pobj" and tok.head.lower_ == "to" else [])
        return any(c.dep_ == "advmod" and c.lower_ in self.v.near_miss for h in holders for c in h.children)

    # ------------------------------------------------------------------ exclusions
    def cumulative(self, tok: Token) -> bool:
        """A war-wide or period total: a cumulative subject or marker on the death word."""
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "agent", "poss")]
        if tok.dep_ == "relcl":
            subjects.append(tok.head)  # "a war that has killed ..."
        subjects += [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        subjects += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "during", "of", "throughout")
                     for g in c.children if g.dep_ == "pobj"]
        if tok.dep_ in ("compound", "amod") or tok.lemma_.lower() == "toll":  # "the war's death toll"
            subjects += [c for c in tok.head.children if c.dep_ in ("poss", "compound", "amod")]
            subjects += [g for c in tok.head.children if c.dep_ == "prep" and c.lower_ in ("in", "of", "from")
                         for g in c.children if g.dep_ == "pobj"]
        if any(s.lemma_.lower() in self.v.cumulative_subjects for s in subjects):
            return True
        scope = list(tok.subtree)
        if tok.lemma_.lower() == "toll" or tok.dep_ in ("compound", "amod"):
            scope += list(tok.head.subtree)
        text = " " + " ".join(t.lower_ for t in scope if t.i != tok.i) + " "
        if any(f" {m} " in text for m in self.v.cumulative_markers):
            return True
        return any(t.ent_type_ == "DATE" and t.lower_ in ("years", "months", "decades") for t in scope)

    def mixed_with_injured(self, tok: Token) -> bool:
        """"12 people were killed or wounded": one count of casualties, not of the dead."""
        def bare(t: Token) -> bool:  # no subject or object of its own (also under its auxiliary)
            near = list(t.children) + [g for c in t.children if c.dep_ in ("aux", "auxpass") for g in c.children]
            return not any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in near)

        def not_toll(t: Token) -> bool:  # a verb or participle: "killed or wounded", "dead and injured"
            return t.pos_ in ("VERB", "ADJ") and (t.lemma_.lower() in self.v.not_toll or t.lower_ in self.v.not_toll)

        if any(c.dep_ == "conj" and not_toll(c) and bare(c) for c in tok.children):
            return True
        return tok.dep_ == "conj" and not_toll(tok.head) and bare(tok)

    def number_ok(self, tok: Token) -> bool:
        """Whether a numeral can be a count of people (see the module docstring)."""
        if tok.ent_type_ in NOT_NUMBER_ENTS or tok.like_url or "/" in tok.text or ":" in tok.text:
            return False
        if _BARE_LONG_NUMERAL.fullmatch(tok.text):
            return False
        for prev in tok.doc[max(tok.i - 2, tok.sent.start):tok.i]:
            if prev.lower_ in self.v.counters or prev.like_url:
                return False
        head = tok.head
        return not (head.i != tok.i and tok.dep_ in ("nummod", "quantmod") and
                    (head.ent_type_ in NOT_NUMBER_ENTS or head.lemma_.lower() in self.v.not_toll))

    # ------------------------------------------------------------------ reading
    def _toll_of(self, tok: Token) -> tuple[int, int, int, bool] | None:
        if any(c.dep_ == "neg" for c in tok.children):
            return None  # "the hostages were not killed": no toll stated
        victims, subset = self._victims(tok)
        total, first, last, stated = 0, None, None, False
        for victim in victims:
            got = self._count(victim)
            if got is None:
                continue
            n, ev_tok, part = got
            subset = subset or part
            stated = True
            total += n
            first = ev_tok if first is None or ev_tok.i < first.i else first
            last = ev_tok if last is None or ev_tok.i > last.i else last
        if not stated:
            if self._negated_death_noun(tok):
                return 0, tok.idx, tok.idx + len(tok), False
            got = self._adjacent_count(tok)
            if got is not None:
                n, ev_tok = got
                return n, ev_tok.idx, ev_tok.idx + len(ev_tok), False
            return None
        return total, first.idx, last.idx + len(last), subset

    def _adjacent_count(self, tok: Token) -> tuple[int, Token] | None:
        """A transitive death verb whose object the parser lost ("killing at least 33 people"
        parsed as the subject of "said"): word order is unambiguous, so the number right after
        the verb (past "at least", "more than", ...) counts, if it counts people."""
        if tok.pos_ != "VERB" or tok.tag_ not in ("VBG", "VBD") or \
                any(c.dep_ in ("dobj", "nsubjpass") for c in tok.children):
            return None
        for nxt in tok.doc[tok.i + 1:min(tok.i + 5, tok.sent.end)]:
            if nxt.lower_ in BOUND_WORDS:
                continue
            if not self._is_number(nxt) or not self.number_ok(nxt):
                return None
            noun = nxt.head if nxt.dep_ in ("nummod", "quantmod") else nxt
            if noun.lemma_.lower() in self.v.not_toll or noun.ent_type_ in NOT_NUMBER_ENTS:
                return None
            value = self._number_value(nxt)
            return (value, nxt) if value is not None else None
        return None

    def _negated_death_noun(self, tok: Token) -> bool:
        """"There were no deaths", "no fatalities": a stated toll of 0."""
        return tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)

    def _count(self, noun: Token) -> tuple[int, Token, bool] | None:
        """(count, evidence token, is a subset) for one victim phrase, or None when it states
        no number.  "No one" is a total of 0; "no civilians" a subset of 0."""
        got = self._count_total(noun)
        if got is None:
            return None
        n, tok = got
        return n, tok, n == 0 and noun.lower_ not in NONE_WORDS | {"one"}

    def _count_total(self, noun: Token) -> tuple[int, Token] | None:
        low = noun.lower_
        if low in NONE_WORDS or any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
            return 0, noun  # "no one", "nobody", "no civilians"
        if self._is_number(noun):
            if not self.number_ok(noun):
                return None
            value = self._number_value(noun)
            return (value, noun) if value is not None else None
        for child in noun.children:
            if child.dep_ in ("nummod", "quantmod") and self._is_number(child):
                if not self.number_ok(child):
                    continue
                value = self._number_value(child)
                if value is not None:
                    return value, child
            if child.dep_ == "amod" and child.lower_ in self.v.vague:
                return self.v.vague[child.lower_], child
        if (noun.tag_ in ("NN", "NNP") and (noun.lemma_.lower() in self.v.person_words
                                          or noun.ent_type_ in ("PERSON", "ACTOR"))) \
                or noun.lower_ in SINGULAR_PRONOUNS:
            if noun.ent_type_ in NOT_NUMBER_ENTS or noun.lemma_.lower() in ("people", "crew", "remains"):
                return None
            return 1, noun  # "killed a civilian", "a soldier was killed", "the commander died"
        return None

    def _is_number(self, tok: Token) -> bool:
        return tok.like_num or tok.tag_ == "CD" or tok.lower_ in self.v.vague or tok.lower_ == "dozen"

    def _number_value(self, tok: Token) -> int | None:
        """The value of a numeral with its own modifiers ("more than 280,000", "two hundred")."""
        parts = [t for t in tok.subtree if t.i <= tok.i and (self._is_number(t) or t.lower_ in ("a", "an"))
                 and t.ent_type_ not in NOT_NUMBER_ENTS]
        parts = [t for t in parts if t.i == tok.i or t.head.i == tok.i or t.head in parts]
        value = parse_number(" ".join(t.text for t in parts), self.v.vague)
        if value is None and tok.lower_ in self.v.vague:
            value = self.v.vague[tok.lower_]
        return value

    @staticmethod
    def _resultative_victims(tok: Token) -> list[Token]:
        """Who died when "dead" completes an act ("shot dead", "found dead") or "to death"
        follows one ("stabbed to death", "beaten to death"): the act's object or passive
        subject, or the passive subject it shares ("were abducted and shot dead").  Empty
        when ``tok`` is no such word."""
        if tok.lower_ == "dead" and tok.dep_ in ("acomp", "oprd"):
            verb = tok.head
        elif tok.lower_ == "death" and tok.dep_ == "pobj" and tok.head.lower_ == "to":
            verb = tok.head.head
        else:
            return []
        if verb.pos_ != "VERB" or verb.lemma_.lower() in LINKING_VERBS:
            return []
        out = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if not out and verb.dep_ == "conj":
            out = [c for c in verb.head.children if c.dep_ == "nsubjpass"]
        return out

    def _victims(self, tok: Token) -> tuple[list[Token], bool]:
        """Who died (object or passive subject of "kill", subject of "die", head of "dead",
        the number of "the death toll rose to 12"), and whether they are a subset."""
        lemma = tok.lemma_.lower()
        out: list[Token] = []
        subset = False
        if tok.lower_ == "dead" and tok.dep_ == "pobj" and tok.head.lower_ == "among":
            verb = tok.head.head  # "Among the dead were three children"
            out = [c for c in verb.children if c.dep_ in ("attr", "nsubj", "nsubjpass") and c.i != tok.head.i]
            subset = True
        elif resultative := self._resultative_victims(tok):
            out = resultative  # "shot dead two people", "was shot dead", "stabbed two men to death"
        elif lemma in ("die", "perish") or (tok.lower_ == "dead" and tok.dep_ in ("acomp", "attr")):
            out = [c for c in tok.children if c.dep_ == "nsubj"] or ([tok.head] if tok.dep_ == "amod" else [])
            if tok.dep_ in ("acomp", "attr"):
                out += [c for c in tok.head.children if c.dep_ == "nsubj"]
        elif lemma == "dead" or tok.lower_ == "dead":
            if tok.dep_ in ("oprd", "xcomp", "ccomp", "acomp") and tok.head.pos_ in ("VERB", "AUX"):
                out = [c for c in tok.head.children if c.dep_ == "dobj"]  # "left 5 dead"
            elif tok.dep_ == "amod":
                out = [tok.head]
            elif any(c.dep_ in ("nummod", "quantmod") for c in tok.children):
                out = [tok]  # "12 dead"
        elif lemma in ("toll", "tally") or tok.lower_ == "toll":
            holder = tok.head if tok.dep_ in ("nsubj", "dobj", "nsubjpass") else tok
            out = [c for p in holder.children if p.dep_ == "prep" and p.lower_ in ("to", "at")
                   for c in p.children if c.dep_ == "pobj"]
            out += [c for c in holder.children if c.dep_ == "attr" and c.i != tok.i]
            out += [c for p in tok.children if p.dep_ == "prep" and p.lower_ in ("of", "at")
                    for c in p.children if c.dep_ == "pobj" and self._is_number(c)]
        elif tok.pos_ in ("NOUN", "PROPN"):  # "the deaths of 12 soldiers", "12 deaths", "bodies of 5"
            out = [tok] + [c for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                           for c in p.children if c.dep_ == "pobj"]
        else:
            out = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
            if not out and tok.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
                out = [c for c in tok.children if c.dep_ == "nsubj"]  # headline passive: "8 killed"
            if not out and tok.dep_ in ("acl", "relcl") and tok.tag_ == "VBN":
                out = [tok.head]  # "civilians killed in the strike"
        more = []
        for v in out:
            more.extend(c for c in v.children if c.dep_ == "conj" and c.lemma_.lower() not in self.v.not_toll)
        return out + more, subset
