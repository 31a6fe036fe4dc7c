"""Choose a canonical event's fields from its reports.

The rule (documented in the README, tested in tests/linking/test_merge.py):

* id: the id of the cluster (its first report's id, so it stays stable);
* date: the most precise report (lowest time_precision), then the earliest date;
* place: the most precise report (lowest geo_precision), then the most confident;
* fatalities: the lowest non-zero figure among independent stories -- ACLED's
  conservative choice when sources disagree; 0 only when no report gives one;
  fatalities_reported if any report states a toll; background only if every report is;
* type, actors, PLOVER fields, attribution: the most confident report (ties: the
  earliest report id);
* source: the outlets, "; "-joined; source_scale: their ACLED scales (strife.linking.scale);
  source_count: independent stories, where
  syndicated copies of one wire story (same story id) count once and so do several
  articles of one outlet.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from strife.linking.scale import event_scale
from strife.model import EventRecord

_CODING_FIELDS = (
    "disorder_type", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2",
    "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "plover_type", "plover_mode",
    "plover_context", "reported_by", "notes", "tags", "source_scale",
)
DATE_FIELDS = ("event_date", "date_end", "year", "time_precision")
PLACE_FIELDS = ("iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
                 "longitude", "geo_precision", "geonameid", "geo_fallback", "admin1_pcode", "admin2_pcode")


def independent_sources(reports: list[EventRecord], story_of: dict[str, str],
                        outlet_of: dict[str, str | None]) -> int:
    """Count groups of articles that are not copies of each other nor from one outlet."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in reports:
        aid = r.article_id
        for key in (f"story:{story_of.get(aid, aid)}", f"outlet:{outlet_of.get(aid) or aid}"):
            parent[find(key)] = find(f"article:{aid}")
    return len({find(f"article:{r.article_id}") for r in reports})


def merge_cluster(event_id: str, reports: list[EventRecord], story_of: dict[str, str] | None = None,
                  outlet_of: dict[str, str | None] | None = None) -> EventRecord:
    """One canonical EventRecord from a cluster's reports (see the module docstring)."""
    story_of, outlet_of = story_of or {}, outlet_of or {}
    reports = sorted(reports, key=lambda r: r.event_id_cnty)
    coding = max(reports, key=lambda r: (r.confidence or 0.0, -reports.index(r)))
    dated = min(reports, key=lambda r: (r.event_date is None, r.time_precision or 3,
                                         r.event_date or date.max, reports.index(r)))
    placed = min(reports, key=lambda r: (r.latitude is None, r.geo_precision or 9,
                                          -(r.confidence or 0.0), reports.index(r)))
    figures = [r.fatalities for r in reports if r.fatalities]
    merged = dataclasses.replace(coding, event_id_cnty=event_id, canonical_id=event_id, evidence=[])
    for f in DATE_FIELDS:
        setattr(merged, f, getattr(dated, f))
    for f in PLACE_FIELDS:
        setattr(merged, f, getattr(placed, f))
    merged.fatalities = min(figures) if figures else 0
    merged.fatalities_reported = any(r.fatalities_reported for r in reports)
    merged.background = all(r.background for r in reports)
    merged.review = "; ".join(sorted({r.review for r in reports if r.review})) or None
    outlets = sorted({outlet_of.get(r.article_id) or "" for r in reports} - {""})
    merged.source = "; ".join(outlets) or coding.source
    merged.source_scale = event_scale(merged.iso, merged.region, outlets or [coding.source]) or coding.source_scale
    merged.source_count = independent_sources(reports, story_of, outlet_of)
    merged.report_count = len(reports)
    merged.confidence = max(r.confidence or 0.0 for r in reports)
    return merged

