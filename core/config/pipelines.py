"""One config model per pipeline (the `pipeline:` key picks it) and the composite run."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from core.config.base import Metric, Stage, Strict
from core.config.data import (
    DataConfig,
    DriftConfig,
    OutputConfig,
    SplitConfig,
    ValidationConfig,
    _builtin,
)
from core.config.loop import LoopConfig
from core.config.model import CandidateConfig, GateConfig, ModelConfig, PromotionConfig
from core.config.run_settings import RunSettings, ScheduleConfig
from core.promotion.stages import PromotionStage


class _PipelineConfig(Strict):
    model: ModelConfig = Field(default_factory=ModelConfig)
    data: DataConfig
    run: RunSettings = Field(default_factory=RunSettings)
    schedule: ScheduleConfig | None = None

    @model_validator(mode="before")
    @classmethod
    def _sample_ranges(cls, raw: Any) -> Any:
        """A built-in dataset's `validation.ranges`, unless the config sets them."""
        if not isinstance(raw, dict) or "validation" not in cls.model_fields:
            return raw
        data = raw.get("data")
        sample = _builtin(
            data.get("source") if isinstance(data, dict) else getattr(data, "source", None)
        )
        rules = raw.get("validation") or {}
        if sample is None or not sample.ranges:
            return raw
        if isinstance(rules, ValidationConfig):
            if "ranges" in rules.model_fields_set:
                return raw
            return {**raw, "validation": rules.model_copy(update={"ranges": dict(sample.ranges)})}
        if isinstance(rules, dict) and "ranges" not in rules:
            return {**raw, "validation": {**rules, "ranges": dict(sample.ranges)}}
        return raw


class TrainingConfig(_PipelineConfig):
    pipeline: Literal["training"]
    validation: ValidationConfig = Field(default_factory=ValidationConfig)
    split: SplitConfig = Field(default_factory=SplitConfig)
    candidates: list[CandidateConfig] = Field(..., min_length=1)
    selection_metric: Metric = "roc_auc"
    seed: int = Field(
        42, description="random state of every candidate: same data + seed, same model"
    )
    gate: GateConfig = Field(default_factory=GateConfig)
    promotion: PromotionConfig = Field(default_factory=PromotionConfig)

    @model_validator(mode="after")
    def _check(self) -> TrainingConfig:
        if not self.data.target:
            raise ValueError("data.target: a training config needs the target column name")
        names = [c.name for c in self.candidates]
        if len(set(names)) != len(names):
            raise ValueError(f"candidates: names must be unique, got {names}")
        return self


class _ScoringConfig(_PipelineConfig):
    """A pipeline that scores batches with the model version in `stage`."""

    pipeline: str
    stage: Stage = "production"
    validation: ValidationConfig = Field(default_factory=ValidationConfig)
    drift: DriftConfig = Field(default_factory=DriftConfig)


class BatchInferenceConfig(_ScoringConfig):
    pipeline: Literal["batch_inference"]
    output: OutputConfig = Field(default_factory=OutputConfig)


class MonitoringConfig(_ScoringConfig):
    pipeline: Literal["monitoring"]
    loop: LoopConfig = Field(default_factory=LoopConfig)


class PromotionRunConfig(Strict):
    """Move a model version to a stage (also deployable; see pipelines/promotion.py)."""

    pipeline: Literal["promotion"]
    model: ModelConfig = Field(default_factory=ModelConfig)
    version: str = Field("latest", description="'latest' (newest that passed the gate), N, name")

    @field_validator("version", mode="before")
    @classmethod
    def _number_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    stage: PromotionStage = "staging"
    reason: str = ""
    force: bool = Field(False, description="promote although the gate or champion check fails")
    metric: Metric = "roc_auc"
    run: RunSettings = Field(default_factory=RunSettings)
    schedule: ScheduleConfig | None = None


class FeatureTableConfig(Strict):
    """The versioned feature table the feature pipeline writes."""

    name: str = Field("churn_features", pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$")
    ratios: dict[str, tuple[str, str]] = Field(
        default_factory=dict, description="new column -> [numerator, denominator]"
    )
    entity: str | None = Field(None, description="entity column for point-in-time aggregates")
    timestamp: str | None = Field(None, description="event time column (point-in-time)")
    aggregates: list[str] = Field(
        default_factory=list, description="numeric columns: mean/count of earlier rows per entity"
    )

    @model_validator(mode="after")
    def _point_in_time(self) -> FeatureTableConfig:
        if self.aggregates and not (self.entity and self.timestamp):
            raise ValueError("features.aggregates: needs features.entity and features.timestamp")
        return self


class FeatureConfig(_PipelineConfig):
    pipeline: Literal["feature"]
    validation: ValidationConfig = Field(default_factory=ValidationConfig)
    features: FeatureTableConfig = Field(default_factory=FeatureTableConfig)


PIPELINES = (
    "training",
    "batch_inference",
    "monitoring",
    "promotion",
    "feature",
    "nightly",
    "serve",
)


RunConfig = (
    TrainingConfig | BatchInferenceConfig | MonitoringConfig | PromotionRunConfig | FeatureConfig
)
"""The config of one pipeline run (a composite run is a `NightlyConfig`)."""


class NightlyStage(Strict):
    """One stage of a composite run: another config file (relative to this one) + overrides."""

    config: str = Field(..., min_length=1, description="config file, relative to this file")
    overrides: list[str] = Field(default_factory=list, description="dotted.key=value")


class NightlyConfig(Strict):
    """A composite run: the stages run in order, each only if the previous one succeeded."""

    pipeline: Literal["nightly"]
    stages: dict[str, NightlyStage] = Field(..., min_length=1, description="name -> stage")
    stack: str | None = Field(None, description="switch to this ZenML stack before running")
