"""Time stage: resolve each event's date and ACLED time precision from the text."""

from strife.time.expressions import TimeExpr, find_expressions

__all__ = ["TimeExpr", "find_expressions"]
