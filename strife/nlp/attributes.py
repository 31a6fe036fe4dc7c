"""The model's attribute ruler as lookup tables: the same annotations for a tenth of the cost.

spaCy's ``attribute_ruler`` (en_core_web_sm: 179 patterns mapping fine tags to coarse parts
of speech and morphology, plus word exceptions) runs a ``Matcher`` over every token: about
a tenth of the whole parse on real conflict news (see README).  Its patterns are one to two
tokens long and test TAG, LOWER, DEP or IS_SPACE for equality, set membership or a regular
expression, so a token's matches follow from one dictionary look-up of its annotations.

:class:`AttributeTable` compiles the ruler's own patterns (nothing is copied from the model
into Strife) and applies them as the ruler does: every pattern is matched against the
annotations as they were before the ruler ran, matches are applied in pattern order, a
later pattern's value wins.  A model whose ruler uses anything else (operators, other
attributes) keeps its own ruler (:func:`compile_ruler` returns None).
``tests/nlp/test_attributes.py`` checks every token attribute against the stock ruler on
real news (417,163 tokens: none differs).
"""

from __future__ import annotations

import re

import numpy
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from strife.nlp.pipeline import COMPONENT_HOOKS

COMPONENT_NAME = "strife_attribute_table"
#: Token attributes a compiled pattern may test (string-valued ones by hash; IS_SPACE a flag).
_STRING_KEYS = ("TAG", "LOWER", "DEP", "ORTH")
_KEYS = (*_STRING_KEYS, "IS_SPACE")
#: The order of the columns read from a Doc.
_READ = ("TAG", "LOWER", "DEP", "ORTH", "IS_SPACE")
#: Distinct (tag, word, dependency) rows whose matches are kept before the caches restart.
_CACHE_ROWS = 200_000


class Unsupported(ValueError):
    """A ruler pattern outside what :class:`AttributeTable` compiles."""


def _test(key: str, value, strings) -> tuple[str, str, object]:
    """One token test as (key, kind, operand): kind "eq" (an int), "in" or "not_in" (frozensets)."""
    if key not in _KEYS:
        raise Unsupported(key)
    if key == "IS_SPACE":
        if not isinstance(value, bool):
            raise Unsupported(f"IS_SPACE {value!r}")
        return key, "eq", int(value)
    if isinstance(value, str):
        return key, "eq", strings.add(value)
    if isinstance(value, dict) and len(value) == 1:
        (op, vals), = value.items()
        if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in vals):
            return key, op.lower(), frozenset(strings.add(v) for v in vals)
        if op == "REGEX" and isinstance(vals, str):  # the Matcher searches the attribute's text
            return key, "regex", (re.compile(vals), strings)
    raise Unsupported(f"{key} {value!r}")


def _passes(tests, row) -> bool:
    for col, kind, operand in tests:
        value = row[col]
        if kind == "eq":
            if value != operand:
                return False
        elif kind == "regex":
            regex, strings = operand  # type: ignore[misc]
            if not regex.search(strings[value]):
                return False
        elif (value in operand) != (kind == "in"):  # type: ignore[operator]
            return False
    return True


