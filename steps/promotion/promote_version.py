"""Move one model version to a stage on request (CLI or dashboard), with checks and an audit."""

from typing import Annotated, Any

from zenml import log_metadata, step
from zenml.config.retry_config import StepRetryConfig
from zenml.logger import get_logger

from core.errors import LoopstackError
from core.metadata_keys import PROMOTION
from core.promotion.check import check_promotion
from core.promotion.versions import current_holder, resolve_version
from steps.promotion.alias_repair import repair_stage_alias
from steps.promotion.audit_trail import record_stage_change
from steps.promotion.registry_mirror import STAGE_TO_ALIAS, mirror_stage_to_mlflow
from steps.promotion.version_registry import mlflow_tracking_uri, read_versions

logger = get_logger(__name__)
IO_RETRY = StepRetryConfig(max_retries=2, delay=1, backoff=2)


@step(experiment_tracker=True, enable_cache=False, retry=IO_RETRY)
def promote_version(
    model: str, version: str | int, stage: str, reason: str, force: bool, metric: str
) -> Annotated[dict[str, Any], "promotion_result"]:
    """Resolve `version`, refuse gate-failed or worse-than-champion versions unless `force`,
    set the ZenML stage (the source of truth), mirror the MLflow alias, append to the audit.

    Refusals and unknown versions are results (status `refused` / `error`) with a readable
    `message`, so a person pressing Run in the dashboard sees why.
    """
    from mlflow.exceptions import MlflowException
    from zenml.client import Client

    try:
        versions = read_versions(model)
        target = resolve_version(model, str(version), versions)
        champion = current_holder(versions, "production")
        check = check_promotion(target, stage, champion, metric=metric, force=force)
    except LoopstackError as exc:
        logger.error(str(exc))
        return {"status": "error", "model": model, "version": version, "message": str(exc)}
    result: dict[str, Any] = {
        "model": model,
        "version": target.name,
        "stage": stage,
        "previous_stage": target.stage or "none",
        "message": check.message,
    }
    if not check.allowed:
        logger.warning(check.message)
        return {"status": "refused", **result}

    client = Client()
    client.update_model_version(model, target.name, stage=stage, force=True)
    alias = None
    tracking_uri = mlflow_tracking_uri()
    if tracking_uri and target.mlflow_version:
        try:
            alias = mirror_stage_to_mlflow(
                model, target.mlflow_version, stage, tracking_uri, previous_stage=target.stage
            )
        except MlflowException:  # the MLflow store lost that version: register it again
            repaired = repair_stage_alias(model, stage)
            alias = STAGE_TO_ALIAS.get(stage) if repaired else None
            if repaired:
                logger.warning(repaired)
    entry = record_stage_change(
        model,
        target.name,
        reason=reason,
        stage=stage,
        previous_stage=target.stage,
        forced=force and bool(check.problems),
        problems=check.problems,
    )
    result.update(status="promoted", mlflow_alias=alias, audit=entry)
    log_metadata({PROMOTION: result})
    logger.info(check.message)
    return result
