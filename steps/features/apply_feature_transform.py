"""Inference side: derive the model's feature-table columns from a raw batch, with the exact
transform the model version recorded at training time."""

from typing import Annotated

import pandas as pd
from zenml import log_metadata, step

from core.config import DataConfig
from core.features.spec import FeatureTransform, apply_to_batch


@step
def apply_feature_transform(
    raw_data: pd.DataFrame, feature_transform: FeatureTransform, data: DataConfig
) -> Annotated[pd.DataFrame, "batch_features"]:
    """Unchanged for raw-data models; otherwise the derived columns are added (or a one-line
    error names the raw column the transform needs)."""
    out = apply_to_batch(raw_data, feature_transform, data.source)
    created = [str(c) for c in out.columns if c not in raw_data.columns]
    trained_on = feature_transform.table or "raw data (nothing to apply)"
    log_metadata({"model_trained_on": trained_on, "created_columns": created})
    return out
