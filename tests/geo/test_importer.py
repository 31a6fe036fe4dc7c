import sqlite3
import zipfile

import pytest

from strife.geo.importer import import_geonames, parse_row

GOOD = "\t".join(["2759794", "Amsterdam", "Amsterdam", "Amsterdam,Mokum", "52.37403", "4.88969", "P",
                  "PPLC", "NL", "", "07", "0363", "", "", "741636", "", "13", "Europe/Amsterdam",
                  "2023-01-01"])


def _places(index):
    con = sqlite3.connect(index)
    try:
        return {row[0]: row for row in con.execute("SELECT * FROM place")}
    finally:
        con.close()


def test_parse_row_accepts_the_19_column_format():
    row = parse_row(GOOD)
    assert row[0] == 2759794 and row[2] == pytest.approx(52.37403) and row[9] == 741636


@pytest.mark.parametrize("line, reason", [
    ("1\tX\tX", "columns"),
    (GOOD.replace("52.37403", "north"), "coordinates"),
    (GOOD.replace("52.37403", "123.0"), "range"),
    (GOOD.replace("2759794", "abc"), "geonameid"),
])
def test_parse_row_rejects_malformed_rows(line, reason):
    assert reason in parse_row(line)


def test_malformed_rows_are_reported_with_line_numbers_and_skipped(tmp_path):
    dump = tmp_path / "XX.txt"
    dump.write_text("\n".join([GOOD, "broken\tline", GOOD.replace("52.37403", "x").replace("2759794", "2")]) + "\n")
    report = import_geonames(dump, tmp_path / "user.sqlite")
    assert report.rows == 1
    assert [line for line, _ in report.errors] == [2, 3]
    assert set(_places(tmp_path / "user.sqlite")) == {2759794}


def test_empty_file_is_an_error_and_leaves_no_index(tmp_path):
    dump = tmp_path / "empty.txt"
    dump.write_text("")
    with pytest.raises(ValueError):
        import_geonames(dump, tmp_path / "user.sqlite")
    assert not (tmp_path / "user.sqlite").exists()


def test_zip_dump_is_read(tmp_path):
    archive = tmp_path / "XX.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "not data")
        zf.writestr("XX.txt", GOOD + "\n")
    assert import_geonames(archive, tmp_path / "user.sqlite").rows == 1


def test_interrupted_import_leaves_previous_index_intact(tmp_path):
    index = tmp_path / "user.sqlite"
    first = tmp_path / "first.txt"
    first.write_text(GOOD + "\n")
    import_geonames(first, index)
    before = index.read_bytes()

    big = tmp_path / "big.txt"
    big.write_text("".join(GOOD.replace("2759794", str(10_000_000 + i)) + "\n" for i in range(20_000)))

    def interrupt(done, total):
        if done > total // 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_geonames(big, index, progress=interrupt)
    assert index.read_bytes() == before
    assert list(tmp_path.glob("*.tmp")) == []


def test_real_netherlands_extract(shared_dir, tmp_path):
    report = import_geonames(shared_dir / "gazetteer" / "geonames" / "NL.txt", tmp_path / "user.sqlite")
    assert report.rows > 20_000 and report.skipped == 0
    places = _places(tmp_path / "user.sqlite")
    lat, lon = places[2759794][2:4]
    assert abs(lat - 52.37) < 0.05 and abs(lon - 4.89) < 0.05


def test_imported_places_are_found_by_the_gazetteer(gazetteer, tmp_path):
    from strife.geo.gazetteer import Gazetteer

    dump = tmp_path / "XX.txt"
    dump.write_text(GOOD.replace("Amsterdam,Mokum", "Mokum").replace("2759794", "99999991") + "\n")
    import_geonames(dump, tmp_path / "user.sqlite")
    gaz = Gazetteer(gazetteer.path, user_path=tmp_path / "user.sqlite")
    assert 99999991 in {c.place.geonameid for c in gaz.candidates("Mokum")}
