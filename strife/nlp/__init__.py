"""NLP stage: Article -> ParsedArticle (spaCy Doc, sentences, mentions)."""

from strife.nlp.pipeline import load_nlp, parse, parse_many
from strife.nlp import actor_ruler  # noqa: F401  registers the actor ruler hook
from strife.nlp import repair  # noqa: F401  registers the reduced-relative repair hook
from strife.nlp import paragraphs  # noqa: F401  registers the blank-line sentence-start hook
from strife.nlp import attributes  # noqa: F401  registers the compiled attribute ruler hook
from strife.nlp import matmul  # noqa: F401  registers the numpy-BLAS hook of the encoders

__all__ = ["load_nlp", "parse", "parse_many"]
