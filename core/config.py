"""Run configuration: one YAML file per pipeline run, validated with pydantic.

`load_config(path, overrides)` returns a typed config or raises `ConfigError` with one
line that names the file, the key and what is wrong.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from core.data.artifact_source import is_artifact_source, parse_artifact_source
from core.errors import ConfigError, DataError
from core.promotion.stages import PromotionStage

if TYPE_CHECKING:
    from core.data.builtin import BuiltinDataset
    from core.serving.config import ServeConfig

Metric = Literal["accuracy", "f1", "roc_auc"]
Stage = Literal["staging", "production"]


def _builtin(source: object) -> BuiltinDataset | None:
    if not isinstance(source, str) or not source.startswith("builtin:"):
        return None  # the generators (numpy, pandas) are imported only for a built-in source
    from core.data.builtin import builtin_dataset

    return builtin_dataset(source)


class Strict(BaseModel):
    """Base model: unknown keys are errors, values are validated on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class SampleConfig(Strict):
    """Parameters of the built-in data generator (`data.source: builtin:<name>`)."""

    rows: int = Field(5000, ge=10, le=50_000_000)
    seed: int = 42
    batch: int = Field(0, ge=0, description="0 = reference data; 1, 2, ... = later batches")
    drift: float = Field(0.0, ge=0.0, le=1.0, description="strength of injected drift")
    extra_features: int = Field(0, ge=0, le=500, description="extra numeric noise columns")


class DataConfig(Strict):
    """Where a table comes from and how its columns are used."""

    source: str = Field(
        ...,
        min_length=1,
        description="CSV/Parquet path, s3:// URI, builtin:churn or artifact:<name>[:<version>]",
    )
    target: str | None = Field(None, description="target column (required for training)")
    id_column: str | None = Field(None, description="stable row id; hashed from the row if unset")
    format: Literal["auto", "csv", "parquet"] = "auto"
    decimal: Literal["auto", ".", ","] = Field(
        "auto", description="CSV decimal mark; auto detects '1,5' in a non-comma-separated file"
    )
    numeric: list[str] | None = Field(None, description="override inferred numeric features")
    categorical: list[str] | None = Field(None, description="override inferred categoricals")
    drop: list[str] = Field(default_factory=list, description="columns never used as features")
    sample: SampleConfig = Field(default_factory=SampleConfig)

    @model_validator(mode="before")
    @classmethod
    def _sample_id(cls, raw: Any) -> Any:
        """A built-in dataset's id column, unless `data.id_column` is set (even to null)."""
        sample = _builtin(raw.get("source")) if isinstance(raw, dict) else None
        if sample is not None and sample.id_column and "id_column" not in raw:
            return {**raw, "id_column": sample.id_column}
        return raw

    @field_validator("source")
    @classmethod
    def _artifact_form(cls, value: str) -> str:
        if is_artifact_source(value):
            try:
                parse_artifact_source(value)
            except DataError as exc:
                raise ValueError(str(exc)) from None
        return value


class ValidationConfig(Strict):
    """Row-level data checks; failing rows are quarantined, never silently dropped."""

    max_quarantine_share: float = Field(0.05, ge=0.0, le=1.0)
    max_unseen_share: float = Field(
        0.05,
        ge=0.0,
        le=1.0,
        description="at inference, a categorical column with more of its values unseen in "
        "training has those rows quarantined; below it they are scored and reported",
    )
    ranges: dict[str, tuple[float | None, float | None]] = Field(default_factory=dict)
    allowed_values: dict[str, list[str]] = Field(default_factory=dict)
    not_null: list[str] = Field(default_factory=list)
    strict: bool = Field(
        False, description="fail when a column is left out of the features without data.drop"
    )


class SplitConfig(Strict):
    """Deterministic split by hashing the row id: a row never changes split."""

    validation_share: float = Field(0.2, gt=0.0, lt=0.5)
    holdout_share: float = Field(0.2, gt=0.0, lt=0.5)
    salt: str = "loopstack"


