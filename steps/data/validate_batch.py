"""Check a new batch against the schema the model was trained on (inference side)."""

from typing import Annotated

import pandas as pd
from zenml import log_metadata, step

from core.config import DataConfig, ValidationConfig
from core.data.profile import check_columns, ensure_row_id
from core.data.schema import TableSchema
from core.data.validation import enforce_quarantine_limit, validate_rows
from steps.data.validate import validation_metadata


@step
def validate_batch(
    raw_data: pd.DataFrame, table_schema: TableSchema, data: DataConfig, rules: ValidationConfig
) -> tuple[Annotated[pd.DataFrame, "clean_batch"], Annotated[pd.DataFrame, "quarantined_rows"]]:
    """Same checks as training; the target may be absent (labels arrive later)."""
    table = ensure_row_id(raw_data, table_schema)
    check_columns(table, table_schema, data.source, require_target=False)
    result = validate_rows(table, table_schema, rules, require_target=False)
    log_metadata(validation_metadata(result))
    enforce_quarantine_limit(result, rules.max_quarantine_share, data.source)
    return result.valid, result.quarantined
