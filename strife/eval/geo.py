"""`strife eval geo`: toponym detection and resolution against LGL / TR-News / GeoVirus XML.

Per corpus (file stem): detection precision/recall/F1 against the gold spans (a predicted
span counts when it overlaps an unmatched gold span); resolution accuracy within 161 km,
mean/median error and the AUC of the log-error curve (Gritta et al. 2018: 0 is perfect,
1 every toponym at the far side of the Earth) given the gold spans, beside the
always-most-populous baseline over the same gazetteer; the same end to end, where a
missed toponym counts as wrong (and at the largest error in the AUC).
"""

from __future__ import annotations

import itertools
import math
import statistics
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

ACC_KM = 161.0
#: Half the Earth's circumference: the largest possible error, given to unresolved toponyms in the AUC.
MAX_KM = 20039.0


@dataclass
class GoldToponym:
    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None


@dataclass
class GoldArticle:
    text: str
    toponyms: list[GoldToponym]


def _float(el, path: str) -> float | None:
    node = el.find(path)
    try:
        return float(node.text) if node is not None and node.text else None
    except ValueError:
        return None


def read_gold(path: Path) -> list[GoldArticle]:
    """Articles of an LGL/TR-News (toponyms/toponym) or GeoVirus (locations/location) file."""
    parser = etree.XMLParser(recover=True, huge_tree=True)
    root = etree.parse(str(path), parser).getroot()
    articles = []
    for art in root.iter("article"):
        text_el = art.find("text")
        if text_el is None or text_el.text is None:
            continue
        text = text_el.text
        tops = []
        for top in list(art.iter("toponym")) + list(art.iter("location")):
            try:
                start, end = int(top.findtext("start")), int(top.findtext("end"))
            except (TypeError, ValueError):
                continue
            if top.tag == "toponym":
                lat, lon = _float(top, "gaztag/lat"), _float(top, "gaztag/lon")
                phrase = top.findtext("phrase") or text[start:end]
            else:
                lat, lon = _float(top, "lat"), _float(top, "lon")
                phrase = top.findtext("name") or text[start:end]
            start, end = _align(text, phrase, start, end)
            if 0 <= start < end <= len(text):
                tops.append(GoldToponym(start, end, phrase, lat, lon))
        articles.append(GoldArticle(text, tops))
    return articles


def _align(text: str, phrase: str, start: int, end: int, slack: int = 5) -> tuple[int, int]:
    """Gold offsets as given, or moved to the phrase itself when they are a few characters off
    (GeoVirus counts from 1)."""
    phrase = phrase.strip()
    inside = 0 <= start < end <= len(text)  # negative offsets (a title counted before the text) are not
    if not phrase or (inside and text[start:end] == phrase):
        return start, end
    if not inside and phrase not in text:
        return start, end
    found = text.find(phrase, max(0, start - slack), end + slack + len(phrase))
    if found < 0:  # offsets drifted further: take the nearest occurrence of the phrase
        hits = [i for i in range(len(text)) if text.startswith(phrase, i)]
        found = min(hits, key=lambda i: abs(i - start)) if hits else -1
    return (found, found + len(phrase)) if found >= 0 else (start, end)


#: ACLED-layout location tolerance: a predicted point this close to gold's is the same place.
ACLED_KM = 25.0


def within_km(lat: float | None, lon: float | None, gold_lat: float | None, gold_lon: float | None,
              km: float = ACLED_KM) -> bool:
    """ACLED-layout location check: the predicted point within ``km`` of the gold point."""
    from strife.geo.resolve import haversine_km

    if None in (lat, lon, gold_lat, gold_lon):
        return False
    return haversine_km(lat, lon, gold_lat, gold_lon) <= km


def same_admin1(predicted: str | None, gold: str | None, gazetteer=None, country: str | None = None) -> bool:
    """Whether two admin1 names name one unit, whatever the spelling ("Deir ez-Zor",
    "Deir-ez-Zor", "Dayr az Zawr Governorate", "Idlib" / "Idleb"): equal normalised names, or
    names the gazetteer resolves to a shared first-level unit (of ``country``, ISO2, if given)."""
    from strife.geo.build import strip_admin_words
    from strife.geo.normalize import name_key

    if not predicted or not gold:
        return False
    if name_key(strip_admin_words(predicted)) == name_key(strip_admin_words(gold)):
        return True
    if gazetteer is None:
        from strife.geo import load_gazetteer

        gazetteer = load_gazetteer()

    def units(name: str) -> set[int]:
        return {c.place.geonameid for text in (name, strip_admin_words(name)) for c in gazetteer.candidates(text)
                if c.place.feature_code == "ADM1" and (country is None or c.place.country_iso == country)}

    return bool(units(predicted) & units(gold))


