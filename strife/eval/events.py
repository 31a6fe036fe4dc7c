"""`strife eval events`: event coding against gold files.

Every figure scores the coder's **own main event** per item (``strife.coding.primary_event``:
news before background, then the most confident, then the earliest), never the coded event
closest to gold.  For ACLED-layout files the best-matching event is scored beside it and
labelled an *upper bound*: what a perfect ranker over the same events would reach.

Two layouts:

* CASE 2021 task 2 TSV (``id, EventSnippet, SubType``): each snippet is an article; the
  main event gives the predicted sub-event type, "NONE" when it codes no ACLED event.  CASE
  codes map to ACLED sub-event types; the non-ACLED classes (ORG_CRIME, NATURAL_DISASTER,
  MAN_MADE_DISASTER, DIPLO, ATTRIB) are gold "NONE": such rows should yield no event.
* ACLED export CSV, unchanged (event_id_cnty, event_date, year, ..., admin1, location,
  latitude, longitude, notes, fatalities, ...): each row's ``notes`` is coded as an article
  published on ``event_date``.

Figures: coverage (items with any event), events per item, event-type and sub-event
weighted/macro F1 with a per-class report; for ACLED also fatalities exact on rows with
deaths > 0 and on rows with 0 (separately), actor1 exact and with qualifiers stripped
(``(2000-)``, ``(Syria)``), actor1/actor2 by the documented name-match rule, admin1 (the
same first-level unit whatever the spelling: ``strife.eval.geo.same_admin1``), location-name
accuracy, location within 25 km (``strife.eval.geo.within_km``), event date.

Actor names match (documented rule) when, after lower-casing, dropping parenthesised
qualifiers ("(2000-)", "(Syria)") and splitting ACLED's "ACRONYM: Full Name" form, the
names are equal, one's acronym equals the other, or their word sets overlap by Jaccard
>= 0.6.  Location matches within 25 km; fatalities exactly and within +-20%.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from strife.coding import primary_event
from strife.coding.taxonomy import EVENT_TYPE_OF
from strife.eval.geo import same_admin1, within_km
from strife.eval.split import select
from strife.geo.resolve import haversine_km as km  # noqa: F401 - the one distance formula, under the eval's name (tests import it)
from strife.model import Article, CodedArticle, EventRecord

NONE = "NONE"
CASE_TO_ACLED = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance", "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike", "ARMED_CLASH": "Armed clash", "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack", "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity", "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use", "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory", "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established", "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory", "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest", "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention", "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence", "SUIC_BOMB": "Suicide bomb", "VIOL_DEMONSTR": "Violent demonstration",
}
CASE_NON_EVENTS = {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"}


# ----------------------------------------------------------------------------- metrics
def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def classification_report(gold: list[str], pred: list[str]) -> dict[str, Any]:
    """Per-class P/R/F1, macro-F1 and support-weighted F1 over the gold classes."""
    labels = sorted(set(gold) | set(pred))
    per = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
        per[lab] = {**prf(tp, fp, fn), "support": sum(1 for g in gold if g == lab)}
    gold_labels = [lab for lab in labels if per[lab]["support"]]
    n = len(gold) or 1
    macro = sum(per[lab]["f1"] for lab in gold_labels) / (len(gold_labels) or 1)
    weighted = sum(per[lab]["f1"] * per[lab]["support"] for lab in gold_labels) / n
    accuracy = sum(1 for g, p in zip(gold, pred) if g == p) / n
    return {"macro_f1": round(macro, 4), "weighted_f1": round(weighted, 4), "accuracy": round(accuracy, 4),
            "n": len(gold), "per_class": per}


def confusion(gold: list[str], pred: list[str]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for g, p in zip(gold, pred):
        out[g][p] += 1
    return {g: dict(row) for g, row in sorted(out.items())}


# ----------------------------------------------------------------------------- actors
def _name_forms(name: str) -> tuple[str, set[str], str | None]:
    low = re.sub(r"\([^)]*\)", " ", name.lower())
    acronym = None
    if ":" in low:
        acronym, low = (s.strip() for s in low.split(":", 1))
    words = set(re.findall(r"[a-z0-9]+", low)) - {"the", "of", "and", "forces"}
    return " ".join(re.findall(r"[a-z0-9]+", low)), words, acronym


def actor_match(a: str | None, b: str | None) -> bool:
    """Documented actor-name match (see module docstring)."""
    if not a or not b:
        return False
    na, wa, aa = _name_forms(a)
    nb, wb, ab = _name_forms(b)
    if na == nb or (aa and aa in (nb, ab)) or (ab and ab == na):
        return True
    if wa and wb:
        return len(wa & wb) / len(wa | wb) >= 0.6
    return False


# ----------------------------------------------------------------------------- readers
def read_case_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r for r in rows if r.get("EventSnippet")]


def read_acled_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [r for r in csv.DictReader(fh) if (r.get("notes") or "").strip()]


def is_case_tsv(path: Path) -> bool:
    with open(path, encoding="utf-8") as fh:
        head = fh.readline()
    return "EventSnippet" in head and "\t" in head


# ----------------------------------------------------------------------------- coding
class CoderRunner:
    """Codes texts with the full pipeline when it imports, else with nlp + coder alone."""

    def __init__(self, use_pipeline: bool = True, coder=None, nlp=None):
        self.pipeline = None
        if use_pipeline and coder is None:
            try:
                from strife.pipeline import Pipeline

                self.pipeline = Pipeline()
            except Exception:  # noqa: BLE001 - geo/time stages may be missing or broken: the coder alone still works
                self.pipeline = None
        if self.pipeline is None:
            from strife.coding import get_coder
            from strife.config import Settings
            from strife.nlp import load_nlp

            self.nlp = nlp or load_nlp()
            self.coder = coder or get_coder(Settings())
        self.mode = "pipeline" if self.pipeline is not None else "coder"

    def code_many(self, articles: list[Article]) -> list[CodedArticle]:
        if self.pipeline is not None:
            return list(self.pipeline.process_many(articles))
        from strife.nlp import parse_many

        from strife.linking.document import resolve_document

        # the pipeline's own per-article resolution, without places and dates
        return [resolve_document(self.coder.code(p)) for p in parse_many(self.nlp, articles, batch_size=64)]


def evaluate_case(path: Path, runner: CoderRunner, keep_events: bool = False,
                  split: str = "all") -> dict[str, Any]:
    rows = select(read_case_tsv(path), split, key=lambda r: f"case:{r['id']}")
    articles = [Article(text=r["EventSnippet"], id=f"case-{r['id']}") for r in rows]
    coded = runner.code_many(articles)
    gold_sub, pred_sub, gold_type, pred_type = [], [], [], []
    calibration = []
    for row, c in zip(rows, coded):
        code = row["SubType"].strip()
        g = NONE if code in CASE_NON_EVENTS else CASE_TO_ACLED.get(code, NONE)
        ev = primary_event(c)
        p = ev.sub_event_type if ev else NONE
        gold_sub.append(g)
        pred_sub.append(p)
        gold_type.append(EVENT_TYPE_OF.get(g, NONE))
        pred_type.append(EVENT_TYPE_OF.get(p, NONE))
        if ev is not None:
            calibration.append((ev, int(p == g)))
    only_events = [i for i, g in enumerate(gold_sub) if g != NONE]
    result = {
        "file": str(path), "layout": "case2021", "mode": runner.mode, "split": split, "n": len(rows),
        "sub_event": classification_report(gold_sub, pred_sub),
        "event_type": classification_report(gold_type, pred_type),
        "sub_event_acled_rows_only": classification_report([gold_sub[i] for i in only_events],
                                                           [pred_sub[i] for i in only_events]),
        "event_type_confusion": confusion(gold_type, pred_type),
        "non_event_rows_with_no_event": _rate([pred_sub[i] == NONE for i, g in enumerate(gold_sub) if g == NONE]),
        **volume(coded),
    }
    if calibration:
        from strife.eval.calibration import expected_calibration_error

        result["confidence_ece"] = round(expected_calibration_error(
            [e.confidence for e, _ in calibration], [y for _, y in calibration]), 4)
    if keep_events:
        result["_calibration"] = calibration
    return result


def _rate(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 4) if flags else 0.0


def _parse_date(text: str | None) -> date | None:
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%m/%d/%Y"):
        try:
            from datetime import datetime

            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def volume(coded: list[CodedArticle]) -> dict[str, float]:
    """Coverage (items with any coded event) and coded events per item."""
    counts = [sum(1 for e in c.events if e.sub_event_type) for c in coded]
    n = len(counts) or 1
    return {"coverage": round(sum(1 for k in counts if k) / n, 4), "events_per_item": round(sum(counts) / n, 4)}


def strip_qualifiers(name: str | None) -> str:
    """An actor name without ACLED's parenthesised qualifiers ("(2000-)", "(Syria)"), lower-cased."""
    return " ".join(re.sub(r"\([^)]*\)", " ", name or "").lower().split())


