"""Score the rows of one service request (the deployment's `/invoke` and Playground path)."""

from typing import Annotated, Any

from zenml import get_step_context, step

from core.errors import LoopstackError
from core.serving.scoring import Rejected, Scored, score_rows
from serving.state import ServingState


@step(enable_cache=False)
def score_request(rows: list[dict[str, Any]]) -> Annotated[dict[str, Any], "scores"]:
    """Predictions and probabilities in row order, or the rows that failed validation."""
    state = get_step_context().pipeline_state
    if not isinstance(state, ServingState):
        raise LoopstackError("the serving pipeline runs as a deployment: run.py serve deploy")
    loaded = state.cache.current()
    if len(rows) > state.max_rows:
        error = f"{len(rows)} rows in one request; at most {state.max_rows} (serve.max_rows)"
        return Rejected(error=error).model_dump()
    outcome = score_rows(rows, loaded.model, loaded.schema, loaded.transform, state.rules)
    if isinstance(outcome, Rejected):
        return outcome.model_dump()
    predictions, probabilities = outcome
    return Scored(
        model=loaded.name,
        version=loaded.version,
        stage=loaded.stage,
        predictions=predictions,
        probabilities=probabilities,
    ).model_dump()
