from datetime import date

from strife.model import Article, SourceError
from strife.sources import read_csv


def test_csv_rows_columns_and_line_numbers():
    data = ('id,date,outlet,title,body\n'
            '1,18/01/2017,Sahel Monitor,Gao,'
            '"GAO, Mali (Sahel Monitor) - A suicide car bomb hit a camp.\nSecond line."\n'
            '2,,,Empty,\n'
            '3,2017-10-19,Levant Wire,Budget,Parliament passed a budget.\n')
    items = list(read_csv(data, origin="b.csv"))
    gao, empty, budget = items
    assert isinstance(gao, Article) and gao.origin == "b.csv:2"
    assert (gao.published, gao.published_from, gao.source, gao.dateline) == (
        date(2017, 1, 18), "csv", "Sahel Monitor", "Gao, Mali")
    assert isinstance(empty, SourceError) and empty.origin == "b.csv:4"
    assert budget.origin == "b.csv:5" and budget.title == "Budget"


def test_acled_style_notes_column_and_semicolons():
    data = "event_date;notes;source\n2017-09-13;Clashes between SDF and IS near Deir ez-Zor.;SOHR\n"
    [article] = list(read_csv(data))
    assert article.text.startswith("Clashes") and article.source == "SOHR" and article.published is None


def test_tsv():
    [article] = list(read_csv("text\tpublished\nA report.\t2017-01-02\n", delimiter_hint=".tsv"))
    assert article.published == date(2017, 1, 2)


def test_no_text_column():
    [err] = list(read_csv("id,headline\n1,x\n", origin="h.csv"))
    assert isinstance(err, SourceError) and "no text column" in err.reason and "headline" in err.reason


def test_too_many_cells_and_cp1256():
    [err, ok] = list(read_csv("text,source\n\"a\",b,c\nfine,x\n"))
    assert isinstance(err, SourceError) and isinstance(ok, Article)
    arabic = "text\nاشتباكات عنيفة في ريف حلب الشمالي بين القوات الحكومية والمسلحين صباح الثلاثاء\n"
    [article] = list(read_csv(arabic.encode("cp1256")))
    assert article.text.startswith("اشتباكات") and article.lang == "ar"


def test_overlong_row_skipped_others_read():
    data = "text\nfirst\n" + "x" * 5000 + "\nlast\n"
    items = list(read_csv_limited(data, 1000))
    assert [type(i) for i in items] == [Article, SourceError, Article]
    assert "too large" in items[1].reason


def read_csv_limited(data, limit):
    from strife.sources.base import Input
    from strife.sources.table import read_table_input
    from strife.sources.walk import read_input

    return read_input(Input(origin="big.csv", data=data.encode(), max_bytes=limit, suffix=".csv"),
                      reader=read_table_input)
