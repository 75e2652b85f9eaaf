"""Derive the configured features (ratios, point-in-time aggregates) and check them."""

from typing import Annotated

import pandas as pd
from zenml import log_metadata, step

from core.config import FeatureTableConfig
from core.features.transforms import check_features, transform


@step
def transform_features(
    clean_data: pd.DataFrame, features: FeatureTableConfig
) -> Annotated[pd.DataFrame, "feature_rows"]:
    """The validated table plus derived columns; infinite values fail the step."""
    out = transform(clean_data, features)
    created = [c for c in out.columns if c not in clean_data.columns]
    log_metadata({"created_columns": created, "missing_share": check_features(out, created)})
    return out
