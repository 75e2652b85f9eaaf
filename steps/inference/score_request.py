"""Score the rows of one service request (the deployment's `/invoke` and Playground path)."""

from typing import Annotated, Any

from zenml import get_step_context, step

from core.errors import LoopstackError
from serving.state import ServingState


@step(enable_cache=False)
def score_request(rows: list[dict[str, Any]]) -> Annotated[dict[str, Any], "scores"]:
    """Predictions and probabilities in row order, or the rows that failed validation."""
    state = get_step_context().pipeline_state
    if not isinstance(state, ServingState):
        raise LoopstackError("the serving pipeline runs as a deployment: run.py serve deploy")
    _, body = state.answer(rows)
    return body
