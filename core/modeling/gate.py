"""Quality gate: minimum holdout metrics a model needs before it may be promoted."""

from __future__ import annotations

import math

from pydantic import BaseModel

from core.config import GateConfig

GATED_METRICS = ("accuracy", "f1", "roc_auc")


class GateResult(BaseModel):
    """Outcome of the gate; `summary` is one human-readable line."""

    passed: bool
    failures: list[str]
    summary: str


def check_gate(metrics: dict[str, float], gate: GateConfig) -> GateResult:
    """Compare each metric with its `min_<metric>`; a minimum of 0 means "not gated".

    A gated metric that is missing or NaN (e.g. ROC AUC on a one-class holdout) fails.
    """
    failures: list[str] = []
    checks: list[str] = []
    for name in GATED_METRICS:
        minimum = float(getattr(gate, f"min_{name}"))
        value = float(metrics.get(name, math.nan))
        shown = "n/a" if math.isnan(value) else f"{value:.3f}"
        if minimum <= 0.0:
            checks.append(f"{name} {shown} (no minimum)")
        elif math.isnan(value):
            failures.append(f"{name} n/a (not computed) < min_{name} {minimum:.3f}")
        elif value < minimum:
            failures.append(f"{name} {value:.3f} < min_{name} {minimum:.3f}")
        else:
            checks.append(f"{name} {value:.3f} ≥ {minimum:.3f}")
    summary = f"failed: {'; '.join(failures)}" if failures else f"passed: {', '.join(checks)}"
    return GateResult(passed=not failures, failures=failures, summary=summary)
