"""Training side: record which feature transform the training table went through, so the model
version carries it (artifact `feature_transform`) and inference can repeat it."""

from typing import Annotated

from zenml import log_metadata, step

from core.config import DataConfig, FeatureTableConfig
from core.data.artifact_source import is_artifact_source
from core.features.spec import FeatureTransform
from steps.features.write_feature_table import TRANSFORM_KEY


@step
def record_feature_transform(
    data: DataConfig, source_fingerprint: str
) -> Annotated[FeatureTransform, "feature_transform"]:
    """Raw data: an empty spec. A feature table: its name:version and the spec that built it
    (cached by the fingerprint, which names the exact table version)."""
    spec = FeatureTransform()
    if is_artifact_source(data.source):
        from steps.data.feature_table_source import resolve_feature_table

        artifact = resolve_feature_table(data.source)
        recorded = artifact.run_metadata.get(TRANSFORM_KEY)
        spec = FeatureTransform(
            table=f"{artifact.name}:{artifact.version}",
            features=FeatureTableConfig.model_validate(recorded) if recorded else None,
        )
    log_metadata({"feature_transform": spec.model_dump(mode="json")})
    return spec
