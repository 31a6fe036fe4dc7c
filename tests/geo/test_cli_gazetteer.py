from typer.testing import CliRunner

from strife.cli.gazetteer import app

ROW = "\t".join(["2759794", "Amsterdam", "Amsterdam", "Mokum", "52.37403", "4.88969", "P", "PPLC", "NL", "",
                 "07", "0363", "", "", "741636", "", "13", "Europe/Amsterdam", "2023-01-01"])


def test_import_reports_malformed_lines_and_counts(tmp_path, monkeypatch):
    monkeypatch.setenv("STRIFE_CACHE", str(tmp_path / "cache"))
    dump = tmp_path / "XX.txt"
    dump.write_text(ROW + "\nshort\trow\n" + ROW.replace("52.37403", "nan-ish") + "\n")
    result = CliRunner().invoke(app, ["import", str(dump)])
    assert result.exit_code == 0, result.output
    assert "line 2" in result.output and "line 3" in result.output
    assert "imported 1 places" in result.output
    assert (tmp_path / "cache" / "gazetteer-user.sqlite").exists()


def test_import_of_missing_or_empty_file_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("STRIFE_CACHE", str(tmp_path / "cache"))
    assert CliRunner().invoke(app, ["import", str(tmp_path / "nope.txt")]).exit_code == 2
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert CliRunner().invoke(app, ["import", str(empty)]).exit_code == 1