def _match(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> dict[int, int]:
    """Gold index -> predicted index, one-to-one by overlap (earliest first)."""
    out, used = {}, set()
    for gi, (gs, ge) in enumerate(gold):
        for pi, (ps, pe) in enumerate(pred):
            if pi not in used and ps < ge and gs < pe:
                out[gi] = pi
                used.add(pi)
                break
    return out


def auc_of_errors(errors: list[float | None]) -> float | None:
    """Area under the sorted curve of log errors scaled to [0, 1] by the largest possible error
    (an unresolved toponym counts as that error): lower is better."""
    if not errors:
        return None
    scaled = sorted(math.log(1 + min(MAX_KM, e if e is not None else MAX_KM)) / math.log(1 + MAX_KM)
                    for e in errors)
    if len(scaled) == 1:
        return scaled[0]
    area = sum((a + b) / 2 for a, b in itertools.pairwise(scaled))
    return area / (len(scaled) - 1)


def _summary(errors: list[float | None]) -> dict:
    n = len(errors)
    resolved = [e for e in errors if e is not None]
    auc = auc_of_errors(errors)
    return {"acc161": round(sum(e <= ACC_KM for e in resolved) / n, 4) if n else None,
            "auc": round(auc, 4) if auc is not None else None,
            "mean_km": round(statistics.fmean(resolved), 1) if resolved else None,
            "median_km": round(statistics.median(resolved), 1) if resolved else None,
            "n": n, "unresolved": n - len(resolved)}


def evaluate_corpus(path: Path, geoparser, split: str = "all") -> dict:
    """Figures for one gold file (``split``: see :mod:`strife.eval.split`; an article's key
    is the file's stem and its index in the file)."""
    from strife.eval.split import select
    from strife.geo.resolve import haversine_km

    gold = read_gold(path)
    articles = [a for _, a in select(list(enumerate(gold)), split, key=lambda ia: f"{path.stem}:{ia[0]}")]
    tp = n_pred = n_gold = 0
    given, baseline, e2e = [], [], []
    docs = geoparser.nlp.pipe((a.text for a in articles), batch_size=16)
    for art, doc in zip(articles, docs):
        gold_spans = [(t.start, t.end) for t in art.toponyms]
        located = geoparser.geoparse(doc)
        pred_spans = [(t.start, t.end) for t, _ in located]
        matched = _match(pred_spans, gold_spans)
        tp += len(matched)
        n_pred += len(pred_spans)
        n_gold += len(gold_spans)

        with_coords = [(i, t) for i, t in enumerate(art.toponyms) if t.lat is not None and t.lon is not None]
        if not with_coords:
            continue
        places = geoparser.resolve_spans(art.text, [(t.start, t.end) for _, t in with_coords])
        for (gi, t), place in zip(with_coords, places):
            given.append(haversine_km(t.lat, t.lon, place.latitude, place.longitude) if place else None)
            top = _given_toponym(t)
            base = geoparser.resolver.most_populous(top)
            baseline.append(haversine_km(t.lat, t.lon, base.latitude, base.longitude) if base else None)
            pi = matched.get(gi)
            got = located[pi][1] if pi is not None else None
            e2e.append(haversine_km(t.lat, t.lon, got.latitude, got.longitude) if got else None)

    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    given_summary = _summary(given)
    base_summary = _summary(baseline)
    given_summary["population_baseline"] = {k: base_summary[k] for k in ("acc161", "auc", "mean_km", "median_km")}
    e2e_summary = _summary(e2e)
    return {"split": split, "articles": len(articles),
            "detection": {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                          "n_gold": n_gold, "n_pred": n_pred},
            "given_spans": given_summary,
            "end_to_end": {k: e2e_summary[k] for k in ("acc161", "auc", "mean_km", "median_km", "n")}}


def _given_toponym(t: GoldToponym):
    from strife.geo.normalize import name_key
    from strife.geo.recognize import Toponym, demonym_keys

    return Toponym(t.start, t.end, t.phrase, "given", demonym=name_key(t.phrase) in demonym_keys())


def run_eval_geo(paths: list[Path], as_json: bool = False, geoparser=None, split: str = "all") -> dict:
    """Evaluate every gold file; prints a table unless ``as_json``; returns {corpus: figures}."""
    if geoparser is None:
        from strife.geo import Geoparser

        geoparser = Geoparser()
    results = {Path(p).stem: evaluate_corpus(Path(p), geoparser, split) for p in paths}
    if not as_json:
        _print_table(results)
    return results


def _print_table(results: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="strife eval geo (acc@161 km)")
    for col in ("corpus", "det P", "det R", "det F1", "given acc161", "given AUC", "baseline acc161",
                "mean km", "median km", "n", "end-to-end acc161", "e2e AUC"):
        table.add_column(col)

    def f3(x):
        return f"{x:.3f}" if x is not None else "-"

    for name, r in results.items():
        d, g, e = r["detection"], r["given_spans"], r["end_to_end"]
        table.add_row(name, f3(d["precision"]), f3(d["recall"]), f3(d["f1"]), f3(g["acc161"]), f3(g["auc"]),
                      f3(g["population_baseline"]["acc161"]), str(g["mean_km"]), str(g["median_km"]),
                      str(g["n"]), f3(e["acc161"]), f3(e["auc"]))
    Console().print(table)


if __name__ == "__main__":  # python -m strife.eval.geo FILE...
    import json
    import sys

    print(json.dumps(run_eval_geo([Path(p) for p in sys.argv[1:]], as_json=True), indent=2))
