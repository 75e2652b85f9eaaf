"""Pipeline-building helpers shared by the pipelines that score batches with a pinned model."""

from typing import Any, NamedTuple

from zenml import Model, get_pipeline_context

from core.config import DataConfig, ValidationConfig
from core.features.spec import FeatureTransform
from steps.data.fingerprint_source import fingerprint_source
from steps.data.ingest import ingest_data
from steps.data.validate_batch import validate_batch


def pinned_model() -> Model:
    """The model version run.py pinned for this run (by stage)."""
    model_version = get_pipeline_context().model
    if model_version is None:
        raise RuntimeError("run this pipeline through run.py: it pins the model version to use")
    return model_version


def feature_transform_of(model_version: Model, recorded: bool) -> Any:
    """The version's `feature_transform` artifact (loaded when the step runs). A version trained
    before transforms were recorded (`recorded=False`, checked by run.py) gets the raw-data spec,
    so it scores as before; one trained on a feature table then fails validation, naming the
    missing columns."""
    return model_version.get_artifact("feature_transform") if recorded else FeatureTransform()


class PinnedArtifacts(NamedTuple):
    """What a scoring pipeline reads from the pinned model version."""

    model: Any
    table_schema: Any
    feature_transform: Any
    reference: Any


def pinned_artifacts(transform_recorded: bool) -> PinnedArtifacts:
    """The pinned version's model, table schema, feature transform and training reference."""
    model_version = pinned_model()
    return PinnedArtifacts(
        model=model_version.get_model_artifact("model"),
        table_schema=model_version.get_artifact("table_schema"),
        feature_transform=feature_transform_of(model_version, transform_recorded),
        reference=model_version.get_artifact("train_data"),
    )


def load_valid_batch(
    data: DataConfig, validation: ValidationConfig, table_schema: Any, feature_transform: Any
) -> tuple[Any, Any, Any]:
    """fingerprint -> ingest -> the model's feature transform + validation against the training
    schema (one step: no extra copy of the batch is stored); (fingerprint, batch, quarantined)."""
    fingerprint = fingerprint_source(data)
    raw_batch = ingest_data(data, fingerprint)
    clean_batch, quarantined = validate_batch(
        raw_batch, table_schema, feature_transform, data, validation
    )
    return fingerprint, clean_batch, quarantined
