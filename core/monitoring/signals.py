"""Monitoring signals: each one says whether it fired, with its value and threshold.

Label-free: data drift (share of drifted feature columns) and prediction drift (predicted
class distribution vs the champion's predictions on its reference data). With delayed labels:
the champion's metric on an earlier, now-labelled batch vs its holdout metric.
"""

from __future__ import annotations

from pydantic import BaseModel

from core.monitoring.drift_result import ColumnDrift, DriftResult


class Signal(BaseModel):
    """One signal of one monitoring window."""

    name: str
    fired: bool
    value: float | None = None
    threshold: float | None = None
    detail: str = ""

    def line(self) -> str:
        """E.g. 'data_drift 0.62 ≥ 0.50 (fired)' or 'performance skipped: no labels'."""
        if self.value is None:
            return f"{self.name} skipped: {self.detail}" if self.detail else f"{self.name} n/a"
        state = "fired" if self.fired else "quiet"
        return f"{self.name} {self.value:.3g} vs {self.threshold:.3g} ({state})"


def data_drift_signal(result: DriftResult) -> Signal:
    """Fires when Evidently flags dataset drift (drifted share >= `drift.drift_share`)."""
    return Signal(
        name="data_drift",
        fired=result.dataset_drift,
        value=round(result.drift_share, 4),
        threshold=result.threshold_share,
        detail=", ".join(result.drifted_names),
    )


def prediction_drift_signal(column: ColumnDrift) -> Signal:
    """Fires when the predicted-class distribution drifted (Evidently's per-column verdict)."""
    return Signal(
        name="prediction_drift",
        fired=column.drifted,
        value=round(column.score, 6),
        threshold=column.threshold,
        detail=column.method,
    )


def performance_signal(
    current: float | None, baseline: float | None, metric: str, max_drop: float
) -> Signal:
    """Fires when `metric` on delayed labels fell more than `max_drop` below the holdout value."""
    if current is None or baseline is None:
        why = "no delayed labels configured" if current is None else "no holdout baseline"
        return Signal(name="performance", fired=False, detail=why)
    floor = round(baseline - max_drop, 4)
    return Signal(
        name="performance",
        fired=current < floor,
        value=round(current, 4),
        threshold=floor,
        detail=f"{metric} on delayed labels vs holdout {baseline:.3f} - {max_drop}",
    )
