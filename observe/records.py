"""Plain records of pipeline runs and steps, and the run-metadata keys the metrics read.

Every metadata read is defensive: a missing key or a value of another type means "not logged",
never an error, so runs made by older or newer versions of the steps still count.

Keys read (step -> key; the shared names are constants in core/metadata_keys.py):
  validate_training_data / validate_batch -> rows_valid, rows_quarantined, quarantined_share
  predict -> rows_scored
  check_drift -> drift.dataset_drift, drift.drift_share
  evaluate_model -> holdout.{metric}
  evaluate_champion -> champion.{metric} (a dict; a string means "no champion")
  promote_model -> promotion.promoted
  any step or the run -> retrain_triggered (bool), or retrain.triggered, or
    monitoring_decision.{retrain_triggered|retrain|triggered} (bool)
  model version (production / staging) -> holdout.{metric}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

FINISHED = ("completed", "failed", "cached", "stopped", "cancelled")
SUCCESS = ("completed", "cached")
RETRY = ("retried", "retrying")
METRIC_KEYS = ("accuracy", "f1", "roc_auc", "precision", "recall", "log_loss")
DECISION_KEYS = ("monitoring_decision", "decision", "retrain")
TRIGGER_KEYS = ("retrain_triggered", "retrain", "triggered")


@dataclass(frozen=True)
class StepRecord:
    """One step run: name, status, duration in seconds (None when not executed)."""

    name: str
    status: str
    duration: float | None
    metadata: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RunRecord:
    """One pipeline run with the labels the metrics use (never its id)."""

    pipeline: str
    stack: str
    model: str
    status: str
    created: datetime
    start: datetime | None
    end: datetime | None
    steps: tuple[StepRecord, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def succeeded(self) -> bool:
        return self.status in SUCCESS

    @property
    def duration(self) -> float | None:
        if self.start is None or self.end is None:
            return None
        return max((self.end - self.start).total_seconds(), 0.0)

    @property
    def queue_seconds(self) -> float | None:
        if self.start is None:
            return None
        return max((self.start - self.created).total_seconds(), 0.0)

    def step(self, *names: str) -> StepRecord | None:
        """The last attempt of the first step found with one of `names`."""
        return next((s for s in reversed(self.steps) if s.name in names), None)

    def step_value(self, names: tuple[str, ...], *path: str) -> Any:
        """A nested metadata value of the first matching step, or None."""
        found = self.step(*names)
        return dig(found.metadata, *path) if found else None


@dataclass(frozen=True)
class StageRecord:
    """The model version in a stage and its holdout metrics (from its metadata)."""

    model: str
    stage: str
    version_number: int | None
    metrics: Mapping[str, float]


def dig(data: Any, *path: str) -> Any:
    """data[path[0]][path[1]]... or None when any level is missing or not a mapping."""
    for key in path:
        if not isinstance(data, Mapping) or key not in data:
            return None
        data = data[key]
    return data


def number(value: Any) -> float | None:
    """A finite float from an int/float metadata value; bools and text are not numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    result = float(value)
    return result if result == result and abs(result) != float("inf") else None


def flag(value: Any) -> bool | None:
    """A bool metadata value (also 'true'/'false' strings); anything else is None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def metric_values(data: Any) -> dict[str, float]:
    """The known model metrics found in a metadata dict (e.g. holdout or champion)."""
    if not isinstance(data, Mapping):
        return {}
    found = {key: number(data.get(key)) for key in METRIC_KEYS}
    return {key: value for key, value in found.items() if value is not None}


def retrain_triggered(run: RunRecord) -> bool | None:
    """The monitoring decision, wherever a step (or the run) logged it; None if never logged."""
    sources = [run.metadata, *(s.metadata for s in run.steps)]
    for meta in sources:
        direct = flag(meta.get("retrain_triggered"))
        if direct is not None:
            return direct
        for key in DECISION_KEYS:
            decision = meta.get(key)
            if isinstance(decision, Mapping):
                for inner in TRIGGER_KEYS:
                    value = flag(decision.get(inner))
                    if value is not None:
                        return value
    return None
