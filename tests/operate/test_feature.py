"""The feature pipeline writes a versioned feature table; schedules are checked per orchestrator."""

from __future__ import annotations

import pytest

from core.errors import ConfigError
from tests.pipelines.helpers import run_config, step_output

pytestmark = pytest.mark.pipeline

ROWS = "data.sample.rows=600"


def test_feature_table_is_versioned_with_fingerprint_and_retries(local_stack: str) -> None:
    from zenml.client import Client

    first = run_config("feature", ROWS, "features.name=op_features")
    ref = step_output(first, "write_feature_table", "feature_table_ref")
    fingerprint = step_output(first, "fingerprint_source", "source_fingerprint")
    assert ref["data_fingerprint"] == fingerprint and ref["rows"] > 500
    assert {"charges_per_tenure_month", "support_calls_per_product"} <= set(ref["columns"])

    artifact = Client().get_artifact_version("op_features", ref["version"])
    assert artifact.run_metadata["data_fingerprint"] == fingerprint
    table = artifact.load()
    expected = table["total_charges"] / table["tenure_months"].where(table["tenure_months"] != 0)
    assert table["charges_per_tenure_month"].equals(expected)
    # remote I/O steps (the artifact store) get exponential-backoff retries from `run.retry`;
    # reading the built-in generator (local) is not retried: its errors are permanent
    retry = first.steps["write_feature_table"].config.retry
    assert (retry.max_retries, retry.delay) == (2, 2)  # run.retry, not the decorator's delay 1
    assert first.steps["ingest_data"].config.retry is None

    second = run_config("feature", ROWS, "features.name=op_features", "run.retry.max_retries=0")
    again = step_output(second, "write_feature_table", "feature_table_ref")
    assert int(again["version"]) == int(ref["version"]) + 1
    assert second.steps["ingest_data"].config.retry is None


def test_schedule_on_the_local_orchestrator_is_a_clear_error(local_stack: str) -> None:
    with pytest.raises(ConfigError) as error:
        run_config("feature", ROWS, "schedule={cron: '0 1 * * *'}")
    message = str(error.value)
    assert "feature.yaml: schedule: orchestrator 'local_orchestrator' (local) cannot run" in message
    assert (
        "let system cron run it: `0 1 * * * cd $PWD && .venv/bin/python run.py --config" in message
    )
