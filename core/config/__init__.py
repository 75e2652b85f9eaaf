"""Run configuration: one YAML file per pipeline run, validated with pydantic.

`load_config(path, overrides)` returns a typed config or raises `ConfigError` with one
line that names the file, the key and what is wrong. Every name is importable from
`core.config` (the path older code and stored objects use); the modules group them:
`data` (sources, checks, drift, outputs), `model` (candidates, gate, promotion),
`run_settings`, `loop`, `pipelines` (one model per pipeline) and `loading`.
"""

from core.config.base import Metric, Stage, Strict
from core.config.data import (
    DataConfig,
    DriftConfig,
    OutputConfig,
    SampleConfig,
    SplitConfig,
    ValidationConfig,
)
from core.config.loading import (
    apply_override,
    load_any_config,
    load_config,
    override_scope,
    parse_config,
    require_scopes_match,
)
from core.config.loop import (
    ALL_SIGNALS,
    DebounceConfig,
    GuardConfig,
    LoopConfig,
    LoopSignal,
    PerformanceConfig,
    RetrainConfig,
)
from core.config.model import CandidateConfig, GateConfig, ModelConfig, PromotionConfig
from core.config.pipelines import (
    PIPELINES,
    BatchInferenceConfig,
    FeatureConfig,
    FeatureTableConfig,
    MonitoringConfig,
    NightlyConfig,
    NightlyStage,
    PromotionRunConfig,
    RunConfig,
    TrainingConfig,
)
from core.config.run_settings import RetryConfig, RunSettings, ScheduleConfig, StepResources

__all__ = [
    "ALL_SIGNALS",
    "PIPELINES",
    "BatchInferenceConfig",
    "CandidateConfig",
    "DataConfig",
    "DebounceConfig",
    "DriftConfig",
    "FeatureConfig",
    "FeatureTableConfig",
    "GateConfig",
    "GuardConfig",
    "LoopConfig",
    "LoopSignal",
    "Metric",
    "ModelConfig",
    "MonitoringConfig",
    "NightlyConfig",
    "NightlyStage",
    "OutputConfig",
    "PerformanceConfig",
    "PromotionConfig",
    "PromotionRunConfig",
    "RetrainConfig",
    "RetryConfig",
    "RunConfig",
    "RunSettings",
    "SampleConfig",
    "ScheduleConfig",
    "SplitConfig",
    "Stage",
    "StepResources",
    "Strict",
    "TrainingConfig",
    "ValidationConfig",
    "apply_override",
    "load_any_config",
    "load_config",
    "override_scope",
    "parse_config",
    "require_scopes_match",
]
