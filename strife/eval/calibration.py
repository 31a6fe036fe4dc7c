"""Fit the coder's confidence model on gold data (``python -m strife.eval.calibration GOLD.tsv``).

The coder reads the fitted weights from ``strife/coding/calibration.yaml`` (see
``strife.coding.confidence``); fitting needs gold data and the evaluation harness, so it
lives here, downstream of the coder.  The label of each CASE 2021 snippet: was the coder's
own main event's sub-event type right?  Reported: the expected calibration error (ECE) of
the current weights and of 5-fold cross-validated predictions.  scikit-learn is not a
dependency of the product, so the fit is a plain L2-regularised logistic regression.
"""

from __future__ import annotations

import math
from pathlib import Path

import yaml

from strife.coding.confidence import CALIBRATION_FILE, FEATURES, vectorize


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


def calibrate_case(path: Path, folds: int = 5, write: bool = True, split: str = "tune") -> dict:
    """Fit the confidence model on a CASE TSV (its ``split``) with k-fold cross-validation."""
    from strife.eval.events import CoderRunner, evaluate_case

    runner = CoderRunner(use_pipeline=False)
    result = evaluate_case(Path(path), runner, keep_events=True, split=split)
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
    meta = {"fitted_on": Path(path).name, "split": split, "n_events": len(xs),
            "accuracy": round(sum(ys) / max(len(ys), 1), 4), "ece_before": round(before, 4),
            "ece_cv": round(cv_ece, 4), "folds": folds}
    if write:
        save(b, w, meta)
    return meta


def save(bias: float, weights: list[float], meta: dict, path: Path = CALIBRATION_FILE) -> None:
    data = {"bias": round(bias, 4), "weights": {k: round(v, 4) for k, v in zip(FEATURES, weights)}, **meta}
    path.write_text("# Fitted by `python -m strife.eval.calibration GOLD.tsv` (see strife/eval/calibration.py).\n"
                    + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":  # python -m strife.eval.calibration GOLD.tsv
    import sys

    print(calibrate_case(Path(sys.argv[1])))
