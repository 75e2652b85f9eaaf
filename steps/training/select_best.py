"""Pick the best candidate on validation data (fan-in)."""

from typing import Annotated

from sklearn.pipeline import Pipeline
from zenml import ArtifactConfig, log_metadata, step
from zenml.enums import ArtifactType

from core.modeling.selection import CandidateScores, Selection
from core.modeling.selection import select_best as choose


@step
def select_best(
    models: list[Pipeline], scores: list[CandidateScores], selection_metric: str
) -> tuple[
    Annotated[Pipeline, ArtifactConfig(name="model", artifact_type=ArtifactType.MODEL)],
    Annotated[Selection, "selection"],
]:
    """Highest validation `selection_metric` wins; ties go to the earlier candidate."""
    best, selection = choose(scores, selection_metric)
    log_metadata({"selection": selection.model_dump()})
    return models[best], selection
