"""Score a validated batch with the champion model."""

from typing import Annotated

import pandas as pd
from sklearn.pipeline import Pipeline
from zenml import get_step_context, log_metadata, step

from core.data.schema import TableSchema
from core.inference.predictions import predict_frame
from core.metadata_keys import ROWS_SCORED


@step
def predict(
    model: Pipeline, clean_batch: pd.DataFrame, table_schema: TableSchema
) -> Annotated[pd.DataFrame, "predictions"]:
    """Predictions with row id, class probabilities, model version and run id."""
    context = get_step_context()
    predictions = predict_frame(
        model,
        clean_batch,
        table_schema,
        model_version=str(context.model.version),
        run_id=str(context.pipeline_run.id),
    )
    counts = predictions["prediction"].astype(str).value_counts().to_dict()
    log_metadata(
        {
            ROWS_SCORED: len(predictions),
            "predicted_classes": {str(k): int(v) for k, v in counts.items()},
        }
    )
    return predictions
