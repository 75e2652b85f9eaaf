"""Turn a validated config into a pipeline run on the active (or requested) stack."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from cli.operate import pipeline_options, run_operate
from core.config import (
    BatchInferenceConfig,
    FeatureConfig,
    PromotionRunConfig,
    RunConfig,
    TrainingConfig,
)
from core.data.artifact_source import is_artifact_source
from core.errors import ModelNotFoundError

AnyConfig = RunConfig


def switch_stack(name: str) -> None:
    """Activate `name`; register it from stacks/<name>.yaml first if it is not known yet."""
    from zenml.client import Client

    from cli.stacks import stack_up

    client = Client()
    try:  # exact name: `local` must not prefix-match `local-services`
        stack = client.get_stack(name, allow_name_prefix_match=False)
    except KeyError:
        stack_up(name, activate=True)
    else:
        client.activate_stack(stack.id)


def require_model_version(model_name: str, stage: str) -> Any:
    """The version in `stage` (ZenML's record of it), or a clear error telling the user how to
    get one."""
    from zenml.client import Client

    try:
        Client().get_model(model_name)
    except KeyError:
        raise ModelNotFoundError(
            f"model '{model_name}' does not exist yet: train it first with "
            "`python run.py --config configs/training.yaml`"
        ) from None
    try:
        return Client().get_model_version(model_name, stage)
    except KeyError:
        raise ModelNotFoundError(
            f"model '{model_name}' has no {stage} version: train a model that passes the gate "
            f"(`python run.py --config configs/training.yaml`) or promote one "
            f"(`zenml model version update {model_name} <version> --stage {stage}`)"
        ) from None


def transform_recorded(version: Any) -> bool:
    """Whether a model version (ZenML's record) carries a `feature_transform` artifact (versions
    trained before it was recorded do not; they score raw batches as before)."""
    return version.get_artifact("feature_transform") is not None


def require_feature_table(config: AnyConfig) -> None:
    """An `artifact:` data source must name an existing feature table version (one-line error)."""
    data = getattr(config, "data", None)
    if data is not None and is_artifact_source(data.source):
        from steps.data.feature_table_source import resolve_feature_table

        resolve_feature_table(data.source)


def provenance(config: AnyConfig, config_path: Path) -> dict[str, Any]:
    """What a model version records about how it was made."""
    return {
        "git_commit": _git("rev-parse", "HEAD") or "unknown",
        "git_dirty": bool(_git("status", "--porcelain")),
        "config_file": str(config_path),
        "config": config.model_dump(mode="json"),
    }


def run(config: AnyConfig, config_path: Path, no_cache: bool = False) -> Any:
    """Build the pipeline for `config.pipeline` and run it; return the run response."""
    from zenml import Model

    from orchestration.settings import merge_options, run_options

    cache = config.run.cache and not no_cache
    require_feature_table(config)
    if isinstance(config, PromotionRunConfig | FeatureConfig):
        return run_operate(config, config_path, cache)
    options = merge_options(pipeline_options(config, config_path), run_options(config))
    if isinstance(config, TrainingConfig):
        from pipelines.training import training_pipeline

        model = Model(name=config.model.name, description=config.model.description)
        return training_pipeline.with_options(model=model, enable_cache=cache, **options)(
            config=config, provenance=provenance(config, config_path)
        )
    pinned = require_model_version(config.model.name, config.stage)
    model = Model(name=config.model.name, version=str(pinned.name))
    recorded = transform_recorded(pinned)
    if isinstance(config, BatchInferenceConfig):
        from pipelines.batch_inference import batch_inference_pipeline

        pipe = batch_inference_pipeline.with_options(model=model, enable_cache=cache, **options)
        return pipe(config=config, transform_recorded=recorded)
    from pipelines.monitoring import monitoring_pipeline

    pipe = monitoring_pipeline.with_options(model=model, enable_cache=cache, **options)
    return pipe(config=config, transform_recorded=recorded)


def _git(*args: str) -> str:
    try:
        out = subprocess.run(["git", *args], capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip()
