import codecs

import pytest

from strife.sources.base import ReadError
from strife.sources.decode import decode

ARABIC = "قال مصدر عسكري إن اشتباكات عنيفة اندلعت صباح الثلاثاء بين القوات الحكومية ومسلحين في ريف حلب الشمالي."


def test_utf8_and_bom():
    assert decode("Deir ez-Zor – Syria".encode()) == ("Deir ez-Zor – Syria", "utf-8")
    assert decode(codecs.BOM_UTF8 + b"Raqqa")[0] == "Raqqa"
    assert decode("Raqqa".encode("utf-16"))[0] == "Raqqa"


def test_cp1256_is_decoded_not_lost():
    text, encoding = decode(ARABIC.encode("cp1256"))
    assert text == ARABIC
    assert encoding == "cp1256"


def test_latin1_is_decoded():
    french = "Les négociations à Genève reprendront la semaine prochaine, a déclaré l'envoyé spécial de l'ONU."
    text, _ = decode(french.encode("latin-1"))
    assert text == french


def test_short_western_text_prefers_windows_1252():
    text = "Talks in Genève resumed on Monday, the envoy said."
    assert decode(text.encode("latin-1")) == (text, "cp1252")
    quoted = "The army said \u201cwe will retake the city\u201d on Tuesday \u2013 officials."
    assert decode(quoted.encode("cp1252"))[0] == quoted


def test_cyrillic_and_short_arabic():
    russian = "Российские самолеты нанесли удары по позициям боевиков"
    assert decode(russian.encode("cp1251"))[0] == russian
    short = "قتل خمسة مدنيين في قصف على إدلب"
    assert decode(short.encode("cp1256"))[0] == short


def test_corrupt_utf8_is_refused_with_offset():
    data = "Mosul – the old city".encode() + b"\xff\xfe" + b" more text"
    with pytest.raises(ReadError, match=r"invalid UTF-8 at byte 22"):
        decode(data)


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"), (b" \n\t\n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(1, 32)) * 20, "binary"),
])
def test_refused(data, reason):
    with pytest.raises(ReadError, match=reason):
        decode(data)
