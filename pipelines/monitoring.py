"""Monitoring (first cut): Evidently data drift of a batch vs the champion's training data."""

from zenml import get_pipeline_context, pipeline
from zenml.enums import ExecutionMode

from core.config import MonitoringConfig
from pipelines.hooks import report_failure
from steps.data.fingerprint_source import fingerprint_source
from steps.data.ingest import ingest_data
from steps.data.validate_batch import validate_batch
from steps.monitoring.drift import check_drift


@pipeline(on_failure=report_failure, execution_mode=ExecutionMode.FAIL_FAST)
def monitoring_pipeline(config: MonitoringConfig) -> None:
    """Drift flag, drifted share and per-column results as metadata; HTML for the dashboard."""
    model_version = get_pipeline_context().model
    if model_version is None:
        raise RuntimeError("run this pipeline through run.py: it pins the model version to use")
    table_schema = model_version.get_artifact("table_schema")
    reference = model_version.get_artifact("train_data")

    fingerprint = fingerprint_source(config.data)
    raw_batch = ingest_data(config.data, fingerprint)
    clean_batch, _ = validate_batch(raw_batch, table_schema, config.data, config.validation)
    check_drift(reference, clean_batch, table_schema, config.drift)
