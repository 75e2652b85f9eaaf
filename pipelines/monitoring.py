"""Monitoring window: drift signals -> debounce -> guard rails -> decision -> maybe retrain.

Every window records its signals and decision as run metadata (`loop_window`), which is the
history the next windows debounce over. When the decision is `retrain`, `launch_retraining`
submits the training pipeline to the active stack on the configured data window.
"""

from zenml import get_pipeline_context, pipeline
from zenml.enums import ExecutionMode

from core.config import MonitoringConfig
from pipelines.hooks import report_failure
from steps.data.fingerprint_source import fingerprint_source
from steps.data.ingest import ingest_data
from steps.data.validate_batch import validate_batch
from steps.monitoring.decide import decide_retraining
from steps.monitoring.drift import check_drift
from steps.monitoring.history import load_window_history
from steps.monitoring.launch_retraining import launch_retraining
from steps.monitoring.performance import check_performance
from steps.monitoring.prediction_drift import check_prediction_drift

PIPELINE_NAME = "monitoring_pipeline"


@pipeline(on_failure=report_failure, execution_mode=ExecutionMode.FAIL_FAST)
def monitoring_pipeline(config: MonitoringConfig) -> None:
    """Data drift + prediction drift (+ delayed-label performance); decide; close the loop."""
    model_version = get_pipeline_context().model
    if model_version is None:
        raise RuntimeError("run this pipeline through run.py: it pins the model version to use")
    model = model_version.get_model_artifact("model")
    table_schema = model_version.get_artifact("table_schema")
    reference = model_version.get_artifact("train_data")
    reference_data = model_version.get_artifact("clean_data")

    fingerprint = fingerprint_source(config.data)
    raw_batch = ingest_data(config.data, fingerprint)
    clean_batch, _ = validate_batch(raw_batch, table_schema, config.data, config.validation)
    drift_result, _ = check_drift(reference, clean_batch, table_schema, config.drift)
    predicted = check_prediction_drift(model, reference, clean_batch, table_schema, config.drift)
    performance = check_performance(model, table_schema, config.loop.performance)
    history = load_window_history(PIPELINE_NAME, after=[fingerprint])
    window = decide_retraining(
        drift_result, predicted, performance, history, clean_batch, config.loop
    )
    launch_retraining(window, history, clean_batch, reference_data, table_schema, config)
