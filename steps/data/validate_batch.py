"""Prepare a new batch as the model's training data was prepared, and check it (inference side)."""

from typing import Annotated

import pandas as pd
from zenml import log_metadata, step
from zenml.logger import get_logger

from core.config import DataConfig, ValidationConfig
from core.data.profile import check_columns, ensure_row_id
from core.data.schema import TableSchema
from core.data.validation import enforce_quarantine_limit, validate_rows
from core.features.spec import FeatureTransform, apply_to_batch
from steps.data.validate import validation_metadata

logger = get_logger(__name__)


@step
def validate_batch(
    raw_data: pd.DataFrame,
    table_schema: TableSchema,
    feature_transform: FeatureTransform,
    data: DataConfig,
    rules: ValidationConfig,
) -> tuple[Annotated[pd.DataFrame, "clean_batch"], Annotated[pd.DataFrame, "quarantined_rows"]]:
    """The model version's feature transform first (nothing for raw-data models; a one-line
    error names a raw column it needs), then the training checks; the target may be absent.
    Categories training never saw are reported per column (warning + `unseen_categories`)."""
    batch = apply_to_batch(raw_data, feature_transform, data.source)
    created = [str(c) for c in batch.columns if c not in raw_data.columns]
    table = ensure_row_id(batch, table_schema)
    check_columns(table, table_schema, data.source, require_target=False)
    result = validate_rows(table, table_schema, rules, require_target=False)
    for column, share in result.unseen.items():
        logger.warning(
            "%s: %.1f%% of '%s' values are categories the model never saw in training (%s)",
            data.source,
            100 * share,
            column,
            "quarantined" if share > rules.max_unseen_share else "scored anyway",
        )
    log_metadata(
        {
            **validation_metadata(result),
            "unseen_categories": result.unseen,
            "model_trained_on": feature_transform.table or "raw data (no feature transform)",
            "created_columns": created,
        }
    )
    enforce_quarantine_limit(result, rules.max_quarantine_share, data.source)
    return result.valid, result.quarantined
