"""Promotion: move a model version to a stage. Run from the CLI or deploy it and press Run
in the dashboard's Deployments -> Playground (the parameters are the JSON form)."""

from typing import Any

from zenml import pipeline

from core.config import ModelConfig
from pipelines.hooks import report_failure
from steps.promotion.promote_version import promote_version

DEFAULT_MODEL = str(ModelConfig.model_fields["name"].default)  # as in configs/*.yaml


@pipeline(enable_cache=False, on_failure=report_failure)
def promotion_pipeline(
    model: str = DEFAULT_MODEL,
    version: str | int = "latest",
    stage: str = "staging",
    reason: str = "",
    force: bool = False,
    metric: str = "roc_auc",
) -> dict[str, Any]:
    """Defaults: the newest version that passed the quality gate goes to staging."""
    result: dict[str, Any] = promote_version(model, version, stage, reason, force, metric)
    return result
