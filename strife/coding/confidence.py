"""Event confidence: a logistic model over a few coding features, calibrated on gold data.

The weights live in ``calibration.yaml`` beside this module; the coder only reads them.
``python -m strife.eval.calibration GOLD.tsv`` refits them (fitting needs gold data and the
evaluation harness, which come after the coder).
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
