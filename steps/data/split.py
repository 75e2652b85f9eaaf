"""Deterministic train/validation/holdout split by hashed row id."""

from typing import Annotated

import pandas as pd
from zenml import log_metadata, step

from core.config import SplitConfig
from core.data.schema import TableSchema
from core.data.split import split_frame


@step
def split_data(
    feature_table: pd.DataFrame, table_schema: TableSchema, split: SplitConfig
) -> tuple[
    Annotated[pd.DataFrame, "train_data"],
    Annotated[pd.DataFrame, "validation_data"],
    Annotated[pd.DataFrame, "holdout_data"],
]:
    """A row lands in the same split on every run, so champion and challenger share a holdout."""
    parts = split_frame(
        feature_table,
        table_schema.id_column,
        split,
        target=table_schema.target,
        grouped_by_content=table_schema.id_derived,
    )
    log_metadata({f"rows_{name}": len(frame) for name, frame in parts.items()})
    return parts["train"], parts["validation"], parts["holdout"]
