"""The online inference service as a pipeline: deployed by `run.py serve deploy`, it answers
`POST /predict` (scored from the model cache) and `/invoke` (a recorded run of this pipeline,
also the dashboard's Playground). See serving/."""

from typing import Any

from zenml import pipeline

from steps.inference.score_request import score_request

EXAMPLE_ROWS: list[dict[str, Any]] = []  # the Playground's form starts empty


@pipeline(enable_cache=False)
def serving_pipeline(rows: list[dict[str, Any]] = EXAMPLE_ROWS) -> dict[str, Any]:
    """`rows`: one object per row, column -> value, as in a batch file."""
    scores: dict[str, Any] = score_request(rows)
    return scores