def _same_place_name(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and " ".join(a.lower().split()) == " ".join(b.lower().split())


def match_score(ev: EventRecord, row: dict[str, str]) -> float:
    """How close one coded event is to a gold row: only for the upper bound, never the score."""
    score = 0.0
    if ev.sub_event_type == row.get("sub_event_type"):
        score += 3
    if ev.event_type == row.get("event_type"):
        score += 2
    if actor_match(ev.actor1, row.get("actor1")):
        score += 1
    if actor_match(ev.actor2, row.get("actor2")):
        score += 0.5
    return score + ev.confidence * 0.1


def score_acled(rows: list[dict[str, str]], chosen: list[EventRecord | None], geo: bool) -> dict[str, Any]:
    """Field figures for one chosen event per row (None: the coder coded nothing)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    acc: dict[str, list[bool]] = defaultdict(list)
    gold_type, pred_type, gold_sub, pred_sub = [], [], [], []

    def tally(fld: str, gold_value, pred_value, ok: bool) -> None:
        c = counts[fld]
        if ok:
            c["tp"] += 1
        else:
            if pred_value not in (None, ""):
                c["fp"] += 1
            if gold_value not in (None, ""):
                c["fn"] += 1

    for row, ev in zip(rows, chosen):
        g_type, g_sub = row.get("event_type") or None, row.get("sub_event_type") or None
        gold_type.append(g_type or NONE)
        pred_type.append(ev.event_type if ev else NONE)
        gold_sub.append(g_sub or NONE)
        pred_sub.append(ev.sub_event_type if ev else NONE)
        tally("event_type", g_type, ev and ev.event_type, bool(ev and g_type and ev.event_type == g_type))
        tally("sub_event_type", g_sub, ev and ev.sub_event_type, bool(ev and g_sub and ev.sub_event_type == g_sub))
        for fld in ("actor1", "actor2"):
            gv = row.get(fld) or None
            pv = getattr(ev, fld) if ev else None
            tally(fld, gv, pv, bool(gv and pv and actor_match(gv, pv)))
        g_actor1 = row.get("actor1") or None
        if g_actor1:
            p_actor1 = ev.actor1 if ev else None
            acc["actor1_exact"].append(p_actor1 == g_actor1)
            acc["actor1_stripped"].append(bool(p_actor1) and strip_qualifiers(p_actor1) == strip_qualifiers(g_actor1))
        g_fat = row.get("fatalities")
        if g_fat not in (None, ""):
            gf = int(float(g_fat))
            pf = ev.fatalities if ev else None  # no event: nothing was coded, right or wrong
            tally("fatalities_exact", gf, pf, pf is not None and pf == gf)
            tally("fatalities_20pct", gf, pf, pf is not None and abs(pf - gf) <= 0.2 * max(gf, 1))
            acc["fatalities_exact_deaths" if gf > 0 else "fatalities_exact_zero"].append(pf == gf)
        if geo:
            if row.get("admin1"):  # the same first-level unit, however each side spells it
                acc["admin1"].append(bool(ev) and same_admin1(ev.admin1, row["admin1"]))
            if row.get("location"):
                acc["location_name"].append(bool(ev) and _same_place_name(ev.location, row["location"]))
            glat, glon = _float(row.get("latitude")), _float(row.get("longitude"))
            if glat is not None and glon is not None:
                ok = bool(ev and within_km(ev.latitude, ev.longitude, glat, glon))
                tally("location_25km", (glat, glon), ev and ev.latitude, ok)
                acc["location_25km"].append(ok)
            gd = _parse_date(row.get("event_date"))
            if gd is not None:
                tally("event_date", gd, ev and ev.event_date, bool(ev and ev.event_date == gd))
    return {"fields": {fld: prf(c["tp"], c["fp"], c["fn"]) for fld, c in counts.items()},
            "accuracy": {k: {"accuracy": _rate(v), "n": len(v)} for k, v in acc.items()},
            "event_type": classification_report(gold_type, pred_type),
            "sub_event": classification_report(gold_sub, pred_sub),
            "event_type_confusion": confusion(gold_type, pred_type)}


def evaluate_acled(path: Path, runner: CoderRunner, split: str = "all") -> dict[str, Any]:
    rows = select(read_acled_csv(path), split, key=lambda r: f"acled:{r['notes'].strip()}")
    articles = [Article(text=r["notes"], published=_parse_date(r.get("event_date")), source=r.get("source"),
                        id=f"acled-{i}") for i, r in enumerate(rows)]
    coded = runner.code_many(articles)
    geo = runner.mode == "pipeline"
    own = [primary_event(c) for c in coded]
    best = []
    for row, c in zip(rows, coded):
        events = [e for e in c.events if e.sub_event_type]
        best.append(max(events, key=lambda e: match_score(e, row)) if events else None)
    main = score_acled(rows, own, geo)
    return {"file": str(path), "layout": "acled", "mode": runner.mode, "split": split, "n": len(rows),
            **volume(coded), **main, "upper_bound": score_acled(rows, best, geo)}


def evaluate(paths: list[Path], coder=None, nlp=None, use_pipeline: bool = True,
             split: str = "all") -> dict[str, Any]:
    """Evaluate the coder (or the full pipeline, when it imports) on every gold file."""
    runners: dict[bool, CoderRunner] = {}

    def runner(pipeline: bool) -> CoderRunner:
        # CASE snippets only need the coder; ACLED rows use the full pipeline (place, date) if it loads.
        if pipeline not in runners:
            runners[pipeline] = CoderRunner(use_pipeline=pipeline, coder=coder, nlp=nlp)
        return runners[pipeline]

    results = []
    for path in paths:
        path = Path(path)
        if is_case_tsv(path):
            results.append(evaluate_case(path, runner(False), split=split))
        else:
            results.append(evaluate_acled(path, runner(use_pipeline), split=split))
    return {"files": results}


def print_figures(figures: dict[str, Any], echo: Callable[[str], None] = print) -> None:
    for res in figures["files"]:
        echo(f"== {res['file']} ({res['layout']}, {res['n']} rows, split {res['split']}, {res['mode']})")
        echo("  scored: the coder's own main event per item (strife.coding.primary_event)")
        echo(f"  coverage (items with any event) {res['coverage']:.3f}   events per item {res['events_per_item']:.2f}")
        if res["layout"] == "case2021":
            for key in ("event_type", "sub_event", "sub_event_acled_rows_only"):
                r = res[key]
                echo(f"  {key:28s} macro-F1 {r['macro_f1']:.3f}  weighted-F1 {r['weighted_f1']:.3f}  "
                     f"accuracy {r['accuracy']:.3f}")
            echo(f"  non-event rows with no event: {res['non_event_rows_with_no_event']:.3f}")
            if "confidence_ece" in res:
                echo(f"  confidence ECE: {res['confidence_ece']:.3f}")
        else:
            up = res["upper_bound"]
            echo(f"  {'':34s} {'main event':>12s} {'upper bound*':>13s}")
            for key in ("event_type", "sub_event"):
                echo(f"  {key + ' weighted-F1':34s} {res[key]['weighted_f1']:12.3f} {up[key]['weighted_f1']:13.3f}")
                echo(f"  {key + ' macro-F1':34s} {res[key]['macro_f1']:12.3f} {up[key]['macro_f1']:13.3f}")
            for fld, r in res["fields"].items():
                echo(f"  {fld + ' F1':34s} {r['f1']:12.3f} {up['fields'][fld]['f1']:13.3f}")
            for key, r in sorted(res["accuracy"].items()):
                echo(f"  {key + ' accuracy':34s} {r['accuracy']:12.3f} {up['accuracy'][key]['accuracy']:13.3f}"
                     f"   (n={r['n']})")
            echo("  * upper bound: the coded event closest to gold, not what the coder outputs")
        echo("  sub-event per class (P / R / F1 / support):")
        for lab, r in res["sub_event"]["per_class"].items():
            echo(f"    {lab:36s} {r['precision']:.3f} {r['recall']:.3f} {r['f1']:.3f} {r['support']:5d}")
        echo("  event-type confusion (gold -> predicted):")
        for g, row in res["event_type_confusion"].items():
            echo(f"    {g:28s} " + ", ".join(f"{p}: {n}" for p, n in sorted(row.items(), key=lambda x: -x[1])))


def run_eval_events(paths: list[Path], as_json: bool, split: str = "all") -> dict[str, Any]:
    """CLI entry: evaluate and (unless ``as_json``; the CLI prints JSON) print a summary."""
    figures = evaluate([Path(p) for p in paths], split=split)
    if not as_json:
        print_figures(figures)
    return figures


if __name__ == "__main__":  # python -m strife.eval.events FILE...
    import sys

    run_eval_events([Path(p) for p in sys.argv[1:]], as_json=False)
