"""Drift results: plain pydantic models, stored as artifacts and logged as run metadata."""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ConfigDict

MAX_LISTED = 10  # drifted column names shown in `summary()`


class ColumnDrift(BaseModel):
    """One column's test: Evidently stattest id, its score and the threshold it was held to.

    For p-value tests (ks, chisquare, z, ...) a score *below* the threshold is drift; for
    distances (wasserstein, jensenshannon, psi, ...) a score *at or above* it is. `drifted`
    is Evidently's own verdict, so callers never need to know which kind a method is.
    """

    model_config = ConfigDict(ser_json_inf_nan="constants")

    drifted: bool
    score: float
    method: str
    threshold: float


class DriftResult(BaseModel):
    """Dataset-level drift verdict plus every compared column's result."""

    model_config = ConfigDict(ser_json_inf_nan="constants")

    dataset_drift: bool
    drift_share: float  # share of compared columns that drifted
    drifted_columns: int
    n_columns: int
    threshold_share: float  # dataset drift when drift_share >= threshold_share
    columns: dict[str, ColumnDrift]
    reference_rows: int  # rows actually compared (after sampling)
    current_rows: int
    sampled: bool

    @property
    def drifted_names(self) -> list[str]:
        return [name for name, col in self.columns.items() if col.drifted]

    def summary(self) -> str:
        """One human line, e.g. 'drift in 7/14 columns (50%) ≥ 50% → dataset drift: a, b'."""
        share, limit = f"{self.drift_share:.0%}", f"{self.threshold_share:.0%}"
        verdict = "≥" if self.dataset_drift else "<"
        outcome = "dataset drift" if self.dataset_drift else "no dataset drift"
        line = (
            f"drift in {self.drifted_columns}/{self.n_columns} columns ({share}) "
            f"{verdict} {limit} → {outcome}"
        )
        names = self.drifted_names
        if names:
            more = f", +{len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else ""
            line += ": " + ", ".join(names[:MAX_LISTED]) + more
        if self.sampled:
            line += f" (sampled {self.reference_rows:,} ref / {self.current_rows:,} current rows)"
        return line

    def metadata(self) -> dict[str, Any]:
        """Flat-ish values for run metadata: scalars, drifted names and per-column scores."""
        return {
            "dataset_drift": self.dataset_drift,
            "drift_share": round(self.drift_share, 4),
            "drifted_columns": self.drifted_columns,
            "n_columns": self.n_columns,
            "threshold_share": self.threshold_share,
            "reference_rows": self.reference_rows,
            "current_rows": self.current_rows,
            "sampled": self.sampled,
            "drifted_column_names": self.drifted_names,
            "column_scores": {name: _finite(col.score) for name, col in self.columns.items()},
            "column_methods": {name: col.method for name, col in self.columns.items()},
        }


def _finite(value: float) -> float | None:
    """Metadata stores must get JSON-safe numbers: NaN/inf become None."""
    return round(value, 6) if math.isfinite(value) else None
