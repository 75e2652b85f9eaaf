"""One launch path: a validated run config -> the pipeline, its parameters and its options.

Every way of starting a pipeline (run.py, nightly, watch, the loop demo, the drift retrain,
promotion, feature, the Airflow shortcut, the Kubeflow compile, the bench) goes through
`prepare()` and `launch()`, so a run gets the same cache, retries, schedule, Docker settings,
resources and model on every stack.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.config import (
    BatchInferenceConfig,
    MonitoringConfig,
    PromotionRunConfig,
    RunConfig,
    TrainingConfig,
)
from core.data.artifact_source import is_artifact_source
from core.launch.output_check import require_writable_output
from core.launch.provenance import provenance
from core.launch.retry import local_io_steps, retry_overrides
from core.launch.schedule import require_schedulable, schedule_fields
from orchestration.model_lookup import (
    require_model_files,
    require_model_version,
    transform_recorded,
)
from orchestration.settings import merge_options, run_options

logger = logging.getLogger(__name__)

# The one pipeline registry: config `pipeline:` value -> "module:attribute".
PIPELINES: dict[str, str] = {
    "training": "pipelines.training:training_pipeline",
    "batch_inference": "pipelines.batch_inference:batch_inference_pipeline",
    "monitoring": "pipelines.monitoring:monitoring_pipeline",
    "feature": "pipelines.feature:feature_pipeline",
    "promotion": "pipelines.promotion:promotion_pipeline",
}


@dataclass(frozen=True)
class Launch:
    """A pipeline with its options applied and the parameters to call it with."""

    name: str
    pipeline: Any
    parameters: dict[str, Any]

    def __call__(self) -> Any:
        return self.pipeline(**self.parameters)


def pipeline_object(name: str) -> Any:
    """The ZenML pipeline registered under `name`."""
    module, attribute = PIPELINES[name].split(":")
    return getattr(importlib.import_module(module), attribute)


def prepare(
    config: RunConfig,
    config_path: Path | str,
    *,
    no_cache: bool = False,
    lookup: bool = True,
    lineage: dict[str, Any] | None = None,
    tags: list[str] | None = None,
    extra_options: dict[str, Any] | None = None,
) -> Launch:
    """Build the launch of `config` for the active stack.

    `lookup=False` skips what needs records in the ZenML store (the pinned model version, the
    feature table): compiling a spec in a throwaway store. `lineage` is added to a training
    run's provenance (e.g. the drift that triggered a retrain); `tags` to the run's tags;
    `extra_options` are merged last (e.g. orchestrator settings of a benchmark).
    """
    path = Path(config_path)
    config = with_absolute_paths(config, Path.cwd())
    if lookup:
        config = require_feature_table(config)
        output = getattr(config, "output", None)
        require_writable_output(output.uri if output is not None else None)
    options = merge_options(
        schedule_and_retries(config, path), run_options(config), extra_options or {}
    )
    if tags:
        options["tags"] = [*options.get("tags", []), *tags]
    if not isinstance(config, PromotionRunConfig):  # promotion is never cached (its decorator)
        options["enable_cache"] = config.run.cache and not no_cache
    parameters: dict[str, Any] = {"config": config}
    model = None
    if isinstance(config, TrainingConfig):
        from zenml import Model

        model = Model(name=config.model.name, description=config.model.description)
        parameters["provenance"] = {**provenance(config, path), **(lineage or {})}
    elif isinstance(config, BatchInferenceConfig | MonitoringConfig):
        model, parameters["transform_recorded"] = _scoring_model(config, lookup)
    elif isinstance(config, PromotionRunConfig):
        parameters = promotion_parameters(config)
    if model is not None:
        options["model"] = model
    pipeline = pipeline_object(config.pipeline).with_options(**options)
    return Launch(name=config.pipeline, pipeline=pipeline, parameters=parameters)


def launch(config: RunConfig, config_path: Path | str, **kwargs: Any) -> Any:
    """Run `config` on the active stack and return the finished run (None when scheduled).

    Orchestrators that only submit (the local Airflow) are followed until the run ends, so the
    caller sees the same outcome as on the local orchestrator. Runs on the local orchestrator
    go through `orchestration.recovery` (stale runs, empty versions, a store that lost files).
    """
    from orchestration import recovery
    from orchestration.follow import check_ready, follow

    if config.schedule is not None:
        prepared = prepare(config, config_path, **kwargs)
        check_ready(scheduled=True)
        return follow(prepared())
    kwargs["no_cache"] = recovery.before_launch(config, bool(kwargs.get("no_cache")))
    prepared = prepare(config, config_path, **kwargs)
    return run_now(prepared.pipeline, prepared.parameters)


def run_now(pipeline: Any, parameters: dict[str, Any]) -> Any:
    """Run a configured pipeline now on the active stack and return the finished run (followed
    or recorded as `launch` describes)."""
    from orchestration import heap, recovery
    from orchestration.follow import check_ready, follow
    from orchestration.integration_check import check_integrations_once

    check_ready(scheduled=False)
    check_integrations_once()
    heap.settle_before_run()
    if not recovery.is_local_orchestrator():
        return follow(pipeline(**parameters))
    return recovery.run_recorded(pipeline, parameters)


def schedule_and_retries(config: RunConfig, config_path: Path) -> dict[str, Any]:
    """Remote I/O step retries from `run.retry`, and the schedule if there is one (checked
    against the active orchestrator)."""
    options: dict[str, Any] = {}
    data, output = getattr(config, "data", None), getattr(config, "output", None)
    local = local_io_steps(data and data.source, output and output.uri)
    steps = retry_overrides(config.pipeline, config.run.retry, local)
    if steps:
        options["steps"] = steps
    schedule = config.schedule
    if schedule is None:
        return options
    from zenml.client import Client
    from zenml.config.schedule import Schedule

    orchestrator = Client().active_stack.orchestrator
    require_schedulable(
        orchestrator.name,
        orchestrator.flavor,
        orchestrator.config.is_schedulable,
        str(config_path),
        schedule,
    )
    name = f"{config.pipeline}-{config_path.stem}"
    fields = schedule_fields(schedule, name, orchestrator.flavor, str(config_path))
    options["schedule"] = Schedule(**fields)
    return options


def with_absolute_paths(config: RunConfig, base: Path) -> RunConfig:
    """Relative local paths in `data.source`, `output.uri` and the delayed-label source taken
    from `base` (where the user runs `run.py`) at submit time: steps on Airflow run in a folder
    of their own, so a relative path there would read or write somewhere else."""

    def absolute(value: str | None) -> str | None:
        if not value or "://" in value or value.startswith(("builtin:", "artifact:")):
            return value
        return value if Path(value).is_absolute() else str((base / value).resolve())

    update: dict[str, Any] = {}
    data = getattr(config, "data", None)
    if data is not None:
        update["data"] = data.model_copy(update={"source": absolute(data.source)})
    output = getattr(config, "output", None)
    if output is not None and output.uri:
        update["output"] = output.model_copy(update={"uri": absolute(output.uri)})
    if isinstance(config, MonitoringConfig) and config.loop.performance.labels is not None:
        labels = config.loop.performance.labels
        labels = labels.model_copy(update={"source": absolute(labels.source)})
        performance = config.loop.performance.model_copy(update={"labels": labels})
        update["loop"] = config.loop.model_copy(update={"performance": performance})
    return config.model_copy(update=update) if update else config


def promotion_parameters(config: PromotionRunConfig) -> dict[str, Any]:
    return {
        "model": config.model.name,
        "version": config.version,
        "stage": config.stage,
        "reason": config.reason,
        "force": config.force,
        "metric": config.metric,
    }


def _scoring_model(config: BatchInferenceConfig | MonitoringConfig, lookup: bool) -> Any:
    """The model version in `config.stage`, pinned by its name, and whether it records its
    feature transform. Without lookup the stage itself pins it (resolved when the run starts)."""
    from zenml import Model

    if not lookup:
        return Model(name=config.model.name, version=config.stage), True
    pinned = require_model_version(config.model.name, config.stage)
    recorded = transform_recorded(pinned, require_model_files(pinned, config.stage))
    return Model(name=config.model.name, version=str(pinned.name)), recorded


def require_feature_table(config: RunConfig) -> RunConfig:
    """An `artifact:` data source must name an existing feature table version (one-line error);
    unless `data.id_column` is set, the table's recorded row id column becomes it."""
    data = getattr(config, "data", None)
    if data is None or not is_artifact_source(data.source):
        return config
    from steps.data.feature_table_source import resolve_feature_table
    from steps.features.write_feature_table import ID_KEY

    artifact = resolve_feature_table(data.source)
    recorded = artifact.run_metadata.get(ID_KEY)
    if "id_column" in data.model_fields_set or not recorded:
        return config
    logger.info("%s: rows keyed by %s (recorded by the feature run)", data.source, recorded)
    return config.model_copy(update={"data": data.model_copy(update={"id_column": recorded})})
