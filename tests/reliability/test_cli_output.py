"""Untrusted strings reach the terminal as text: Rich markup is shown literally and terminal
control characters never pass through."""

from __future__ import annotations

from typer.testing import CliRunner

from strife.cli.main import app
from strife.store import Store
from strife.store.synthetic import build_small

TITLE = "Clashes [/x] in [video] Raqqa \x1b]0;pwned\x07 [bold]not bold[/bold]"
EXTRA = " [red]evidence[/red] \x1b[2J"


def test_markup_and_control_characters_in_titles_are_shown_literally(tmp_path):
    db = tmp_path / "s.duckdb"
    with Store(db) as store, store.transaction() as con:
        [eid] = build_small(con, 1, titles={0: TITLE}, extras={0: EXTRA})
    result = CliRunner().invoke(app, ["--db", str(db), "show", eid])
    assert result.exit_code == 0, result.output
    assert "Clashes [/x] in [video] Raqqa" in result.output
    assert "[bold]not bold[/bold]" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_file_names_and_reasons_in_the_error_table_are_escaped(tmp_path, monkeypatch):
    import strife.pipeline
    from fakes import FakePipeline

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty [red]x[dim] \x1b[31m.txt").write_text("")
    (folder / "no-text.csv").write_text("[bold]title[/bold],\x1b[5mx\nsome,row\n")
    (folder / "good.txt").write_text("strike in Raqqa on 2017-06-01 killing 4 by Coalition.\n")
    monkeypatch.setattr(strife.pipeline, "Pipeline", lambda settings=None: FakePipeline())
    monkeypatch.chdir(tmp_path)  # short origins: a long one would be folded over lines
    result = CliRunner().invoke(app, ["--db", "s.duckdb", "ingest", "in"])
    assert result.exit_code == 0, result.output
    assert "in/empty [red]x[dim] \ufffd[31m.txt" in result.output
    assert "columns: [bold]title[/bold], \ufffd[5mx" in result.output
    assert "\x1b" not in result.output
