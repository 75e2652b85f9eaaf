"""Quality gate: failure lines and the one-line summary."""

from __future__ import annotations

import math

from core.config import GateConfig
from core.modeling.gate import check_gate

METRICS = {"accuracy": 0.8123, "f1": 0.64, "roc_auc": 0.612, "n_rows": 100.0}


def test_gate_passes_with_readable_summary() -> None:
    result = check_gate(METRICS, GateConfig(min_accuracy=0.7, min_roc_auc=0.6))
    assert result.passed and result.failures == []
    assert result.summary == (
        "passed: accuracy 0.812 ≥ 0.700, f1 0.640 (no minimum), roc_auc 0.612 ≥ 0.600"
    )


def test_gate_fails_and_names_metric_and_minimum() -> None:
    result = check_gate(METRICS, GateConfig(min_accuracy=0.7, min_f1=0.7, min_roc_auc=0.7))
    assert not result.passed
    assert result.failures == ["f1 0.640 < min_f1 0.700", "roc_auc 0.612 < min_roc_auc 0.700"]
    assert result.summary == "failed: f1 0.640 < min_f1 0.700; roc_auc 0.612 < min_roc_auc 0.700"


def test_value_equal_to_minimum_passes() -> None:
    assert check_gate({"accuracy": 0.7}, GateConfig(min_accuracy=0.7)).passed


def test_nan_or_missing_metric_fails_only_when_gated() -> None:
    metrics = {"accuracy": 0.9, "f1": 0.9, "roc_auc": math.nan}
    assert check_gate(metrics, GateConfig()).passed
    result = check_gate(metrics, GateConfig(min_roc_auc=0.5))
    assert result.failures == ["roc_auc n/a (not computed) < min_roc_auc 0.500"]
    assert not check_gate({"accuracy": 0.9}, GateConfig(min_f1=0.1)).passed
