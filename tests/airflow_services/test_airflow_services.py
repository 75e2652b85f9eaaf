"""The `airflow-services` stack as a user runs it: Airflow tasks that share only the services.

After `python run.py stack up airflow-services` and `zenml stack set airflow-services`, every
pipeline is started with the user's own command (`python run.py --config ...`, `python run.py
promote`) and the tests check what the servers hold: the run on the ZenML server (status,
orchestrator, steps), its artifacts and code archive in the S3 bucket, the model in the MLflow
server's registry. Batch inference, the feature pipeline and the drift retrain run inside the
nightly chain (test_airflow_services_nightly.py), so each DAG runs once.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.airflow_services.user_flow import (
    MODEL,
    Outcome,
    UserShell,
    assert_on_airflow_and_services,
)

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


def test_promote_command_moves_a_version_on_airflow(shell: UserShell, trained: Outcome) -> None:
    first = shell.record("run", trained.run)["model_version"]
    done = shell.command(  # moving the champion away needs --force
        "run.py", "promote", "--model", MODEL, "--version", first, "--stage", "staging",
        "--force", "--reason", "staging copy of the first model",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert done.stdout.startswith("promoted: "), done.stdout
    promotion = shell.record("newest", "promotion_pipeline")
    moved = Outcome("promotion", promotion["name"], promotion["status"], 0.0, done.stdout)
    assert_on_airflow_and_services(shell, moved)
    assert shell.record("version", MODEL, first)["stage"] == "staging"
    back = shell.command(  # the rollback: production again (later tests serve it)
        "run.py", "promote", "--model", MODEL, "--version", first, "--stage", "production",
        "--reason", "rollback to the first model",
    )  # fmt: skip
    assert back.returncode == 0, back.stdout[-2000:] + back.stderr[-3000:]
    assert shell.record("version", MODEL, first)["stage"] == "production"
