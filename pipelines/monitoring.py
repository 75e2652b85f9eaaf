"""Monitoring window: drift signals -> debounce -> guard rails -> decision -> maybe retrain.

Every window records its signals and decision as run metadata (`loop_window`), which is the
history the next windows debounce over. When the decision is `retrain`, `launch_retraining`
submits the training pipeline to the active stack on the configured data window. Two reports
render in the dashboard: `drift_report` (this window) and `loop_report` (the windows so far).
"""

from zenml import pipeline
from zenml.enums import ExecutionMode

from core.config import MonitoringConfig
from pipelines.hooks import report_failure
from pipelines.pinned_model import load_valid_batch, pinned_artifacts, pinned_model
from steps.monitoring.decide import decide_retraining
from steps.monitoring.drift import check_drift
from steps.monitoring.drift_report import report_drift
from steps.monitoring.history import load_window_history
from steps.monitoring.launch_retraining import launch_retraining
from steps.monitoring.loop_report import report_loop
from steps.monitoring.performance import check_performance
from steps.monitoring.prediction_drift import check_prediction_drift

PIPELINE_NAME = "monitoring_pipeline"


@pipeline(on_failure=report_failure, execution_mode=ExecutionMode.FAIL_FAST)
def monitoring_pipeline(config: MonitoringConfig, transform_recorded: bool = True) -> None:
    """Data drift + prediction drift (+ delayed-label performance); decide; close the loop."""
    model, table_schema, feature_transform, reference = pinned_artifacts(transform_recorded)
    reference_data = pinned_model().get_artifact("clean_data")

    fingerprint, clean_batch, _ = load_valid_batch(
        config.data, config.validation, table_schema, feature_transform
    )
    drift_result, _ = check_drift(reference, clean_batch, table_schema, config.drift)
    predicted = check_prediction_drift(model, reference, clean_batch, table_schema, config.drift)
    performance = check_performance(model, table_schema, feature_transform, config.loop.performance)
    history = load_window_history(PIPELINE_NAME, after=[fingerprint])
    window = decide_retraining(
        drift_result, predicted, performance, history, clean_batch, config.loop
    )
    report_drift(
        drift_result, predicted, window, reference, clean_batch, table_schema, config.drift
    )
    outcome = launch_retraining(
        window, history, clean_batch, reference_data, table_schema, feature_transform, config
    )
    report_loop(window, history, outcome, config.loop)
