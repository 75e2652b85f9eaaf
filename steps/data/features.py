"""Build the model-facing feature table (id, typed features, target)."""

from typing import Annotated

import pandas as pd
from zenml import step

from core.data.feature_table import feature_table
from core.data.schema import TableSchema


@step
def build_features(
    clean_data: pd.DataFrame, table_schema: TableSchema
) -> Annotated[pd.DataFrame, "feature_table"]:
    """Select and type the schema's columns; fitted transforms live inside the model."""
    return feature_table(clean_data, table_schema, include_target=True)
