"""`strife events`, `strife show`, `strife stats`: read the store."""

from __future__ import annotations

import json
import sys
from enum import StrEnum

import typer
from rich.table import Table
from rich.text import Text

from strife.cli.context import safe, state
from strife.store import EventFilter, Store, StoreError
from strife.store.queries import (
    UnknownValue, article_text, count_events, filter_help, get_event, iter_events, stats,
)
from strife.store.watch import freshness


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    geojson = "geojson"
    parquet = "parquet"


#: Rows the table view shows when no --limit is given (exports have no default cap).
TABLE_ROWS = 100


def open_store(ctx: typer.Context, read_only: bool = True) -> Store:
    st = state(ctx)
    try:
        return Store(st.db, read_only=read_only)
    except StoreError as exc:
        st.err.print(f"[red]error:[/red] {safe(exc)}")
        raise typer.Exit(2) from exc


def events_table(events: list[dict], title: str = "Events") -> Table:
    """A Rich table of canonical events (the columns an analyst scans first)."""
    table = Table(title=title, show_lines=False)
    for col in ("id", "date", "p", "type / sub-event", "actor 1", "actor 2", "location", "killed", "src"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(*map(safe, (
            e["event_id_cnty"], e["event_date"] or "?", str(e["time_precision"] or ""),
            f"{e['event_type'] or ''} / {e['sub_event_type'] or ''}",
            e["actor1"] or "", e["actor2"] or "",
            ", ".join(x for x in (e["location"], e["admin1"], e["country"]) if x),
            str(e["fatalities"] or 0), str(e["source_count"] or 1))))
    return table


def register(app: typer.Typer) -> None:
    app.command("events")(events_command)
    app.command("show")(show_command)
    app.command("stats")(stats_command)


def events_command(
    ctx: typer.Context,
    country: str = typer.Option(None, help=filter_help("country")),
    admin1: str = typer.Option(None, help=filter_help("admin1")),
    type: str = typer.Option(None, "--type", help=filter_help("type")),
    plover: str = typer.Option(None, help=filter_help("plover")),
    actor: str = typer.Option(None, help=filter_help("actor")),
    actor1: str = typer.Option(None, help=filter_help("actor1")),
    actor2: str = typer.Option(None, help=filter_help("actor2")),
    since: str = typer.Option(None, help=filter_help("since")),
    until: str = typer.Option(None, help=filter_help("until")),
    text: str = typer.Option(None, help=filter_help("text")),
    min_sources: int = typer.Option(None, help=filter_help("min_sources")),
    min_fatalities: int = typer.Option(None, help=filter_help("min_fatalities")),
    background: bool = typer.Option(False, "--background", help=filter_help("background")),
    limit: int = typer.Option(None, min=1, help=f"at most this many events [default: every match; "
                                                  f"the table shows {TABLE_ROWS}]"),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
    output: str = typer.Option(None, "--output", "-o", help="file to write (parquet needs one)"),
) -> None:
    """List canonical events (corrections applied), filtered.  Exports (-f csv|json|geojson|
    parquet) carry every matching event unless --limit says otherwise; CSV follows ACLED's
    column order."""
    from strife.store.export import write_events

    st = state(ctx)
    values = dict(country=country, admin1=admin1, type=type, plover=plover, actor=actor, actor1=actor1,
                  actor2=actor2, since=since,
                  until=until, text=text, min_sources=min_sources, min_fatalities=min_fatalities,
                  background=background)
    flt = filter_or_exit(st, values)
    if format is OutputFormat.parquet and not output:
        st.err.print("[red]error:[/red] --format parquet needs --output FILE")
        raise typer.Exit(2)
    with open_store(ctx) as store, store.snapshot():
        try:
            flt.check(store.con)
        except UnknownValue as exc:
            st.err.print(f"[red]error:[/red] {safe(exc)}")
            raise typer.Exit(2) from exc
        if format is OutputFormat.table:
            shown = limit or TABLE_ROWS
            events = list(iter_events(store.con, flt, limit=shown))
            total = len(events) if len(events) < shown else count_events(store.con, flt)
            title = f"{len(events)} events in {st.db}" if total == len(events) else \
                f"showing {len(events)} of {total} events in {st.db} (--limit N or an export for more)"
            if events:
                st.console.print(events_table(events, safe(title)))
            written = len(events)
        else:
            evidence = format in (OutputFormat.json, OutputFormat.geojson)  # CSV/Parquet have no column for it
            written = write_events(iter_events(store.con, flt, limit=limit, with_evidence=evidence),
                                   format.value, output or sys.stdout)
    if not written:
        st.err.print("no events match these filters")
    elif output:
        st.err.print(f"{written} events written to {safe(output)}")


def filter_or_exit(st, values: dict) -> EventFilter:
    """The EventFilter of CLI options; an invalid value is one readable line and exit 2."""
    from pydantic import ValidationError

    try:
        return EventFilter(**values)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'filter'}: {e['msg']}"
                             for e in exc.errors(include_url=False))
        st.err.print(f"[red]error:[/red] invalid filter: {safe(problems)}")
        raise typer.Exit(2) from exc


