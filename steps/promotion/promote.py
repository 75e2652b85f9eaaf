"""Apply the promotion policy: move the challenger to its stage, or keep the champion."""

from typing import Annotated, Any

from zenml import get_step_context, log_metadata, step
from zenml.logger import get_logger

from core.config import PromotionConfig
from core.metadata_keys import PROMOTION
from core.modeling.gate import GateResult
from core.promotion.champion import ChampionMetrics
from core.promotion.decide import decide_promotion
from core.promotion.rules import incomparable_reason
from steps.promotion.alias_repair import repair_stage_alias
from steps.promotion.audit_trail import record_stage_change, stage_name
from steps.promotion.promotion_lock import champion_now, promotion_lock
from steps.promotion.registry_mirror import mirror_stage_to_mlflow

logger = get_logger(__name__)


@step(experiment_tracker=True, enable_cache=False)
def promote_model(
    holdout_metrics: dict[str, float],
    champion_metrics: ChampionMetrics,
    gate_result: GateResult,
    mlflow_model_version: str,
    promotion: PromotionConfig,
) -> Annotated[dict[str, Any], "promotion_decision"]:
    """ZenML's stage is the source of truth; the MLflow alias follows it. The decision is made
    under the promotion lock, against the stage holder read again inside it."""
    model = get_step_context().model
    with promotion_lock(model.name):
        champion_metrics, note = champion_now(model.name, promotion.stage, champion_metrics)
        promote, reason = _decide(holdout_metrics, champion_metrics, gate_result, promotion)
        reason += note
        alias = None
        if promote:
            previous = stage_name(model.stage)
            model.set_stage(promotion.stage, force=True)
            record_stage_change(
                model.name,
                str(model.version),
                reason=reason,
                stage=promotion.stage,
                previous_stage=previous,
            )
            alias = mirror_stage_to_mlflow(model.name, mlflow_model_version, promotion.stage)
        else:
            _repair_alias(model.name, promotion.stage)
    outcome = {
        "promoted": promote,
        "stage": promotion.stage if promote else None,
        "model_version": str(model.version),
        "champion_version": champion_metrics.version,
        "mlflow_alias": alias,
        "reason": reason,
    }
    log_metadata({PROMOTION: outcome})
    log_metadata(metadata={PROMOTION: outcome}, infer_model=True)
    return outcome


def _decide(
    holdout_metrics: dict[str, float],
    champion_metrics: ChampionMetrics,
    gate_result: GateResult,
    promotion: PromotionConfig,
) -> tuple[bool, str]:
    if not champion_metrics.comparable and promotion.policy == "compare":
        return False, incomparable_reason(champion_metrics.version)
    scored = champion_metrics.metrics
    champion = scored if promotion.metric in scored else None
    decision = decide_promotion(
        promotion.policy,
        gate_result.passed,
        holdout_metrics,
        champion,
        promotion.metric,
        promotion.margin,
    )
    return decision.promote, decision.reason


def _repair_alias(model: str, stage: str) -> None:
    """Repair the stage's MLflow alias; a repair that fails is reported, not fatal."""
    try:
        repaired = repair_stage_alias(model, stage)
    except Exception as exc:  # the mirror is a convenience; ZenML's stage is the truth
        logger.warning(f"MLflow alias of {model}'s {stage} version not repaired: {exc}")
    else:
        if repaired:
            logger.warning(repaired)
