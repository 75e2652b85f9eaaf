"""The `local-services` stack for real: SeaweedFS S3, an MLflow server and a ZenML server.

One training run reads its table from the S3 bucket (`data.source=s3://...`), then batch
inference scores a new batch; the tests check what each server holds afterwards.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from botocore.config import Config
from botocore.exceptions import ClientError

from core.data.builtin import generate_churn
from tests.run_output import status_line
from tests.services.helpers import BUCKET, Services, distinct_free_ports

pytestmark = pytest.mark.server

MODEL = "churn_classifier"
DATA_KEY = "data/churn-1500.csv"


@dataclass(frozen=True)
class Runs:
    training: Any
    batch: Any
    csv_sha256: str


@pytest.fixture(scope="module")
def runs(services: Services) -> Runs:
    """Upload a CSV to the bucket, train from it, then run batch inference, on local-services."""
    csv = generate_churn(rows=1500, seed=42).to_csv(index=False).encode()
    services.s3_client().put_object(Bucket=BUCKET, Key=DATA_KEY, Body=csv)
    training = services.cli(
        "--config",
        "configs/training.yaml",
        "--stack",
        "local-services",
        "--set",
        "data.sample.rows=1500",
        "--set",
        f"data.source=s3://{BUCKET}/{DATA_KEY}",
        "--set",  # one candidate keeps the run short; the stack is what is under test
        "candidates=[{name: logreg, kind: logistic_regression, params: {C: 1.0}}]",
    )
    assert training.returncode == 0, training.stderr[-3000:]
    batch = services.cli(
        "--config",
        "configs/batch_inference.yaml",
        "--stack",
        "local-services",
        "--set",
        "data.sample.rows=500",
    )
    assert batch.returncode == 0, batch.stderr[-3000:]
    return Runs(training, batch, hashlib.sha256(csv).hexdigest())


def test_training_and_batch_inference_complete(runs: Runs) -> None:
    assert "training: run training_pipeline" in runs.training.stdout
    assert status_line(runs.training.stdout)[2] == "completed"
    assert "batch_inference: run batch_inference_pipeline" in runs.batch.stdout
    assert status_line(runs.batch.stdout)[2] == "completed"


def test_artifacts_are_in_the_bucket(services: Services, runs: Runs) -> None:
    pages = services.s3_client().get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
    keys = [obj["Key"] for page in pages for obj in page.get("Contents", [])]
    folders = {key.split("/", 1)[0] for key in keys}
    # ZenML step outputs of both pipelines, and MLflow's model files (proxied by its server)
    assert {"ingest_data", "register_model", "predict"} <= folders, sorted(folders)
    assert any(k.startswith("mlflow/") and k.endswith("MLmodel") for k in keys), sorted(folders)


def test_mlflow_server_has_the_champion_and_metrics(
    services: Services, runs: Runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlflow.tracking import MlflowClient

    anonymous = requests.get(
        f"{services.url('mlflow')}/api/2.0/mlflow/registered-models/search", timeout=30
    )
    assert anonymous.status_code == 401  # basic auth: only the generated admin login works
    creds = services.mlflow_credentials()
    monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", creds["username"])
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", creds["password"])
    client = MlflowClient(tracking_uri=services.url("mlflow"))
    champion = client.get_model_version_by_alias(MODEL, "champion")
    assert str(champion.source).startswith("models:/")
    run = client.get_run(str(champion.run_id))
    assert run.data.metrics["holdout_roc_auc"] > 0.7


def test_zenml_server_lists_the_runs_and_the_s3_source(services: Services, runs: Runs) -> None:
    api = f"{services.url('zenml')}/api/v1"
    ours = {run_name(runs.training.stdout), run_name(runs.batch.stdout)}
    # The servers are shared by the session's modules: read only this module's runs and model.
    listed = requests.get(f"{api}/runs", params={"size": 1000}, timeout=60)
    listed.raise_for_status()
    statuses = {
        run["name"].split("-")[0]: run["body"]["status"]
        for run in listed.json()["items"]
        if run["name"] in ours
    }
    assert statuses == {"training_pipeline": "completed", "batch_inference_pipeline": "completed"}
    versions = requests.get(
        f"{api}/model_versions", params={"hydrate": "true", "size": "1000"}, timeout=60
    )
    versions.raise_for_status()
    (version,) = [v for v in versions.json()["items"] if v["body"]["model"]["name"] == MODEL]
    metadata = version["metadata"]["run_metadata"]
    # the training read the very bytes we uploaded, through the artifact store's S3 filesystem
    assert metadata["data_source"] == f"s3://{BUCKET}/{DATA_KEY}"
    assert metadata["data_fingerprint"] == runs.csv_sha256


def test_wrong_s3_keys_are_rejected(services: Services) -> None:
    import boto3

    good = s3_keys(services)
    wrong = {
        "SignatureDoesNotMatch": {**good, "aws_secret_access_key": "not-the-secret"},
        "InvalidAccessKeyId": {**good, "aws_access_key_id": "LSNOSUCHKEY"},
    }
    for code, creds in wrong.items():
        client = boto3.client(
            "s3",
            endpoint_url=services.url("s3"),
            region_name="us-east-1",
            config=Config(retries={"max_attempts": 1}, connect_timeout=10, read_timeout=60),
            **creds,
        )
        with pytest.raises(ClientError) as caught:
            client.list_objects_v2(Bucket=BUCKET)
        assert caught.value.response["Error"]["Code"] == code
    assert services.s3_client().head_bucket(Bucket=BUCKET)  # the generated keys still work


def test_taken_port_is_a_one_line_error(services: Services, tmp_path: Path) -> None:
    s3_port, zenml_port = distinct_free_ports(2)
    env = {  # a second, empty state folder whose MLflow port is the running server's
        **services.env,
        "LOOPSTACK_STATE_DIR": str(tmp_path),
        "LOOPSTACK_S3_PORT": str(s3_port),
        "LOOPSTACK_ZENML_PORT": str(zenml_port),
    }
    result = services.cli("services", "up", "--mlflow-port", str(services.ports["mlflow"]), env=env)
    assert result.returncode == 2
    assert not (tmp_path / "services.json").exists()  # nothing was started
    assert result.stderr.strip() == (
        f"error: mlflow: port {services.ports['mlflow']} on 127.0.0.1 is already in use by "
        "another process; stop it or choose another port with --mlflow-port or "
        "LOOPSTACK_MLFLOW_PORT"
    )


def test_wrong_keys_in_the_secret_fail_the_run_with_one_line(
    services: Services, runs: Runs
) -> None:
    """Runs after the runs (their `--stack local-services` left it active): breaks the ZenML
    secret, runs on the active stack as is, then `stack up` puts the keys back (so would
    `--stack local-services`, which brings the stack up before the run)."""
    broken = services.zenml("secret", "update", "loopstack_s3", "--aws_secret_access_key=wrong")
    assert broken.returncode == 0, broken.stderr[-2000:]
    result = services.cli("--config", "configs/training.yaml", "--no-cache")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr[-3000:]
    expected = "error: training run failed: PermissionError: Forbidden (full log: "
    assert errors[0].startswith(expected), errors
    restored = services.cli("stack", "up", "local-services")
    assert restored.returncode == 0, restored.stderr[-2000:]
    code = (
        "from zenml.client import Client; print(Client().get_secret('loopstack_s3').secret_values)"
    )
    secret = services.python("-c", code)
    assert secret.returncode == 0, secret.stderr[-2000:]
    assert s3_keys(services)["aws_secret_access_key"] in secret.stdout


def run_name(stdout: str) -> str:
    """The run name in `run.py`'s status line: `<pipeline>: run <name> <status>`."""
    return status_line(stdout)[1]