class AttributeTable:
    """Compiled patterns of one attribute ruler (see the module docstring)."""

    def __init__(self, patterns: list[dict], vocab):
        from spacy.tokens._retokenize import normalize_token_attrs

        strings = vocab.strings
        self.patterns = patterns  # as the ruler holds them (strife.candidates reads lemma patterns)
        self.attrs: list[dict[int, int]] = []  # per pattern: attribute id -> value, as the ruler stores them
        # (pattern number, tests per token, target offset) of every alternative, by index key
        self.singles: list[tuple[int, tuple]] = []
        self.longer: list[tuple[int, tuple[tuple, ...], int]] = []
        for number, spec in enumerate(patterns):
            if set(spec) - {"patterns", "attrs", "index"} or "_" in spec.get("attrs", {}):
                raise Unsupported(str(spec))
            self.attrs.append(dict(normalize_token_attrs(vocab, dict(spec["attrs"]))))
            index = spec.get("index", 0)
            for alternative in spec["patterns"]:
                if not alternative or not isinstance(alternative, list):
                    raise Unsupported(str(alternative))
                seq = tuple(tuple((_READ.index(k), kind, operand)
                                  for k, kind, operand in (_test(k, v, strings) for k, v in tok.items()))
                            for tok in alternative)
                if not -len(seq) <= index < len(seq):
                    raise Unsupported(f"index {index} of {alternative}")
                if len(seq) == 1:
                    self.singles.append((number, seq[0]))
                else:
                    self.longer.append((number, seq, index % len(seq)))
        self.columns = sorted({a for d in self.attrs for a in d})  # attribute ids the ruler sets
        self._row_cache: dict[tuple, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._combos: dict[tuple[int, ...], int] = {}  # pattern numbers -> row of _table
        self._table = numpy.zeros((0, len(self.columns)), dtype="uint64")
        self._given = numpy.zeros((0, len(self.columns)), dtype=bool)

    def _row_matches(self, row: tuple) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """For a token's read columns: the numbers of the one-token patterns it matches, and
        the positions in ``longer`` of the longer alternatives whose first token it matches."""
        hit = self._row_cache.get(row)
        if hit is None:
            hit = (tuple(number for number, tests in self.singles if _passes(tests, row)),
                   tuple(k for k, (_, seq, _) in enumerate(self.longer) if _passes(seq[0], row)))
            self._row_cache[row] = hit
        return hit

    def _combo(self, numbers: tuple[int, ...]) -> int:
        """The row of ``_table`` with the values patterns ``numbers`` (ascending) give a token
        (later patterns win); ``_given`` marks the attributes they set."""
        row = self._combos.get(numbers)
        if row is None:
            merged: dict[int, int] = {}
            for number in numbers:
                merged.update(self.attrs[number])
            row = self._combos[numbers] = len(self._combos)
            values = numpy.array([[merged.get(a, 0) for a in self.columns]], dtype="uint64")
            self._table = numpy.vstack([self._table, values])
            self._given = numpy.vstack([self._given, [[a in merged for a in self.columns]]])
        return row

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or not self.columns:
            return doc
        if len(self._row_cache) > _CACHE_ROWS:  # a long stream: start afresh
            self._row_cache.clear()
        rows = [tuple(r) for r in doc.to_array(list(_READ)).tolist()]
        matched = [self._row_matches(r) for r in rows]
        hits: list[tuple[int, ...]] = [m[0] for m in matched]
        n = len(rows)
        for i, (_, firsts) in enumerate(matched):
            for k in firsts:
                number, seq, target = self.longer[k]
                if i + len(seq) <= n and all(_passes(tests, rows[i + j]) for j, tests in enumerate(seq[1:], 1)):
                    hits[i + target] = tuple(sorted({*hits[i + target], number}))
        combos = [self._combo(numbers) for numbers in hits]  # row of the patterns' values per token
        values = doc.to_array(self.columns)
        given = self._given[combos]
        values[given] = self._table[combos][given]
        doc.from_array(self.columns, values)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def compile_ruler(ruler) -> AttributeTable | None:
    """The ruler's patterns compiled, or None if one of them is :class:`Unsupported`."""
    try:
        return AttributeTable(list(ruler.patterns), ruler.vocab)
    except Unsupported:
        return None


@Language.factory(COMPONENT_NAME, default_config={"patterns": []},
                  assigns=["token.pos", "token.tag", "token.dep", "token.lemma", "token.morph"])
def make_attribute_table(nlp: Language, name: str, patterns: list) -> AttributeTable:
    return AttributeTable(patterns, nlp.vocab)


def use_attribute_table(nlp: Language, options: dict) -> None:
    """Swap the model's ``attribute_ruler`` for its compiled table (same name, same place)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if isinstance(ruler, AttributeTable) or compile_ruler(ruler) is None:
        return
    nlp.replace_pipe("attribute_ruler", COMPONENT_NAME, config={"patterns": list(ruler.patterns)})


if use_attribute_table not in COMPONENT_HOOKS:
    COMPONENT_HOOKS.append(use_attribute_table)
