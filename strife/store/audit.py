"""`strife audit`: how far to trust a store, line by line, each line with example event ids.

Every line is a count over the store (with its denominator and share) and up to
``examples`` ids to look at.  The lines are the failure modes seen on real news:
too many events per article, no perpetrator, points that are only a province or
country centroid, events outside the country the article is about, implausible
tolls, canonical events whose reports disagree, old events coded as news,
background set aside, articles skipped for their language, tolls over the
single-event ceiling and one incident coded twice from one article.  Background events
(hidden by default) are counted on their own line and left out of every other.
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING, Any

from strife.store.db import Connection, one_row
from strife.store.queries import EventFilter

if TYPE_CHECKING:
    from strife.model import EventRecord

#: The warning the pipeline stores for an article it did not code because of its language.
LANGUAGE_WARNING = "not coded: article language"


def _shown() -> str:
    """SQL (alias ``e``) for the events a user sees by default: the default filter's, so
    background is left out of every line but its own."""
    where, params = EventFilter().where()
    assert not params
    return where


def _shown_ids() -> str:
    """A subquery of the ids of the events shown by default."""
    return f"(SELECT e.event_id_cnty FROM events e WHERE {_shown()})"


def _line(key: str, label: str, count: int, of: int | None, ids: list[Any], **extra: Any) -> dict[str, Any]:
    share = round(count / of, 4) if of and count <= of else None  # a share only of a whole
    return {"key": key, "label": label, "count": count, "of": of, "share": share, "ids": ids, **extra}


def _ids(con: Connection, sql: str, params: list[Any], examples: int) -> tuple[int, list[str]]:
    """Count the distinct ids a query returns (first column) and keep the first few."""
    rows = con.execute(f"SELECT DISTINCT * FROM ({sql}) ORDER BY 1", params).fetchall()
    return len(rows), [r[0] for r in rows[:examples]]


def _events_per_article(con: Connection, examples: int) -> dict[str, Any]:
    rows = con.execute(
        "SELECT a.id, a.title, count(DISTINCT r.event_id) AS n, list(DISTINCT r.event_id ORDER BY r.event_id) "
        f"FROM articles a LEFT JOIN reports r ON r.article_id = a.id AND r.event_id IN {_shown_ids()} "
        f"WHERE NOT {_skipped('a')} GROUP BY a.id, a.title ORDER BY n DESC, a.id").fetchall()
    counts = [n for _, _, n, _ in rows]
    mean = round(sum(counts) / len(counts), 2) if counts else 0.0
    top = [{"article_id": aid, "title": title, "events": n} for aid, title, n, _ in rows[:examples] if n]
    ids = [e for e in (rows[0][3] if rows and rows[0][2] else []) if e][:examples]
    return _line("events_per_article", "events per coded article (mean; ids: the top article's)",
                 sum(counts), len(counts), ids, mean=mean, max=max(counts, default=0), top_articles=top)


def _skipped(alias: str) -> str:
    return f"strpos(coalesce(array_to_string({alias}.warnings, chr(10)), ''), '{LANGUAGE_WARNING}') > 0"


def _outside_main_country(con: Connection, examples: int, n_events: int) -> dict[str, Any]:
    """An article's main country is the most frequent country of its reports (ties: by name)."""
    sql = (
        "WITH counted AS (SELECT article_id, country, count(*) AS n FROM reports "
        "  WHERE country IS NOT NULL GROUP BY article_id, country), "
        "main AS (SELECT article_id, country FROM counted "
        "  QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY n DESC, country) = 1) "
        "SELECT r.event_id FROM reports r JOIN main m USING (article_id) "
        f"WHERE r.country IS NOT NULL AND r.country <> m.country AND r.event_id IN {_shown_ids()}")
    count, ids = _ids(con, sql, [], examples)
    return _line("outside_main_country", "events outside their article's main country", count, n_events, ids)


def _largest_tolls(con: Connection, examples: int, n_events: int) -> dict[str, Any]:
    rows = con.execute(
        "SELECT e.event_id_cnty, e.fatalities, "
        "  (SELECT ev.text FROM reports r JOIN evidence ev ON ev.report_id = r.report_id "
        "   WHERE r.event_id = e.event_id_cnty AND ev.field = 'fatalities' "
        "   ORDER BY (r.fatalities = e.fatalities) DESC, r.report_id LIMIT 1), "
        "  (SELECT s.text FROM reports r JOIN evidence ev ON ev.report_id = r.report_id "
        "   JOIN sentences s ON s.article_id = ev.article_id AND ev.start >= s.start AND ev.start < s.\"end\" "
        "   WHERE r.event_id = e.event_id_cnty AND ev.field = 'fatalities' "
        "   ORDER BY (r.fatalities = e.fatalities) DESC, r.report_id LIMIT 1) "
        f"FROM events e WHERE {_shown()} AND e.fatalities > 0 ORDER BY e.fatalities DESC, e.event_id_cnty").fetchall()
    top = [{"id": i, "fatalities": f, "evidence": ev, "sentence": s} for i, f, ev, s in rows[:examples]]
    return _line("largest_tolls", "events with a toll (the largest listed with their evidence)",
                 len(rows), n_events, [t["id"] for t in top], largest=top)