def show_command(ctx: typer.Context, event_id: str) -> None:
    """One event with its coded fields and the source sentences, evidence highlighted."""
    st = state(ctx)
    with open_store(ctx) as store, store.snapshot():
        event = get_event(store.con, event_id)
        if event is None:
            st.err.print(f"[red]error:[/red] no event {safe(repr(event_id))} in {safe(st.db)}")
            raise typer.Exit(1)
        texts = {r["article_id"]: article_text(store.con, r["article_id"]) for r in event["reports"]}
    fields = Table.grid(padding=(0, 2))
    for key in ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
                "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "interaction", "location",
                "admin2", "admin1", "country", "latitude", "longitude", "geo_precision", "fatalities",
                "plover_type", "plover_mode", "reported_by", "confidence", "source_count"):
        fields.add_row(Text(key, style="bold"), Text(safe(event.get(key), markup=False)))
    st.console.print(fields)
    for rep in event["reports"]:
        st.console.print(f"\n[bold]{safe(rep['outlet'] or '?')}[/bold] {safe(rep['published'] or '')} "
                         f"{safe(rep['title'] or '')} [dim]{safe(rep['url'] or rep['article_id'])}[/dim]")
        st.console.print(highlighted_sentence(rep, event["evidence"], texts[rep["article_id"]]))
        for ev in event["evidence"]:
            if ev["article_id"] == rep["article_id"]:
                note = f" [dim]({safe(ev['note'])})[/dim]" if ev["note"] else ""
                st.console.print(f"  [cyan]{safe(ev['field'])}[/cyan] [{ev['start']}:{ev['end']}] "
                                 f"{safe(repr(ev['text']))}{note}")


def highlighted_sentence(report: dict, evidence: list[dict], article_text: str) -> Text:
    """The report's sentence with every evidence span inside it highlighted."""
    start = report["sentence_start"] or 0
    sentence = report["sentence"] or ""
    text = Text(safe(sentence, markup=False))
    for ev in evidence:
        if ev["article_id"] != report["article_id"]:
            continue
        a, b = ev["start"] - start, ev["end"] - start
        if 0 <= a < b <= len(sentence) and article_text[ev["start"]:ev["end"]] == ev["text"]:
            text.stylize("bold black on yellow", a, b)
    return text


def stats_command(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """Counts of what the store holds, and events by type and admin1."""
    st = state(ctx)
    with open_store(ctx) as store, store.snapshot():
        summary = {"db": st.db, "schema_version": store.version(), "tables": store.counts(),
                   **stats(store.con), "sources": freshness(store.con)}
    if as_json:
        print(json.dumps(summary, default=str, indent=2))
        return
    st.console.print(f"[bold]{safe(st.db)}[/bold] schema v{summary['schema_version']}: " +
                     ", ".join(f"{v} {k}" for k, v in summary["tables"].items()))
    st.console.print(f"{summary['events']} events, {summary['fatalities']} fatalities")
    if summary["sources"]:
        table = Table(title="followed sources (strife watch)")
        for col in ("source", "last success", "last error", "items 24 h", "events 24 h"):
            table.add_column(col, justify="right" if "24" in col else "left")
        for src in summary["sources"]:
            error = f"{src['last_error_at']}: {src['last_error']}" if src["last_error"] else ""
            table.add_row(safe(src["source"]), str(src["last_success"] or "never"), safe(error),
                          str(src["items_24h"]), str(src["events_24h"]))
        st.console.print(table)
    for title, key in (("by event type", "by_type"), ("by admin1", "by_admin1")):
        table = Table(title=title)
        table.add_column("key")
        table.add_column("events", justify="right")
        table.add_column("fatalities", justify="right")
        for row in summary[key]:
            table.add_row(safe(row["key"]), str(row["events"]), str(row["fatalities"]))
        st.console.print(table)
