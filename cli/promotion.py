"""Promote a model version through the promotion pipeline, or deploy that pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.config import PromotionRunConfig
from core.errors import ConfigError, LoopstackError


def promotion_outcome(run: Any) -> dict[str, Any]:
    """The `promotion_result` of a finished promotion run."""
    return dict(run.steps["promote_version"].outputs["promotion_result"][0].load())


def promote(config: PromotionRunConfig, config_path: Path) -> dict[str, Any]:
    """CLI promotion: check the version exists first (one-line error), then run the pipeline."""
    from core.promotion.versions import resolve_version
    from orchestration.launch import launch
    from steps.promotion.version_registry import read_versions

    resolve_version(config.model.name, config.version, read_versions(config.model.name))
    outcome = promotion_outcome(launch(config, config_path))
    if outcome["status"] == "error":
        raise LoopstackError(outcome["message"])
    return outcome


def serve_promotion(config: PromotionRunConfig, name: str, timeout: int = 300) -> Any:
    """Deploy the promotion pipeline (defaults from `config`) on the active stack's deployer."""
    from orchestration.launch import pipeline_object, promotion_parameters

    if not config.model.name:
        raise ConfigError("model.name: the promotion config needs a model name")
    return pipeline_object("promotion").deploy(name, timeout, **promotion_parameters(config))
