"""Batch inference: champion model -> load batch -> validate -> drift -> predict -> export."""

from zenml import get_pipeline_context, pipeline
from zenml.enums import ExecutionMode

from core.config import BatchInferenceConfig
from pipelines.hooks import report_failure
from steps.data.fingerprint_source import fingerprint_source
from steps.data.ingest import ingest_data
from steps.data.validate_batch import validate_batch
from steps.inference.predict import predict
from steps.inference.write_predictions import export_predictions
from steps.monitoring.drift import check_drift


@pipeline(on_failure=report_failure, execution_mode=ExecutionMode.FAIL_FAST)
def batch_inference_pipeline(config: BatchInferenceConfig) -> None:
    """Score a batch with the model version in `config.stage` (set as the pipeline's model)."""
    model_version = get_pipeline_context().model
    if model_version is None:
        raise RuntimeError("run this pipeline through run.py: it pins the model version to use")
    model = model_version.get_model_artifact("model")
    table_schema = model_version.get_artifact("table_schema")
    reference = model_version.get_artifact("train_data")

    fingerprint = fingerprint_source(config.data)
    raw_batch = ingest_data(config.data, fingerprint)
    clean_batch, _ = validate_batch(raw_batch, table_schema, config.data, config.validation)
    check_drift(reference, clean_batch, table_schema, config.drift)
    predictions = predict(model, clean_batch, table_schema)
    export_predictions(predictions, fingerprint, config.output)
