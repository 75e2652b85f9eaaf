"""Batch inference: champion model -> load batch -> validate -> drift -> predict -> export,
and a report of the batch for the dashboard."""

from zenml import pipeline
from zenml.enums import ExecutionMode

from core.config import BatchInferenceConfig
from pipelines.hooks import report_failure
from pipelines.pinned_model import load_valid_batch, pinned_artifacts
from steps.inference.batch_report import report_batch
from steps.inference.predict import predict
from steps.inference.write_predictions import export_predictions
from steps.monitoring.drift import check_drift


@pipeline(on_failure=report_failure, execution_mode=ExecutionMode.FAIL_FAST)
def batch_inference_pipeline(config: BatchInferenceConfig, transform_recorded: bool = True) -> None:
    """Score a batch with the model version in `config.stage` (set as the pipeline's model)."""
    model, table_schema, feature_transform, reference = pinned_artifacts(transform_recorded)

    fingerprint, clean_batch, quarantined = load_valid_batch(
        config.data, config.validation, table_schema, feature_transform
    )
    drift_result, _ = check_drift(reference, clean_batch, table_schema, config.drift)
    predictions = predict(model, clean_batch, table_schema)
    export_predictions(predictions, fingerprint, config.output)
    report_batch(model, reference, predictions, quarantined, drift_result, table_schema)
