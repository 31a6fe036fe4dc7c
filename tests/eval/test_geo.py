"""`strife eval geo` on small gold files in both layouts (made here, not copied from gold)."""

import pytest

from strife.eval.geo import MAX_KM, _align, _match, auc_of_errors, read_gold, run_eval_geo

LGL_LAYOUT = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="1"><text><![CDATA[{text}]]></text><toponyms>
<toponym><start>{s1}</start><end>{e1}</end><phrase>Damascus</phrase>
<gaztag geonameid="170654"><lat>33.51</lat><lon>36.29</lon></gaztag></toponym>
<toponym><start>{s2}</start><end>{e2}</end><phrase>Qwzxplotnik</phrase>
<gaztag geonameid="1"><lat>10.0</lat><lon>10.0</lon></gaztag></toponym>
</toponyms></article></articles>"""

GEOVIRUS_LAYOUT = """<articles><article><source>x</source><text>{text}</text><locations>
<location><name>Nairobi</name><start>{s}</start><end>{e}</end><lat>-1.29</lat><lon>36.82</lon></location>
</locations></article></articles>"""


@pytest.fixture()
def gold_files(tmp_path):
    text = "Shelling hit Damascus on Monday, and later the village of Qwzxplotnik."
    s1, s2 = text.index("Damascus"), text.index("Qwzxplotnik")
    lgl = tmp_path / "tiny-lgl.xml"
    lgl.write_text(LGL_LAYOUT.format(text=text, s1=s1, e1=s1 + 8, s2=s2, e2=s2 + 11))
    vtext = "A new outbreak was reported in Nairobi this week."
    s = vtext.index("Nairobi")
    gv = tmp_path / "tiny-geovirus.xml"
    gv.write_text(GEOVIRUS_LAYOUT.format(text=vtext, s=s + 1, e=s + 8))  # off by one, as GeoVirus
    return lgl, gv


def test_reads_both_layouts_and_realigns_offsets(gold_files):
    lgl, gv = gold_files
    (art,) = read_gold(lgl)
    assert [t.phrase for t in art.toponyms] == ["Damascus", "Qwzxplotnik"]
    (vart,) = read_gold(gv)
    top = vart.toponyms[0]
    assert vart.text[top.start:top.end] == "Nairobi" and top.lat == pytest.approx(-1.29)


def test_alignment_and_matching_helpers():
    assert _align("in Paris now", "Paris", 4, 9) == (3, 8)
    assert _match([(0, 5), (10, 15)], [(11, 14), (40, 45)]) == {0: 1}


def test_auc_of_errors_is_zero_when_exact_and_one_when_all_missed():
    assert auc_of_errors([0.0, 0.0, 0.0]) == pytest.approx(0.0)
    assert auc_of_errors([None, None]) == pytest.approx(1.0)
    assert auc_of_errors([MAX_KM]) == pytest.approx(1.0)
    small, large = auc_of_errors([1.0, 10.0, 100.0]), auc_of_errors([10.0, 100.0, 1000.0])
    assert 0 < small < large < 1
    assert auc_of_errors([]) is None


def test_negative_and_title_offsets_are_read_safely(tmp_path):
    text = "Fighting near Homs. Later, Hama."
    bad = LGL_LAYOUT.replace("{text}", text)
    hama = text.index("Hama")
    path = tmp_path / "neg.xml"
    # Damascus at a negative offset (counted from a title): not in the text, so dropped;
    # Qwzxplotnik's offsets point at Hama's place but the phrase is absent: dropped, never mis-sliced
    path.write_text(bad.format(s1=-12, e1=-4, s2=hama, e2=hama + 4).replace("Qwzxplotnik", "Hama"))
    (art,) = read_gold(path)
    assert [(t.phrase, art.text[t.start:t.end]) for t in art.toponyms] == [("Hama", "Hama")]
    assert _align(text, "Homs", -20, -16) == (text.index("Homs"), text.index("Homs") + 4)


def test_acled_layout_helpers():
    from strife.eval.geo import same_admin1, within_km
    from strife.geo import load_gazetteer

    gazetteer = load_gazetteer()
    assert within_km(35.33, 40.14, 35.34, 40.15) and not within_km(35.33, 40.14, 34.45, 40.92)
    assert not within_km(None, 40.14, 35.34, 40.15)
    assert same_admin1("Deir-ez-Zor", "Deir ez-Zor", gazetteer)
    assert same_admin1("Idleb", "Idlib", gazetteer) and same_admin1("Rural Damascus", "Rif Dimashq", gazetteer)
    assert same_admin1("Dar'a", "Daraa Governorate", gazetteer, country="SY")
    assert not same_admin1("Idleb", "Aleppo", gazetteer) and not same_admin1(None, "Aleppo", gazetteer)


@pytest.mark.slow
def test_run_eval_geo_reports_every_figure(gold_files, nlp):
    from strife.geo import Geoparser

    results = run_eval_geo(list(gold_files), as_json=True, geoparser=Geoparser(nlp=nlp))
    lgl = results["tiny-lgl"]
    assert set(lgl) == {"split", "articles", "detection", "given_spans", "end_to_end"}
    assert set(lgl["detection"]) >= {"precision", "recall", "f1"}
    assert set(lgl["given_spans"]) >= {"acc161", "auc", "mean_km", "median_km"}
    assert set(lgl["end_to_end"]) >= {"acc161", "auc", "mean_km", "median_km"}
    assert lgl["given_spans"]["n"] == 2
    # Damascus right, the made-up village wrong
    assert lgl["given_spans"]["acc161"] == pytest.approx(0.5)
    assert "population_baseline" in lgl["given_spans"]
    assert results["tiny-geovirus"]["given_spans"]["acc161"] == pytest.approx(1.0)
    assert 0 <= results["tiny-geovirus"]["end_to_end"]["acc161"] <= 1
