"""The transform a model's training table went through, kept with the model version so batch
inference and monitoring derive exactly the same columns from a raw batch (no ZenML)."""

from __future__ import annotations

import pandas as pd
from pydantic import BaseModel, Field

from core.config import FeatureTableConfig
from core.data.artifact_source import is_artifact_source
from core.errors import DataError
from core.features.transforms import transform


class FeatureTransform(BaseModel):
    """`table` is None for a model trained on raw data: then nothing is applied."""

    table: str | None = Field(None, description="feature table '<name>:<version>' trained on")
    features: FeatureTableConfig | None = Field(None, description="the spec that built it")


def needed_columns(features: FeatureTableConfig) -> dict[str, str]:
    """Raw column -> the config key that needs it (first use wins), in a stable order."""
    needed: dict[str, str] = {}
    for ratio, pair in features.ratios.items():
        for column in pair:
            needed.setdefault(column, f"features.ratios.{ratio}")
    if features.aggregates:
        for key, name in (("entity", features.entity), ("timestamp", features.timestamp)):
            if name:
                needed.setdefault(name, f"features.{key}")
        for name in features.aggregates:
            needed.setdefault(name, "features.aggregates")
    return needed


def apply_to_batch(frame: pd.DataFrame, spec: FeatureTransform, source: str) -> pd.DataFrame:
    """The raw batch plus the derived columns the model was trained with.

    Raw-data models and batches that already are feature tables (`artifact:` sources) pass
    through unchanged. Point-in-time aggregates use the batch itself as history: a row sees
    the strictly earlier rows of its entity in the same batch (as in the feature pipeline).
    """
    if spec.table is None or is_artifact_source(source):
        return frame
    if spec.features is None:
        raise DataError(
            f"{source}: the model was trained on feature table {spec.table}, which records no "
            "transform; write a new version with configs/feature.yaml and retrain, or score a "
            "feature table (data.source=artifact:<name>:<version>)"
        )
    for column, key in needed_columns(spec.features).items():
        if column not in frame.columns:
            raise DataError(
                f"{source}: column '{column}' is missing; the model was trained on feature "
                f"table {spec.table}, whose transform needs it ({key}): add it to the batch "
                "or score with a model trained on raw data"
            )
    return transform(frame, spec.features)
