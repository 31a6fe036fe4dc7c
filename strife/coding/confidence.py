"""Event confidence: a logistic model over a few coding features, calibrated on gold data.

The weights live in ``calibration.yaml`` beside this module;
``python -m strife.coding.confidence GOLD.tsv`` refits them from CASE 2021 gold snippets
(the label: was the primary event's sub-event type right?) and reports the expected
calibration error (ECE) of 5-fold cross-validated predictions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CALIBRATION_FILE = Path(__file__).with_name("calibration.yaml")
FEATURES = ("actor1", "actor2", "nominal", "instrument", "merged", "reported", "fatalities",
            "generic", "strategic", "plover_only", "specific")


@dataclass
class Calibrator:
    bias: float = 0.0
    weights: dict[str, float] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = CALIBRATION_FILE) -> Calibrator:
        if not path.exists():
            return cls()
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(float(data.get("bias", 0.0)), {k: float(v) for k, v in (data.get("weights") or {}).items()})

    def confidence(self, features: dict[str, bool]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) for k, v in features.items() if v)
        return round(1.0 / (1.0 + math.exp(-z)), 4)


def vectorize(features: dict[str, bool]) -> list[float]:
    return [1.0 if features.get(k) else 0.0 for k in FEATURES]


def fit_logistic(xs: list[list[float]], ys: list[int], l2: float = 1.0, steps: int = 2000,
                 lr: float = 0.5) -> tuple[float, list[float]]:
    """Plain L2-regularised logistic regression by gradient descent (tiny data, no deps)."""
    n, k = len(xs), len(FEATURES)
    w, b = [0.0] * k, 0.0
    for _ in range(steps):
        gw, gb = [0.0] * k, 0.0
        for x, y in zip(xs, ys):
            p = 1.0 / (1.0 + math.exp(-(b + sum(wi * xi for wi, xi in zip(w, x)))))
            d = p - y
            gb += d
            for i in range(k):
                gw[i] += d * x[i]
        b -= lr * gb / n
        w = [wi - lr * (gi / n + l2 * wi / n) for wi, gi in zip(w, gw)]
    return b, w


def expected_calibration_error(probs: list[float], ys: list[int], bins: int = 10) -> float:
    """ECE: |accuracy - confidence| averaged over equal-width confidence bins, weighted by size."""
    if not probs:
        return 0.0
    total = 0.0
    for i in range(bins):
        lo, hi = i / bins, (i + 1) / bins
        idx = [j for j, p in enumerate(probs) if lo <= p < hi or (i == bins - 1 and p == 1.0)]
        if idx:
            acc = sum(ys[j] for j in idx) / len(idx)
            conf = sum(probs[j] for j in idx) / len(idx)
            total += len(idx) / len(probs) * abs(acc - conf)
    return total


def calibrate_case(path: Path, folds: int = 5, write: bool = True) -> dict:
    """Fit the confidence model on a CASE TSV with k-fold cross-validation; report ECE."""
    from strife.eval.events import _CoderRunner, evaluate_case

    runner = _CoderRunner(use_pipeline=False)
    result = evaluate_case(Path(path), runner, keep_events=True)
    pairs = result.pop("_calibration")
    xs = [vectorize(getattr(ev, "_features", {})) for ev, _ in pairs]
    ys = [y for _, y in pairs]
    before = expected_calibration_error([ev.confidence for ev, _ in pairs], ys)
    cv_probs = [0.0] * len(xs)
    for k in range(folds):
        train = [i for i in range(len(xs)) if i % folds != k]
        b, w = fit_logistic([xs[i] for i in train], [ys[i] for i in train])
        for i in range(len(xs)):
            if i % folds == k:
                z = b + sum(wi * xi for wi, xi in zip(w, xs[i]))
                cv_probs[i] = 1.0 / (1.0 + math.exp(-z))
    cv_ece = expected_calibration_error(cv_probs, ys)
    b, w = fit_logistic(xs, ys)
    meta = {"fitted_on": Path(path).name, "n_events": len(xs), "accuracy": round(sum(ys) / max(len(ys), 1), 4),
            "ece_before": round(before, 4), "ece_cv": round(cv_ece, 4), "folds": folds}
    if write:
        save(b, w, meta)
    return meta


def save(bias: float, weights: list[float], meta: dict, path: Path = CALIBRATION_FILE) -> None:
    data = {"bias": round(bias, 4), "weights": {k: round(v, 4) for k, v in zip(FEATURES, weights)}, **meta}
    path.write_text("# Fitted by `python -m strife.coding.confidence GOLD.tsv` (see strife/coding/confidence.py).\n"
                    + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":  # python -m strife.coding.confidence GOLD.tsv
    import sys

    print(calibrate_case(Path(sys.argv[1])))
