"""The batch-inference report: rows read, scored and quarantined, classes, drift."""

from typing import Annotated

import pandas as pd
from sklearn.pipeline import Pipeline
from zenml import get_step_context, step
from zenml.types import HTMLString

from core.data.schema import TableSchema
from core.monitoring.drift import sample_rows
from core.monitoring.drift_result import DriftResult
from core.reports.batch_page import batch_html

REFERENCE_ROWS = 20_000  # training rows the model re-predicts for the class comparison


@step
def report_batch(
    model: Pipeline,
    reference: pd.DataFrame,
    predictions: pd.DataFrame,
    quarantined_rows: pd.DataFrame,
    drift_result: DriftResult,
    table_schema: TableSchema,
) -> Annotated[HTMLString, "batch_report"]:
    """Counts and top quarantine reasons, predicted classes vs the model's predictions on its
    training reference, and the drift verdict."""
    context = get_step_context()
    ref = sample_rows(reference, REFERENCE_ROWS, seed=0)
    reference_predicted = pd.Series(model.predict(ref[table_schema.features]))
    name = f"{context.model.name} version {context.model.version}"
    page = batch_html(
        predictions["prediction"],
        reference_predicted,
        quarantined_rows,
        drift_result,
        name,
    )
    return HTMLString(page)
