"""Evaluate the selected model on the holdout; log metrics and plots."""

from typing import Annotated

import pandas as pd
from sklearn.pipeline import Pipeline
from zenml import log_metadata, step
from zenml.types import HTMLString

from core.data.schema import TableSchema
from core.metadata_keys import HOLDOUT
from core.modeling.metrics import evaluate
from core.modeling.plots import evaluation_html
from core.modeling.selection import Selection


@step(experiment_tracker=True)
def evaluate_model(
    model: Pipeline,
    holdout_data: pd.DataFrame,
    table_schema: TableSchema,
    selection: Selection,
) -> tuple[
    Annotated[dict[str, float], "holdout_metrics"], Annotated[HTMLString, "evaluation_report"]
]:
    """Holdout accuracy, F1, ROC AUC + confusion matrix and ROC curve (dashboard + MLflow)."""
    import mlflow

    result = evaluate(model, holdout_data, table_schema)
    metrics = {k: float(v) for k, v in result.metrics.items()}
    mlflow.log_params({"candidate": selection.selected, "selection_metric": selection.metric})
    mlflow.log_metrics({f"holdout_{k}": v for k, v in metrics.items()})
    log_metadata({HOLDOUT: metrics})
    log_metadata(metadata={HOLDOUT: metrics, "candidate": selection.selected}, infer_model=True)
    html = evaluation_html(result, title=f"Holdout evaluation: {selection.selected}")
    return metrics, HTMLString(html)
