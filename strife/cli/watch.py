"""`strife watch` and `strife alert`: follow sources and keep the store current."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from strife.cli.context import safe, state

alert_app = typer.Typer(help="Saved filters that fire on new or changed events.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("watch")(watch_command)
    app.add_typer(alert_app, name="alert")


def _open(ctx: typer.Context):
    from strife.store import Store, StoreError

    st = state(ctx)
    try:
        return Store(st.db)
    except StoreError as exc:
        st.err.print(f"[red]error:[/red] {safe(str(exc))}")
        raise typer.Exit(2) from exc


def load_sources(ctx: typer.Context, sources: list[str], config: Path | None, interval: float | None):
    """The sources file plus command-line sources, or a readable error and exit 2."""
    from strife.watch.config import WatchConfig, WatchConfigError, load_watch_file, source_from_argument

    st = state(ctx)
    try:
        watch = load_watch_file(config) if config else WatchConfig()
    except WatchConfigError as exc:
        st.err.print(f"[red]error:[/red] {safe(str(exc))}")
        raise typer.Exit(2) from exc
    watch.sources += [source_from_argument(s, interval) for s in sources]
    if not watch.sources:
        st.err.print("[red]error:[/red] nothing to watch: give feed URLs or folders, or --config watch.yaml")
        raise typer.Exit(2)
    return watch


def watch_command(
    ctx: typer.Context,
    sources: list[str] = typer.Argument(None, help="feed URLs (http/https) and folders"),
    config: Path = typer.Option(None, "--config", "-c", help="sources file (watch.yaml)"),
    once: bool = typer.Option(False, "--once", help="poll every source once and exit (cron, tests)"),
    interval: float = typer.Option(None, help="seconds between polls of command-line sources "
                                              "[default: 600 for feeds, 30 for folders]"),
) -> None:
    """Follow feeds and folders: ingest new items, print one line per source and round, fire alerts.

    State (ETags, items taken, failures) lives in the store, so a restart resumes without
    fetching or storing anything twice.  This process is the store's writer while it runs;
    to serve the dashboard at the same time, run the watcher inside the server:
    `strife serve --watch watch.yaml`.
    """
    from strife.pipeline import Pipeline
    from strife.watch import Watcher
    from strife.watch.alerts import save_rules

    st = state(ctx)
    watch = load_sources(ctx, list(sources or []), config, interval)
    pipeline = Pipeline()  # load the model before taking the store
    with _open(ctx) as store:
        with store.transaction() as con:
            save_rules(con, watch.alerts)
        watcher = Watcher(store, pipeline, watch.sources)
        st.err.print(f"watching {len(watch.sources)} source(s) into {safe(st.db)}"
                     + ("" if once else " (Ctrl-C stops)"))
        try:
            watcher.follow(once=once, echo=lambda line: st.console.print(safe(line)))
        except KeyboardInterrupt:
            st.err.print("stopped")
        finally:
            watcher.fetcher.close()


@alert_app.command("add")
def alert_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="the rule's name (replaces a rule of that name)"),
    country: str = typer.Option(None),
    admin1: str = typer.Option(None),
    type: str = typer.Option(None, "--type", help="ACLED event type or sub-event type"),
    actor: str = typer.Option(None, help="substring of an actor name"),
    text: str = typer.Option(None, help="words of the notes or evidence"),
    min_fatalities: int = typer.Option(None, help="at least this many fatalities"),
    min_sources: int = typer.Option(None, help="at least this many independent sources"),
    jsonl: str = typer.Option(None, help="also append each alert to this JSON Lines file"),
    webhook: str = typer.Option(None, help="also POST each alert (JSON) to this http(s) URL"),
) -> None:
    """Save a rule: it fires once per new or changed event that matches, from the next round on."""
    from strife.watch.config import WatchConfigError, rule_from_mapping
    from strife.store import watch as stored

    st = state(ctx)
    values = {"name": name, "country": country, "admin1": admin1, "type": type, "actor": actor,
              "text": text, "min_fatalities": min_fatalities, "min_sources": min_sources,
              "jsonl": jsonl, "webhook": webhook}
    try:
        rule = rule_from_mapping({k: v for k, v in values.items() if v is not None}, "alert")
    except WatchConfigError as exc:
        st.err.print(f"[red]error:[/red] {safe(str(exc))}")
        raise typer.Exit(2) from exc
    with _open(ctx) as store, store.transaction() as con:
        stored.save_rule(con, rule.name, rule.filter, rule.jsonl, rule.webhook)
    st.console.print(f"saved alert {safe(rule.name)}: {safe(stored.dump_filter(rule.filter))}")


@alert_app.command("list")
def alert_list(ctx: typer.Context) -> None:
    """The saved rules."""
    from strife.store import watch as stored

    st = state(ctx)
    with _open(ctx) as store:
        rules = stored.rules(store.con)
    table = Table(title=f"{len(rules)} alert rules")
    for col in ("name", "filter", "jsonl", "webhook"):
        table.add_column(col)
    for r in rules:
        table.add_row(safe(r["name"]), safe(stored.dump_filter(r["filter"])), safe(r["jsonl"] or ""),
                      safe(r["webhook"] or ""))
    st.console.print(table)


@alert_app.command("remove")
def alert_remove(ctx: typer.Context, name: str = typer.Argument(...)) -> None:
    """Delete a rule (its past alerts stay in the log and the Atom feed)."""
    from strife.store import watch as stored

    st = state(ctx)
    with _open(ctx) as store, store.transaction() as con:
        found = stored.remove_rule(con, name)
    if not found:
        st.err.print(f"[red]error:[/red] no alert named {safe(name)}")
        raise typer.Exit(1)
    st.console.print(f"removed alert {safe(name)}")
