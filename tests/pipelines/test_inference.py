"""Batch inference and the drift check on the embedded stack, against a trained champion."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.pipelines.helpers import run_config, run_metadata, step_output, train_champion

pytestmark = pytest.mark.pipeline

MODEL = "model.name=scorer"


@pytest.fixture(scope="module")
def champion(local_stack: str) -> str:
    return train_champion("data.sample.rows=3000", MODEL)


def test_batch_inference_writes_predictions_once(champion: str, tmp_path: Path) -> None:
    out = f"output.uri={tmp_path / 'preds'}"
    first = run_config("batch_inference", MODEL, out, "data.sample.rows=1500")
    predictions = step_output(first, "predict", "predictions")
    assert len(predictions) == 1500 - run_metadata(first, "validate_batch")["rows_quarantined"]
    assert {"customer_id", "prediction", "model_version", "run_id"} <= set(predictions.columns)
    assert set(predictions["model_version"]) == {champion}
    assert predictions["customer_id"].is_unique
    page = step_output(first, "report_batch", "batch_report")
    quarantined = run_metadata(first, "validate_batch")["rows_quarantined"]
    assert f"Scored {len(predictions):,} of 1,500 rows with scorer version {champion}" in page
    assert f"{quarantined:,} quarantined" in page and "<script" not in page.lower()

    second = run_config("batch_inference", MODEL, out, "data.sample.rows=1500", no_cache=True)
    files = sorted((tmp_path / "preds").iterdir())
    assert len(files) == 1, files
    written = pd.read_parquet(files[0])
    again = step_output(second, "predict", "predictions")
    columns = [c for c in written.columns if c != "run_id"]
    pd.testing.assert_frame_equal(written[columns], again[columns])
    pd.testing.assert_frame_equal(predictions[columns], again[columns])


def test_drift_check_flags_a_drifted_batch_and_not_a_clean_one(champion: str) -> None:
    clean = run_config("monitoring", MODEL, "data.sample.drift=0.0", "data.sample.batch=3")
    drifted = run_config("monitoring", MODEL, "data.sample.drift=0.9", "data.sample.batch=4")
    clean_result = step_output(clean, "check_drift", "drift_result")
    drifted_result = step_output(drifted, "check_drift", "drift_result")
    assert clean_result.dataset_drift is False
    assert drifted_result.dataset_drift is True
    assert drifted_result.drift_share > clean_result.drift_share
    meta = run_metadata(drifted, "check_drift")
    assert "drift" in meta["drift_summary"]
    evidently = step_output(drifted, "check_drift", "drift_report_evidently")
    assert "<html" in evidently.lower() and "<script" in evidently.lower()
    # the dashboard's report: no scripts, and the verdict differs between the two batches
    clean_page = step_output(clean, "report_drift", "drift_report")
    drifted_page = step_output(drifted, "report_drift", "drift_report")
    assert "<script" not in clean_page.lower() + drifted_page.lower()
    assert "No dataset drift:" in clean_page and "Dataset drift:" not in clean_page
    assert "Dataset drift:" in drifted_page and "No dataset drift" not in drifted_page
    assert "Loop decision:" in drifted_page
