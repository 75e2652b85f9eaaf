"""Closing the loop: which signals count, debounce, guard rails and what retraining uses."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from core.config.base import Metric, Strict
from core.config.data import DataConfig


class DebounceConfig(Strict):
    """Retrain only when drift holds in >= `min_drifted` of the last `windows` windows."""

    windows: int = Field(3, ge=1, le=1000, description="M: monitoring windows looked at")
    min_drifted: int = Field(2, ge=1, description="N: drifted windows needed among the last M")
    require_latest: bool = Field(True, description="the latest window must be drifted too")

    @model_validator(mode="after")
    def _check(self) -> DebounceConfig:
        if self.min_drifted > self.windows:
            raise ValueError(
                f"loop.debounce.min_drifted ({self.min_drifted}) cannot exceed "
                f"loop.debounce.windows ({self.windows})"
            )
        return self


class GuardConfig(Strict):
    """Guard rails around automatic retraining."""

    cooldown_windows: int = Field(3, ge=0, description="no retrain within N windows of one")
    cooldown_hours: float = Field(0.0, ge=0.0, description="no retrain within H hours of one")
    max_retrains_per_day: int = Field(3, ge=0, description="per model, rolling 24 hours")
    dry_run: bool = Field(False, description="report what would happen; never train")


class PerformanceConfig(Strict):
    """Delayed labels: score the champion on an earlier batch whose labels have arrived."""

    labels: DataConfig | None = Field(None, description="labelled earlier batch; None = skip")
    metric: Metric = "f1"
    max_drop: float = Field(0.05, ge=0.0, le=1.0, description="allowed drop vs holdout")


class RetrainConfig(Strict):
    """What a triggered retraining run trains on and with which training config."""

    training_config: str = Field("configs/training.yaml", min_length=1)
    overrides: list[str] = Field(default_factory=list, description="dotted.key=value")
    data_window: Literal["reference_plus_recent", "recent"] = "reference_plus_recent"
    recent_windows: int = Field(3, ge=1, le=1000, description="batches of the last N windows")


LoopSignal = Literal["data_drift", "prediction_drift", "performance"]
ALL_SIGNALS: list[LoopSignal] = ["data_drift", "prediction_drift", "performance"]


class LoopConfig(Strict):
    """Closing the loop: which signals mark a window drifted, debounce, guard rails, retrain."""

    enabled: bool = Field(True, description="False: monitor and decide, never launch training")
    signals: list[LoopSignal] = Field(default_factory=lambda: list(ALL_SIGNALS), min_length=1)
    debounce: DebounceConfig = Field(default_factory=DebounceConfig)
    guard: GuardConfig = Field(default_factory=GuardConfig)
    performance: PerformanceConfig = Field(default_factory=PerformanceConfig)
    retrain: RetrainConfig = Field(default_factory=RetrainConfig)
