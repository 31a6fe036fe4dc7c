"""NLP stage: Article -> ParsedArticle (spaCy Doc, sentences, mentions)."""

from strife.nlp.pipeline import load_nlp, parse, parse_many

__all__ = ["load_nlp", "parse", "parse_many"]
