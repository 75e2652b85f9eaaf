"""Compare holdout metrics with the configured minimums."""

from typing import Annotated

from zenml import log_metadata, step

from core.config import GateConfig
from core.metadata_keys import QUALITY_GATE
from core.modeling.gate import GateResult, check_gate


@step
def quality_gate(
    holdout_metrics: dict[str, float], gate: GateConfig
) -> Annotated[GateResult, "gate_result"]:
    """A failing model is still registered, but never promoted."""
    result = check_gate(holdout_metrics, gate)
    outcome = result.model_dump()
    log_metadata({QUALITY_GATE: outcome})
    log_metadata(metadata={QUALITY_GATE: outcome}, infer_model=True)
    return result
