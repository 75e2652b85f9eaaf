"""`run.py metrics dump` after real runs: counts, durations, model, data and drift values."""

from __future__ import annotations

import pytest

from tests.observe.conftest import MODEL, Observed, value
from tests.pipelines.helpers import run_metadata, step_output

pytestmark = pytest.mark.pipeline

TRAIN = {"pipeline": "training_pipeline", "stack": "local"}
INFER = {"pipeline": "batch_inference_pipeline", "stack": "local"}
MONITOR = {"pipeline": "monitoring_pipeline", "stack": "local"}
RUNS = "loopstack_pipeline_runs_total"
ALLOWED_LABELS = {"pipeline", "step", "stack", "model", "stage", "status", "role", "metric"}
ALLOWED_LABELS |= {"outcome", "result", "le", "quantile"}


def test_run_and_step_counts_by_status(observed: Observed) -> None:
    assert observed.delta(RUNS, **TRAIN, status="completed") == 1
    assert observed.delta(RUNS, **TRAIN, status="failed") == 0
    assert observed.delta(RUNS, **INFER, status="completed") == 1
    assert observed.delta(RUNS, **MONITOR, status="completed") == 0
    assert observed.delta(RUNS, **MONITOR, status="failed") == 1
    steps = "loopstack_step_runs_total"
    assert observed.delta(steps, **MONITOR, step="fingerprint_source", status="failed") == 1
    assert observed.delta(steps, **INFER, step="predict", status="completed") == 1
    assert observed.delta(steps, **TRAIN, step="train_logreg", status="completed") == 1
    assert value(observed.after, "loopstack_pipeline_runs_in_progress", **TRAIN) == 0
    assert value(observed.after, "loopstack_exporter_last_collect_success") == 1


def test_durations_and_freshness_match_zenml_records(observed: Observed) -> None:
    run = observed.training
    seconds = (run.end_time - run.start_time).total_seconds()
    histogram = "loopstack_pipeline_run_duration_seconds"
    assert observed.delta(f"{histogram}_count", **TRAIN) == 1
    assert observed.delta(f"{histogram}_sum", **TRAIN) == pytest.approx(seconds, abs=0.01)
    assert value(observed.after, f"{histogram}_bucket", **TRAIN, le="+Inf") == value(
        observed.after, f"{histogram}_count", **TRAIN
    )
    freshness = "loopstack_pipeline_last_success_timestamp_seconds"
    last_success = value(observed.after, freshness, **INFER)
    assert last_success == pytest.approx(observed.inference.end_time.timestamp(), abs=0.01)
    step = observed.delta("loopstack_step_duration_seconds_count", **TRAIN, step="evaluate_model")
    assert step == 1


def test_training_metrics_and_promotion(observed: Observed) -> None:
    holdout = step_output(observed.training, "evaluate_model", "holdout_metrics")
    labels = {"model": MODEL, "stack": "local"}
    challenger = value(
        observed.after,
        "loopstack_training_holdout_metric",
        **labels,
        role="challenger",
        metric="roc_auc",
    )
    assert challenger == pytest.approx(holdout["roc_auc"])
    # The first version of a model has no champion to be compared with.
    assert not [
        k for k in observed.after if ("role", "champion") in k[1] and ("model", MODEL) in k[1]
    ]
    assert (
        value(observed.after, "loopstack_training_promotions_total", **labels, outcome="promoted")
        == 1
    )
    assert value(observed.after, "loopstack_training_last_promoted", **labels) == 1
    assert value(observed.after, "loopstack_training_consecutive_not_promoted", **labels) == 0
    stage = {"model": MODEL, "stage": "production"}
    assert value(observed.after, "loopstack_model_stage_version", **stage) == 1
    stage_auc = value(
        observed.after, "loopstack_model_stage_holdout_metric", **stage, metric="roc_auc"
    )
    assert stage_auc == pytest.approx(holdout["roc_auc"])


def test_data_quality_and_drift_values(observed: Observed) -> None:
    meta = run_metadata(observed.inference, "validate_batch")
    assert observed.delta("loopstack_rows_valid_total", **INFER) == meta["rows_valid"]
    assert observed.delta("loopstack_rows_quarantined_total", **INFER) == meta["rows_quarantined"]
    share = value(observed.after, "loopstack_last_quarantined_share", **INFER)
    assert share == pytest.approx(meta["quarantined_share"])
    labels = {**INFER, "model": MODEL}
    scored = run_metadata(observed.inference, "predict")["rows_scored"]
    assert scored == meta["rows_valid"]
    assert value(observed.after, "loopstack_rows_scored_total", **labels) == scored
    assert value(observed.after, "loopstack_last_rows_scored", **labels) == scored

    drift = step_output(observed.inference, "check_drift", "drift_result")
    assert drift.dataset_drift is True
    assert value(observed.after, "loopstack_last_drift_detected", **labels) == 1
    assert value(observed.after, "loopstack_last_drift_share", **labels) == pytest.approx(
        drift.drift_share, abs=1e-4
    )
    assert value(observed.after, "loopstack_drift_checks_total", **labels, result="drift") == 1
    assert value(observed.after, "loopstack_drift_checks_total", **labels, result="no_drift") == 0
    retrains = value(observed.after, "loopstack_retrain_triggered_total", **labels)
    assert retrains is not None and retrains <= 1


def test_labels_stay_low_cardinality(observed: Observed) -> None:
    names = {name for _, labels in observed.after for name, _ in labels}
    assert names <= ALLOWED_LABELS, names - ALLOWED_LABELS
    for run in (observed.training, observed.inference):
        assert str(run.id) not in observed.text
        assert run.name not in observed.text
