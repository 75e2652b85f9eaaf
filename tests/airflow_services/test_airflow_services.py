"""The `airflow-services` stack as a user runs it: Airflow tasks that share only the services.

After `python run.py stack up airflow-services` and `zenml stack set airflow-services`, every
pipeline is started with the user's own command (`python run.py --config ...`) and the tests
check what the servers hold: the run on the ZenML server (status, orchestrator, steps), its
artifacts and code archive in the S3 bucket, the model in the MLflow server's registry.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.airflow_services.user_flow import (
    MODEL,
    PREDICTIONS,
    RETRAIN_WITH,
    Outcome,
    UserShell,
    assert_on_airflow_and_services,
)
from tests.pipelines.helpers import PINNED
from tests.services.helpers import BUCKET

pytestmark = [pytest.mark.server, pytest.mark.pipeline]


def mlflow_client(shell: UserShell, monkeypatch: pytest.MonkeyPatch) -> Any:
    from mlflow.tracking import MlflowClient

    creds = shell.services.mlflow_credentials()
    monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", creds["username"])
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", creds["password"])
    return MlflowClient(tracking_uri=shell.services.url("mlflow"))


def test_training_runs_on_airflow_and_registers_in_the_mlflow_server(
    shell: UserShell, trained: Outcome, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_on_airflow_and_services(shell, trained)
    version = shell.record("version", MODEL, "latest")
    assert version["stage"] == "production"  # the first model passing the gate
    registered = version["run_metadata"]["mlflow_registered_version"]
    champion = mlflow_client(shell, monkeypatch).get_model_version_by_alias(MODEL, "champion")
    assert str(champion.version) == str(registered)


def test_batch_inference_scores_with_the_production_model(
    shell: UserShell, trained: Outcome
) -> None:
    scored = shell.pipeline(
        "batch_inference",
        *PINNED["batch_inference"],
        f"model.name={MODEL}",
        "data.sample.rows=500",
        f"output.uri={PREDICTIONS}",
    )
    assert_on_airflow_and_services(shell, scored)
    production = shell.record("version", MODEL, "production")["name"]
    predictions = shell.record("output", scored.run, "predict", "predictions")
    assert set(predictions["model_version"].values()) == {production}
    keys = shell.services.s3_client().list_objects_v2(Bucket=BUCKET, Prefix="predictions/")
    assert keys.get("KeyCount", 0) > 0


def test_drift_retrains_on_airflow_and_advances_production(
    shell: UserShell, trained: Outcome
) -> None:
    first = shell.record("version", MODEL, "production")["name"]
    windows = {}
    for batch in (3, 4):  # the debounce fires on 2 drifted windows of the last 3
        windows[batch] = shell.pipeline(
            "monitoring",
            *PINNED["monitoring"],
            f"model.name={MODEL}",
            "data.sample.rows=1500",
            f"data.sample.batch={batch}",
            "data.sample.drift=0.8",
            RETRAIN_WITH,
        )
        assert_on_airflow_and_services(shell, windows[batch])
    quiet = shell.record("output", windows[3].run, "decide_retraining", "monitoring_window")
    assert quiet["drifted"] is True and quiet["action"] == "none", quiet["reason"]
    window = shell.record("output", windows[4].run, "decide_retraining", "monitoring_window")
    assert window["action"] == "retrain", window["reason"]
    outcome = shell.record("output", windows[4].run, "launch_retraining", "retrain_outcome")
    assert outcome["status"] == "completed", outcome
    assert outcome["promoted"] is True, outcome.get("promotion_reason")
    new = shell.record("version", MODEL, "production")["name"]
    assert new == outcome["model_version"] != first
    retrain = shell.record("run", outcome["training_run"])
    assert (retrain["orchestrator"], retrain["status"]) == ("airflow", "completed"), retrain
    assert shell.record("active") == "airflow-services"  # the retrain left the user's stack


def test_feature_pipeline_writes_its_table_to_the_bucket(shell: UserShell) -> None:
    built = shell.pipeline("feature", "data.sample.rows=1500", "features.name=afsvc_features")
    record = assert_on_airflow_and_services(shell, built)
    assert any("afsvc_features" in uri for uri in record["artifact_uris"]), record


def test_promote_command_moves_a_version_on_airflow(shell: UserShell, trained: Outcome) -> None:
    first = shell.record("run", trained.run)["model_version"]
    done = shell.command(  # the first version is no longer the champion after the retrain
        "run.py", "promote", "--model", MODEL, "--version", first, "--stage", "staging",
        "--force", "--reason", "staging copy of the first model",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert done.stdout.startswith("promoted: "), done.stdout
    promotion = shell.record("newest", "promotion_pipeline")
    moved = Outcome("promotion", promotion["name"], promotion["status"], 0.0, done.stdout)
    assert_on_airflow_and_services(shell, moved)
    assert shell.record("version", MODEL, first)["stage"] == "staging"
