"""The nightly deploy stage on `airflow-services`: a task of the stage's Airflow DAG deploys
the online service, and the service outlives the task."""

from __future__ import annotations

import json
from pathlib import Path

import psutil
import pytest
import requests
import yaml

from core.data.builtin import generate_churn
from servers.process import free_port, pid_alive, stop_pid
from tests.airflow_services import user_flow as flow
from tests.services.helpers import REPO

pytestmark = [pytest.mark.server, pytest.mark.pipeline]

NAME = "airflow-services-serve"


def test_the_deploy_stage_is_an_airflow_task_whose_service_outlives_it(
    shell: flow.UserShell, trained: flow.Outcome, tmp_path: Path
) -> None:
    port = free_port()
    nightly = {
        "pipeline": "nightly",
        "stages": {
            "deploy": {
                "config": str(REPO / "configs" / "serve.yaml"),
                "overrides": [f"name={NAME}", f"port={port}", f"model.name={flow.MODEL}"],
            }
        },
    }
    path = tmp_path / "nightly.yaml"
    path.write_text(yaml.safe_dump(nightly))
    done = shell.command("run.py", "--config", str(path))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("nightly: deploy:")]
    url = f"http://127.0.0.1:{port}"
    assert line.endswith(f"completed: {NAME} deployed at {url}"), line
    run = line.split()[3]
    outcome = flow.Outcome("serve_deploy", run, "completed", 0.0, line)
    flow.assert_on_airflow_and_services(shell, outcome)
    status = shell.command("run.py", "serve", "status", "--name", NAME)
    assert status.returncode == 0, status.stderr[-3000:]
    pid = int(status.stdout.split("pid ", 1)[1].split(",", 1)[0])
    try:
        # started by the Airflow task (its environment), alive after the task ended
        assert psutil.Process(pid).environ().get("AIRFLOW_CTX_DAG_ID"), "not an Airflow task"
        rows = generate_churn(2, batch=3).drop(columns=["churned"])
        answer = requests.post(
            f"{url}/predict", json={"rows": json.loads(rows.to_json(orient="records"))}, timeout=60
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["model"] == flow.MODEL
    finally:
        stopped = shell.command("run.py", "serve", "stop", "--name", NAME, "--delete")
        left = pid_alive(pid)
        stop_pid(pid)
    assert stopped.returncode == 0 and not left, stopped.stdout + stopped.stderr[-2000:]
