"""Prediction drift: the champion's predicted classes on the batch vs on its reference data."""

from typing import Annotated

import pandas as pd
from sklearn.pipeline import Pipeline
from zenml import log_metadata, step

from core.config import DriftConfig
from core.data.schema import TableSchema
from core.monitoring.drift import prediction_drift, sample_rows
from core.monitoring.drift_result import ColumnDrift


@step
def check_prediction_drift(
    model: Pipeline,
    reference: pd.DataFrame,
    current: pd.DataFrame,
    table_schema: TableSchema,
    drift: DriftConfig,
) -> Annotated[ColumnDrift, "prediction_drift"]:
    """Label-free: a shift in what the model predicts, tested like a categorical column."""
    features = table_schema.features
    ref = sample_rows(reference, drift.sample_rows, seed=0)
    cur = sample_rows(current, drift.sample_rows, seed=0)
    ref_pred = pd.Series(model.predict(ref[features])).astype(str)
    cur_pred = pd.Series(model.predict(cur[features])).astype(str)
    result = prediction_drift(ref_pred, cur_pred, drift)
    shares = cur_pred.value_counts(normalize=True).round(4).to_dict()
    log_metadata({"prediction_drift": result.model_dump(), "predicted_class_shares": shares})
    return result
