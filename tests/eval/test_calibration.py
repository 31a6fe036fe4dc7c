"""The confidence fit lives in eval (it needs gold data); the coder only reads its numbers."""

from __future__ import annotations

from strife.coding.confidence import FEATURES, Calibrator
from strife.eval.calibration import expected_calibration_error, fit_logistic, save


def test_calibration_helpers():
    assert expected_calibration_error([1.0, 0.0], [1, 0]) == 0.0
    assert abs(expected_calibration_error([0.9] * 10, [1] * 5 + [0] * 5) - 0.4) < 1e-9
    k = len(FEATURES)
    _, w = fit_logistic([[1.0] + [0.0] * (k - 1), [0.0] * k] * 20, [1, 0] * 20, steps=300)
    assert w[0] > 0


def test_saved_weights_are_what_the_coder_reads(tmp_path):
    path = tmp_path / "calibration.yaml"
    save(0.5, [1.0] + [0.0] * (len(FEATURES) - 1), {"fitted_on": "x"}, path=path)
    cal = Calibrator.load(path)
    assert cal.bias == 0.5 and cal.weights[FEATURES[0]] == 1.0
    assert cal.confidence({FEATURES[0]: True}) > cal.confidence({})
