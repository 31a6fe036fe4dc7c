"""Time stage: resolve each event's date and ACLED time precision from the text.

``DateResolver().resolve(coded)`` dates the events of a coded article;
``resolve_text(text, published)`` dates the single event of a short report (what
``strife eval time`` measures); ``BackgroundMarker().mark(coded)`` marks history and
war-wide summaries as background.  Conventions are in ``README.md`` beside this file.
"""

from strife.time.background import BackgroundMarker, date_stated
from strife.time.expressions import TimeExpr, find_expressions
from strife.time.resolver import DateResolver
from strife.time.text import resolve_text

__all__ = ["BackgroundMarker", "DateResolver", "TimeExpr", "date_stated", "find_expressions", "resolve_text"]
