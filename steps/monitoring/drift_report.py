"""The drift report the dashboard shows: verdict, loop decision, columns and charts."""

from typing import Annotated

import pandas as pd
from zenml import step
from zenml.types import HTMLString

from core.config import DriftConfig
from core.data.schema import TableSchema
from core.monitoring.decision import WindowRecord
from core.monitoring.drift import sample_rows
from core.monitoring.drift_result import ColumnDrift, DriftResult
from core.reports.drift_page import drift_html

CHART_ROWS = 50_000  # rows per side behind the distribution charts


@step
def report_drift(
    drift_result: DriftResult,
    prediction_drift: ColumnDrift,
    monitoring_window: WindowRecord,
    reference: pd.DataFrame,
    current: pd.DataFrame,
    table_schema: TableSchema,
    drift: DriftConfig,
) -> Annotated[HTMLString, "drift_report"]:
    """Evidently's figures laid out as plain HTML + SVG (the dashboard's frame runs no scripts)."""
    rows = min(drift.sample_rows or CHART_ROWS, CHART_ROWS)
    page = drift_html(
        drift_result,
        sample_rows(reference, rows, seed=0),
        sample_rows(current, rows, seed=0),
        table_schema.numeric,
        prediction=prediction_drift,
        decision=monitoring_window.reason,
    )
    return HTMLString(page)
