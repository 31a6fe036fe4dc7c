"""Background is not news: mark events that are history or war-wide summaries.

An article about today's fighting recalls what happened years ago ("rebels took the town
in 2013"), sums the war up ("the conflict has killed more than 350,000 people since
2011") and dates its own incident.  ACLED codes the incidents of the reporting window
only.  After the dates are resolved, an event is marked ``background`` when (the window
and the wording are data, ``background.yaml``):

* its stated date ended more than ``window_days`` before publication;
* its stated date is a span longer than the window that began before it ("since 2011",
  "over the past seven years"): a cumulative summary;
* its sentence sums up the war (a summary cue) and the event has no day- or week-precise
  date of its own.

Background events are kept (stored with ``background = true``, with the span that shows
it as ``background`` evidence) but not shown unless asked for, and linking never merges
them with news.  Without a publication date only the wording rule applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from strife.dictionaries.loader import DictionaryError, read_sections
from strife.model import CodedArticle, EventRecord

BACKGROUND_PATH = Path(__file__).with_name("background.yaml")
_KEYS = {"window_days", "summary_cues"}


@dataclass(frozen=True)
class BackgroundRules:
    window_days: int
    summary_cues: tuple[re.Pattern, ...]


@lru_cache(maxsize=4)
def load_background_rules(path: Path = BACKGROUND_PATH) -> BackgroundRules:
    """The window and summary cues of ``background.yaml``; errors name file:line."""
    data, line = read_sections(path, _KEYS)
    window = data["window_days"]
    if not isinstance(window, int) or isinstance(window, bool) or window < 1:
        raise DictionaryError(f"{path}:{line}: window_days must be a positive integer")
    cues = data["summary_cues"]
    if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
        raise DictionaryError(f"{path}:{line}: summary_cues must be a list of regular expressions")
    try:
        compiled = tuple(re.compile(c, re.IGNORECASE) for c in cues)
    except re.error as exc:
        raise DictionaryError(f"{path}:{line}: bad summary cue: {exc}") from None
    return BackgroundRules(window, compiled)


def date_stated(ev: EventRecord) -> bool:
    """The event's date comes from a temporal expression of the text, not from the
    publication date (whose evidence the resolver points at the trigger)."""
    e = ev.evidence_for("event_date")
    return (ev.event_date is not None and e is not None
            and (e.start, e.end) != (ev.trigger_start, ev.trigger_end))


class BackgroundMarker:
    """Sets ``EventRecord.background`` on the dated events of a coded article."""

    def __init__(self, rules: BackgroundRules | None = None):
        self.rules = rules or load_background_rules()

    def mark(self, coded: CodedArticle) -> CodedArticle:
        """Mark every background event of ``coded`` in place and return it."""
        article = coded.article
        sentences = [(s.start, s.end) for s in coded.parsed.sentences]
        for ev in coded.events:
            found = self.reason(ev, article.text, article.published, sentences)
            if found is not None:
                start, end, note = found
                ev.background = True
                ev.add_evidence("background", article, start, end, 1.0, note)
        return coded

    def reason(self, ev: EventRecord, text: str, published, sentences: list[tuple[int, int]]
               ) -> tuple[int, int, str] | None:
        """(start, end, why) of what makes ``ev`` background, or None for news."""
        window = timedelta(days=self.rules.window_days)
        stated = date_stated(ev)
        if stated and published is not None:
            e = ev.evidence_for("event_date")
            last = ev.date_end or ev.event_date
            if last < published - window:
                return e.start, e.end, (f"dated {ev.event_date.isoformat()}..{last.isoformat()}, more than "
                                        f"{self.rules.window_days} days before publication: history")
            if last - ev.event_date > window and ev.event_date < published - window:
                return e.start, e.end, (f"dated over a span from {ev.event_date.isoformat()}: "
                                        "a cumulative summary, not one incident")
        if stated and (ev.time_precision or 3) <= 2:
            return None  # a news peg of its own ("on Monday"): the summary is its context
        start, end = next(((s, t) for s, t in sentences if s <= ev.trigger_start < t),
                          (ev.trigger_start, ev.trigger_end))
        for cue in self.rules.summary_cues:
            m = cue.search(text, start, end)
            if m:
                return m.start(), m.end(), "the sentence sums up the war: background, not an incident"
        return None
