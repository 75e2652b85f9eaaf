"""Evidently data drift of a batch against the model's training reference."""

from typing import Annotated

import pandas as pd
from zenml import log_metadata, step
from zenml.types import HTMLString

from core.config import DriftConfig
from core.data.schema import TableSchema
from core.metadata_keys import DRIFT
from core.monitoring.drift import detect_drift
from core.monitoring.drift_result import DriftResult


@step
def check_drift(
    reference: pd.DataFrame, current: pd.DataFrame, table_schema: TableSchema, drift: DriftConfig
) -> tuple[Annotated[DriftResult, "drift_result"], Annotated[HTMLString, "drift_report_evidently"]]:
    """Dataset drift flag, drifted share, per-column results; Evidently's interactive report
    (it needs scripts: open it in a browser; the dashboard shows `drift_report`)."""
    result, html = detect_drift(
        reference, current, table_schema.numeric, table_schema.categorical, drift
    )
    log_metadata({DRIFT: result.metadata(), "drift_summary": result.summary()})
    return result, HTMLString(html)
