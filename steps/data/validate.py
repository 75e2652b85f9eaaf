"""Learn the table schema and quarantine bad rows (training side)."""

from typing import Annotated, Any

import pandas as pd
from zenml import log_metadata, step
from zenml.logger import get_logger

from core.config import DataConfig, ValidationConfig
from core.data.categories import seen_categories
from core.data.exclusions import announce_exclusions, require_no_exclusions
from core.data.profile import check_columns, ensure_row_id, infer_schema
from core.data.schema import TableSchema
from core.data.validation import ValidationResult, enforce_quarantine_limit, validate_rows
from core.metadata_keys import QUARANTINED_SHARE, ROWS_QUARANTINED, ROWS_VALID

logger = get_logger(__name__)


@step
def validate_training_data(
    raw_data: pd.DataFrame, data: DataConfig, rules: ValidationConfig
) -> tuple[
    Annotated[pd.DataFrame, "clean_data"],
    Annotated[pd.DataFrame, "quarantined_rows"],
    Annotated[TableSchema, "table_schema"],
]:
    """Infer the schema (each column left out is named on the console), validate every row,
    fail only above the quarantine limit (or on any unrequested exclusion if strict); the
    schema records the categories of the valid rows."""
    schema = infer_schema(
        raw_data,
        source=data.source,
        target=data.target,
        id_column=data.id_column,
        numeric=data.numeric,
        categorical=data.categorical,
        drop=data.drop,
    )
    announce_exclusions(schema, data.drop, logger)
    log_metadata({"excluded_columns": schema.excluded})
    if rules.strict:
        require_no_exclusions(schema, data.drop)
    table = ensure_row_id(raw_data, schema)
    check_columns(table, schema, data.source, require_target=True)
    result = validate_rows(table, schema, rules, require_target=True)
    log_metadata(validation_metadata(result))
    enforce_quarantine_limit(result, rules.max_quarantine_share, data.source)
    # The categories the model will learn; inference checks new batches against them.
    seen = seen_categories(result.valid, schema.categorical)
    return result.valid, result.quarantined, schema.model_copy(update={"categories": seen})


def validation_metadata(result: ValidationResult) -> dict[str, Any]:
    """Counts a person can read in the dashboard: nothing is dropped without a trace."""
    return {
        ROWS_VALID: len(result.valid),
        ROWS_QUARANTINED: len(result.quarantined),
        QUARANTINED_SHARE: round(float(result.quarantined_share), 6),
        "quarantine_reasons": {str(k): int(v) for k, v in result.reasons.items()},
    }
