"""`strife serve`: the REST API and the dashboard on 127.0.0.1."""

from __future__ import annotations

import ipaddress
import os
import stat
from pathlib import Path

import typer

from strife.cli.context import safe, state


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


def read_token(path: Path) -> str:
    """The write token: first line of the file, at least 16 characters.

    On POSIX the file must be private to its owner (no group/other permission bits): a
    token others can read is no secret, one others can write lets them choose it."""
    if os.name == "posix" and path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise ValueError(f"{path}: the token file is open to group or others (mode {mode:04o}); "
                             f"make it private with `chmod 600 {path}`")
    lines = path.read_text(encoding="utf-8").strip().splitlines() if path.exists() else []
    token = lines[0].strip() if lines else ""
    if len(token) < 16 or any(c.isspace() for c in token):
        raise ValueError(f"{path}: the token must be one line of at least 16 non-space characters "
                         f"(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))' > {path}`)")
    return token


def allowed_hosts(host: str, port: int) -> list[str] | None:
    """Host headers to accept on a loopback bind (guards against DNS rebinding); None = any."""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    return ["127.0.0.1", "localhost", "[::1]", host] if loopback else None


def serve_command(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", help="address to listen on (loopback by default)"),
    port: int = typer.Option(8000, min=1, max=65535),
    write_token_file: Path = typer.Option(
        None, "--write-token-file", help="enable POST endpoints, guarded by the bearer token in this file"),
    tile_url: str = typer.Option(
        None, "--tile-url", envvar="STRIFE_TILE_URL",
        help="XYZ tile URL template (http/https) shown under the offline outlines; off by default"),
    watch: Path = typer.Option(
        None, "--watch", help="also follow the sources of this watch.yaml in the server "
                              "(the server is then the store's one writer)"),
) -> None:
    """Serve the REST API (schema at /openapi.json) and the map dashboard.

    Read-only unless --write-token-file is given.  While a server holds the store,
    `strife ingest` cannot write to it (DuckDB allows one writing process).
    """
    import uvicorn

    from strife.api import ApiConfig, create_app
    from strife.store import Store, StoreError

    st = state(ctx)
    token = None
    if write_token_file is not None:
        try:
            token = read_token(write_token_file)
        except (OSError, ValueError) as exc:
            st.err.print(f"[red]error:[/red] {safe(exc)}")
            raise typer.Exit(2) from exc
    if not Path(st.db).exists():
        st.err.print(f"[red]error:[/red] no Strife store at {safe(st.db)}: run `strife ingest` first")
        raise typer.Exit(2)
    watch_config = None
    if watch is not None:
        from strife.cli.watch import load_sources

        watch_config = load_sources(ctx, [], watch, None)
    config = ApiConfig(db=st.db, write_token=token, tile_url=tile_url,
                       allowed_hosts=allowed_hosts(host, port), watch=watch_config)
    try:
        app = create_app(config)
    except StoreError as exc:
        if "migrat" not in str(exc) and "schema" not in str(exc):
            st.err.print(f"[red]error:[/red] {safe(exc)}")
            raise typer.Exit(2) from exc
        st.err.print(f"migrating {safe(st.db)} to this Strife's schema")
        try:
            Store(st.db).close()
            app = create_app(config)
        except StoreError as exc2:
            st.err.print(f"[red]error:[/red] {safe(exc2)}")
            raise typer.Exit(2) from exc2
    except ValueError as exc:
        st.err.print(f"[red]error:[/red] {safe(exc)}")
        raise typer.Exit(2) from exc
    if config.allowed_hosts is None:
        st.err.print(f"[yellow]warning:[/yellow] listening on {safe(host)}, not a loopback address: "
                     "anyone who can reach it can read the store, and HTTP is not encrypted")
    mode = "read-write (bearer token required for POST)" if token else "read-only"
    if watch_config is not None:
        mode += f", following {len(watch_config.sources)} source(s) from {safe(watch)}"
    st.err.print(f"Strife dashboard on http://{safe(host)}:{port}/  API schema /openapi.json  "
                 f"store {safe(st.db)} ({mode})")
    uvicorn.run(app, host=host, port=port, log_level="warning")
