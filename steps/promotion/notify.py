"""Tell people what happened: a log line, and an alert when the project includes alerting
(`integrations.alerts`) and the stack has an alerter."""

from typing import Any

from zenml import get_step_context, step
from zenml.logger import get_logger

from core.modeling.gate import GateResult
from integrations import alerts_included

logger = get_logger(__name__)


@step(enable_cache=False)
def notify_training(
    promotion_decision: dict[str, Any],
    gate_result: GateResult,
    holdout_metrics: dict[str, float],
) -> str:
    """One readable line: metrics, gate, promoted or not and why."""
    metrics = ", ".join(f"{k} {v:.3f}" for k, v in holdout_metrics.items() if k != "n_rows")
    verdict = "PROMOTED" if promotion_decision["promoted"] else "not promoted"
    version = promotion_decision["model_version"]
    line = (
        f"model version {version}: {metrics}; gate {gate_result.summary}; "
        f"{verdict}: {promotion_decision['reason']}"
    )
    logger.info(line)
    if alerts_included():
        from integrations.alerts import alert_training

        run = get_step_context().pipeline_run
        alert_training(line, promotion_decision, gate_result.summary, holdout_metrics, run)
    return line