def s3_keys(services: Services) -> dict[str, str]:
    from servers.local_services.s3 import credentials

    return credentials(services.state_dir)


ACTIVE_STACK_AND_LAST_RUN = """
from zenml.client import Client
client = Client()
run = client.list_pipeline_runs(sort_by="desc:created", size=1).items[0]
print(client.active_stack_model.name, run.stack.name, run.status.value)
"""


def test_services_down_puts_the_client_back_on_the_local_stack(
    services: Services, runs: Runs
) -> None:
    """Runs last: stops the servers; a plain training run then works on `local`."""
    down = services.cli("services", "down")
    assert down.returncode == 0, down.stderr[-3000:]
    assert "zenml   stopped" in down.stdout
    assert "active stack: 'local'" in down.stdout, down.stdout
    config = yaml.safe_load((Path(services.env["ZENML_CONFIG_PATH"]) / "config.yaml").read_text())
    assert config["store"]["type"] == "sql"  # no longer the stopped REST server
    # A new model name: the champion trained above keeps its artifacts on the stopped S3.
    training = services.cli(
        "--config",
        "configs/training.yaml",
        "--set",
        "model.name=churn_after_down",
        "--set",
        "data.sample.rows=600",
        "--set",
        "candidates=[{name: logreg, kind: logistic_regression, params: {C: 1.0}}]",
    )
    assert training.returncode == 0, training.stderr[-3000:]
    assert status_line(training.stdout)[2] == "completed"
    found = services.python("-c", ACTIVE_STACK_AND_LAST_RUN)
    assert found.returncode == 0, found.stderr[-2000:]
    assert found.stdout.split()[-3:] == ["local", "local", "completed"]
