"""A blank line ends a sentence: paragraph breaks become sentence starts before the parse.

The parser finds sentence boundaries from punctuation and syntax, so a paragraph whose last
line has no final stop (a headline, a caption, a cut quotation, a list item) runs on into
the next paragraph as one "sentence", and the coder then reads two stories' words as one
clause.  A blank line is layout, not syntax: nothing written continues a sentence across
one.  The component runs before the parser, which keeps boundaries set in advance.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from strife.nlp.pipeline import COMPONENT_HOOKS

COMPONENT_NAME = "strife_paragraphs"
#: A blank line (two line breaks with nothing but spaces between): always a sentence end.
BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


@Language.component(COMPONENT_NAME)
def paragraph_starts(doc: Doc) -> Doc:
    """Mark the first word after a blank line as a sentence start."""
    after_break = False
    for tok in doc:
        if tok.is_space:  # spaCy keeps line breaks as whitespace tokens of their own
            after_break = after_break or bool(BLANK_LINE.search(tok.text))
        else:
            if after_break:
                tok.is_sent_start = True
            after_break = False
    return doc


def add_paragraph_starts(nlp: Language, options: dict) -> None:
    """Component hook: add the paragraph rule first (before the parser)."""
    if COMPONENT_NAME not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT_NAME, first=True)


if add_paragraph_starts not in COMPONENT_HOOKS:
    COMPONENT_HOOKS.append(add_paragraph_starts)
