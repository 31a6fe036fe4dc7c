"""`strife audit`: the data-quality report of a store (a table, or one JSON object)."""

from __future__ import annotations

import json

import typer
from rich.table import Table
from rich.text import Text

from strife.cli.context import safe, state
from strife.cli.events import open_store
from strife.store.audit import audit


def register(app: typer.Typer) -> None:
    app.command("audit")(audit_command)


def audit_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="print one JSON object"),
    examples: int = typer.Option(5, min=1, max=100, help="example ids per line"),
    ceiling: int = typer.Option(None, min=1, help="single-event toll ceiling [default: the coder's, 1,000]"),
) -> None:
    """How far to trust a store: one line per known failure, each with a count and example ids.

    Run it before trusting a store; `strife show ID` explains an example."""
    st = state(ctx)
    with open_store(ctx) as store, store.snapshot():
        report = audit(store.con, examples=examples, ceiling=ceiling)
    if as_json:
        print(json.dumps(report, default=str, ensure_ascii=False))
        return
    t = report["totals"]
    table = Table(title=f"audit of {safe(st.db)}: {t['articles']} articles, {t['reports']} reports, "
                        f"{t['events']} events ({t['shown_events']} shown, background hidden)")
    for col, justify in (("check", "left"), ("count", "right"), ("of", "right"), ("share", "right"),
                         ("detail", "left"), ("example ids", "left")):
        table.add_column(col, justify=justify, overflow="fold")
    for line in report["lines"]:
        share = f"{line['share']:.1%}" if line["share"] is not None else ""
        cells = (line["label"], str(line["count"]), str(line["of"] or ""), share, _detail(line),
                 "\n".join(line["ids"]))
        table.add_row(*(Text(safe(c, markup=False)) for c in cells))  # article text is never read as Rich markup
    st.console.print(table)


def _detail(line: dict) -> str:
    """The extra figures of a line, as short text."""
    key = line["key"]
    if key == "events_per_article":
        tops = "; ".join(f"{a['events']} {(a['title'] or a['article_id'])[:40]}" for a in line["top_articles"])
        return f"mean {line['mean']}, max {line['max']}" + (f" (top: {tops})" if tops else "")
    if key == "largest_tolls":
        return "\n".join(f"{x['fatalities']:,} {x['id']} [{x['evidence'] or '?'}]: {(x['sentence'] or '')[:100]!r}"
                         for x in line["largest"])
    if key == "disagreeing_clusters":
        return ", ".join(f"{k} {v}" for k, v in line["by_aspect"].items())
    if key == "background":
        return f"{line['reports']} reports"
    if key == "over_ceiling":
        return f"{line['flagged_for_review']} events flagged for review"
    return ""