def _disagreeing_clusters(con: Connection, examples: int) -> dict[str, Any]:
    """Canonical events whose reports disagree, by the linking rule's own measures."""
    from strife.linking.events import disagreements
    from strife.store.records import report_records

    reports = report_records(
        con, f"r.event_id IN (SELECT event_id FROM reports GROUP BY event_id HAVING count(*) > 1) "
             f"AND r.event_id IN {_shown_ids()}", [])
    by_event: dict[str, list[EventRecord]] = {}
    for r in reports:
        if r.canonical_id is not None:  # reports_records of stored reports: each has its event
            by_event.setdefault(r.canonical_id, []).append(r)
    found: dict[str, set[str]] = {}
    for eid, members in sorted(by_event.items()):
        what = set().union(*(disagreements(a, b) for a, b in combinations(members, 2)))
        if what:
            found[eid] = what
    by_aspect = {k: sum(k in v for v in found.values()) for k in ("perpetrator", "date", "place")}
    return _line("disagreeing_clusters", "multi-report events whose reports disagree (perpetrator, date, place)",
                 len(found), len(by_event), sorted(found)[:examples], by_aspect=by_aspect)


def _same_article_duplicates(con: Connection, examples: int, n_events: int) -> dict[str, Any]:
    """Events with a twin from their own article: same type, place and date, and
    perpetrators that do not conflict (by the linking rule's measure) -- one incident
    coded twice.  Counted: each event beyond the first of such a group."""
    from strife.linking.events import perpetrators_conflict
    from strife.store.records import report_records

    reports = report_records(
        con, "(r.article_id, r.event_type, r.location, r.event_date) IN (SELECT (article_id, event_type, "
             "location, event_date) FROM reports GROUP BY ALL HAVING count(DISTINCT event_id) > 1) "
             f"AND r.event_id IN {_shown_ids()}", [])
    groups: dict[tuple[Any, ...], list[EventRecord]] = {}
    for r in reports:
        groups.setdefault((r.article_id, r.event_type, r.location, r.event_date), []).append(r)
    dupes: set[str] = set()
    for members in groups.values():
        kept: list[Any] = []  # attributed reports first: an unattributed one restates them
        for r in sorted(members, key=lambda r: (r.actor1 is None, r.canonical_id)):
            if r.canonical_id is not None and any(
                    k.canonical_id != r.canonical_id and not perpetrators_conflict(k, r) for k in kept):
                dupes.add(r.canonical_id)
            else:
                kept.append(r)
    return _line("same_article_duplicates",
                 "same-article duplicates (a twin in its article: type, place, date, no conflicting perpetrator)",
                 len(dupes), n_events, sorted(dupes)[:examples])


def audit(con: Connection, examples: int = 5, ceiling: int | None = None) -> dict[str, Any]:
    """The data-quality report of a store: totals and one line per check (see the module).
    ``ceiling``: the single-event toll ceiling, by default the coder's (Settings.fatality_ceiling)."""
    if ceiling is None:
        from strife.config import Settings

        ceiling = Settings().fatality_ceiling

    def one(sql: str) -> int:
        return int(one_row(con, sql)[0])

    n_all = one("SELECT count(*) FROM events")
    n_events = one(f"SELECT count(*) FROM events e WHERE {_shown()}")
    n_articles = one("SELECT count(*) FROM articles")
    totals = {"articles": n_articles, "reports": one("SELECT count(*) FROM reports"), "events": n_all,
              "shown_events": n_events}
    lines = [_events_per_article(con, examples)]

    count, ids = _ids(con, f"SELECT event_id_cnty FROM events e WHERE {_shown()} AND actor1 IS NULL", [], examples)
    lines.append(_line("no_actor1", "events with no actor1", count, n_events, ids))
    count, ids = _ids(con, f"SELECT event_id_cnty FROM events e WHERE {_shown()} AND geo_fallback", [], examples)
    lines.append(_line("geo_fallback", "events placed on a fallback centroid", count, n_events, ids))
    lines.append(_outside_main_country(con, examples, n_events))
    lines.append(_largest_tolls(con, examples, n_events))
    lines.append(_disagreeing_clusters(con, examples))
    count, ids = _ids(
        con, "SELECT r.event_id FROM reports r JOIN articles a ON a.id = r.article_id "
             f"JOIN events e ON e.event_id_cnty = r.event_id WHERE {_shown()} "
             "AND coalesce(r.date_end, r.event_date) < a.published - INTERVAL 1 YEAR", [], examples)
    lines.append(_line("dated_before_article", "news events dated over a year before their article",
                       count, n_events, ids))
    count, ids = _ids(con, "SELECT event_id_cnty FROM events WHERE background", [], examples)
    lines.append(_line("background", "background events set aside (hidden; not in the other lines)", count,
                       n_all, ids,
                       reports=one("SELECT count(*) FROM reports WHERE background")))
    count, ids = _ids(con, f"SELECT a.id FROM articles a WHERE {_skipped('a')}", [], examples)
    lines.append(_line("skipped_language", "articles not coded for their language (ids: articles)",
                       count, n_articles, ids))
    count, ids = _ids(con, f"SELECT event_id_cnty FROM events e WHERE {_shown()} AND fatalities > ?", [ceiling],
                      examples)
    lines.append(_line("over_ceiling", f"events with a toll over {ceiling:,}", count, n_events, ids,
                       ceiling=ceiling,
                       flagged_for_review=one(
                           f"SELECT count(*) FROM events e WHERE {_shown()} AND review IS NOT NULL")))
    lines.append(_same_article_duplicates(con, examples, n_events))
    return {"totals": totals, "lines": lines}
