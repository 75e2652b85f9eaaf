"""Pick the best candidate on validation data (fan-in)."""

from typing import Annotated, Any

from sklearn.pipeline import Pipeline
from zenml import ArtifactConfig, log_metadata, step
from zenml.enums import ArtifactType


@step
def select_best(
    models: list[Pipeline], scores: list[dict[str, Any]], selection_metric: str
) -> tuple[
    Annotated[Pipeline, ArtifactConfig(name="model", artifact_type=ArtifactType.MODEL)],
    Annotated[dict[str, Any], "selection"],
]:
    """Highest validation `selection_metric` wins; ties go to the earlier candidate."""
    best = max(range(len(scores)), key=lambda i: (scores[i][selection_metric], -i))
    selection = {
        "selected": scores[best]["candidate"],
        "metric": selection_metric,
        "leaderboard": {s["candidate"]: round(float(s[selection_metric]), 6) for s in scores},
    }
    log_metadata({"selection": selection})
    return models[best], selection