class CandidateConfig(Strict):
    """One model candidate: a known estimator kind and its parameters."""

    name: str = Field(..., pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal[
        "logistic_regression",
        "random_forest",
        "extra_trees",
        "hist_gradient_boosting",
        "gradient_boosting",
    ]
    params: dict[str, Any] = Field(default_factory=dict)


class GateConfig(Strict):
    """Minimum holdout metrics a model needs before it may be promoted."""

    min_accuracy: float = Field(0.0, ge=0.0, le=1.0)
    min_f1: float = Field(0.0, ge=0.0, le=1.0)
    min_roc_auc: float = Field(0.0, ge=0.0, le=1.0)


class PromotionConfig(Strict):
    """How a challenger that passed the gate is compared and where it goes."""

    policy: Literal["compare", "always", "never"] = "compare"
    stage: Stage = "production"
    metric: Metric = "roc_auc"
    margin: float = Field(0.0, ge=0.0, le=1.0, description="challenger must win by more")


class ModelConfig(Strict):
    name: str = Field("churn_classifier", pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$")
    description: str = "Tabular classifier trained by loopstack."


class DriftConfig(Strict):
    """Evidently data-drift settings (DataDriftPreset)."""

    drift_share: float = Field(0.5, gt=0.0, le=1.0, description="share of drifted columns")
    method: str | None = Field(None, description="Evidently stattest for all columns")
    threshold: float | None = Field(None, gt=0.0, description="stattest threshold")
    per_column_method: dict[str, str] = Field(default_factory=dict)
    sample_rows: int | None = Field(200_000, ge=1000, description="rows sampled per side")


class OutputConfig(Strict):
    uri: str | None = Field(None, description="extra copy of predictions (dir or s3:// prefix)")


class StepResources(Strict):
    """Container resources of one step on container orchestrators (Kubeflow). No memory: ZenML
    0.98's Kubeflow orchestrator passes it to kfp as a float, which kfp rejects."""

    cpu: float | None = Field(None, gt=0)
    gpu: int | None = Field(None, ge=0, description="needs an accelerator node selector")


class RetryConfig(Strict):
    """Retries of the steps that do I/O (read sources, registries, write outputs)."""

    max_retries: int = Field(2, ge=0, le=10, description="0 = no retries")
    delay_seconds: int = Field(2, ge=0, le=3600, description="wait before the first retry")
    backoff: int = Field(2, ge=1, le=10, description="each wait is the previous one times this")


class RunSettings(Strict):
    cache: bool = True
    stack: str | None = Field(None, description="switch to this ZenML stack before running")
    retry: RetryConfig = Field(default_factory=RetryConfig)
    resources: dict[str, StepResources] = Field(
        default_factory=dict, description="step name -> container resources (Kubeflow)"
    )


class ScheduleConfig(Strict):
    """When the orchestrator runs the pipeline by itself: a cron line or an interval."""

    cron: str | None = Field(None, description="5-field cron, e.g. '0 2 * * *' (02:00 daily)")
    interval_minutes: int | None = Field(None, ge=1, description="run every N minutes")
    start: datetime | None = Field(None, description="first run (ISO time); default: now")
    end: datetime | None = Field(None, description="no runs after this time")
    catchup: bool = False

    @model_validator(mode="after")
    def _one_trigger(self) -> ScheduleConfig:
        if (self.cron is None) == (self.interval_minutes is None):
            raise ValueError("schedule: set exactly one of cron or interval_minutes")
        if self.cron is not None and len(self.cron.split()) != 5:
            raise ValueError(f"schedule.cron: {self.cron!r} needs 5 fields, e.g. '0 2 * * *'")
        if self.start and self.end and self.end <= self.start:
            raise ValueError("schedule.end: must be after schedule.start")
        return self


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


class _Root(BaseModel):
    config: Annotated[RunConfig, Field(discriminator="pipeline")]


def override_scope(assignment: str) -> tuple[str | None, str]:
    """`training:model.name=x` -> ("training", "model.name=x"): an override for one pipeline's
    configs only; `model.name=x` -> (None, ...) applies to every config. Only the part before
    the first `=` is looked at, so values may contain colons (`data.source=s3://...`)."""
    key = assignment.partition("=")[0]
    if ":" not in key:
        return None, assignment
    scope, _, rest = assignment.partition(":")
    if scope not in PIPELINES:
        raise ConfigError(
            f"--set {assignment!r}: {scope!r} is not a pipeline; scope an override with one of "
            f"{', '.join(PIPELINES)} (e.g. training:model.name=churn)"
        )
    return scope, rest


def require_scopes_match(overrides: list[str], pipelines: list[str]) -> None:
    """A scoped override must reach a config: `--set monitoring:...` with no monitoring config
    would otherwise be ignored without a word."""
    for assignment in overrides:
        scope, _ = override_scope(assignment)
        if scope is not None and scope not in pipelines:
            raise ConfigError(
                f"--set {assignment!r}: no --config runs the {scope} pipeline "
                f"(the configs run: {', '.join(pipelines)})"
            )


def apply_override(raw: dict[str, Any], assignment: str) -> None:
    """Apply one `dotted.key=value` override in place; the value is parsed as YAML."""
    key, sep, value = assignment.partition("=")
    if not sep or not key:
        raise ConfigError(
            f"--set {assignment!r}: expected dotted.key=value, e.g. data.sample.rows=1000"
        )
    node = raw
    parts = key.split(".")
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ConfigError(f"--set {assignment!r}: {part!r} is not a section")
        node = child
    node[parts[-1]] = yaml.safe_load(value) if value else ""


def _describe(error: dict[str, Any]) -> str:
    parts = list(error["loc"])
    if parts[:1] == ["config"]:  # the root wrapper, then the pipeline tag of the union
        parts = parts[2:] if len(parts) > 1 and _is_tag(parts[1]) else parts[1:]
    loc = ".".join(str(p) for p in parts)
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = "unknown key (check the spelling; see configs/README.md for valid keys)"
    elif error["type"] == "missing":
        message = "required key is missing"
    elif error["type"] == "union_tag_invalid":
        loc = "pipeline"
        message = f"must be one of {', '.join(PIPELINES)}"
    elif error["type"] == "union_tag_not_found":
        loc = "pipeline"
        message = f"required key is missing (one of {', '.join(PIPELINES)})"
    return f"{loc}: {message}" if loc else message


def _is_tag(part: object) -> bool:
    return part in PIPELINES


def parse_config(raw: object, source: str = "<config>") -> RunConfig:
    """Validate an already-loaded mapping; errors name `source` and the first bad key."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: expected a mapping of keys at the top level")
    try:
        return _Root(config=raw).config
    except ValidationError as exc:
        errors = exc.errors()
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ConfigError(f"{source}: {_describe(dict(errors[0]))}{more}") from None


def _read(path: str | Path, overrides: list[str] | None) -> dict[str, Any]:
    file = Path(path)
    if not file.is_file():
        raise ConfigError(f"{file}: config file not found (see configs/ for examples)")
    try:
        raw = yaml.safe_load(file.read_text()) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{file}:{where} invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{file}: expected a mapping of keys at the top level")
    for assignment in overrides or []:
        scope, override = override_scope(assignment)
        if scope is None or scope == raw.get("pipeline"):
            apply_override(raw, override)
    return raw


def load_config(path: str | Path, overrides: list[str] | None = None) -> RunConfig:
    """Read, override and validate a run config file (one pipeline)."""
    raw = _read(path, overrides)
    if raw.get("pipeline") == "nightly":
        raise ConfigError(f"{Path(path)}: a nightly config runs other configs; use run.py --config")
    return parse_config(raw, str(Path(path)))


def load_any_config(
    path: str | Path, overrides: list[str] | None = None
) -> RunConfig | NightlyConfig | ServeConfig:
    """Like `load_config`, but also accepts a composite `pipeline: nightly` config and the
    online service's `pipeline: serve` config."""
    raw = _read(path, overrides)
    if raw.get("pipeline") not in ("nightly", "serve"):
        return parse_config(raw, str(Path(path)))
    try:
        if raw["pipeline"] == "serve":
            from core.serving.config import ServeConfig

            return ServeConfig.model_validate(raw)
        return NightlyConfig.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ConfigError(f"{Path(path)}: {_describe(dict(errors[0]))}{more}") from None
