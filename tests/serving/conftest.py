"""A real deployment of the online service (ZenML's local deployer, 127.0.0.1, free port),
started with the user's commands (`run.py serve deploy`) and stopped by them afterwards."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from servers.process import free_port, pid_alive, stop_pid
from tests.pipelines.helpers import run_config

REPO = Path(__file__).resolve().parents[2]
MODEL = "served"
ONE = "candidates=[{name: logreg, kind: logistic_regression}]"
ROWS = "data.sample.rows=2000"


def cli(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "run.py", *args], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


@dataclass
class Service:
    name: str
    url: str
    pid: int
    key: str | None = None

    def predict(self, rows: list[dict[str, Any]], key: str | None = None) -> requests.Response:
        headers = {"Authorization": f"Bearer {key or self.key}"} if (key or self.key) else {}
        return requests.post(
            f"{self.url}/predict", json={"rows": rows}, headers=headers, timeout=60
        )


def deploy(name: str, *sets: str, port: int | str | None = None) -> Service:
    """`run.py serve deploy` (on a free port unless given); the URL and PID from
    `run.py serve status`."""
    port = port or free_port()
    options = [f"--set=name={name}", f"--set=port={port}", f"--set=model.name={MODEL}"]
    sets = ("refresh_seconds=1", *sets)
    cli("serve", "deploy", "--stack", "local", *options, *[f"--set={s}" for s in sets])
    status = cli("serve", "status", "--name", name, "--show-key")
    assert f"{name}: running at http://127.0.0.1:{port}" in status, status
    pid = int(status.split("pid ", 1)[1].split(",", 1)[0])
    key = status.split("Bearer ", 1)[1].split()[0] if "Bearer " in status else None
    return Service(name, f"http://127.0.0.1:{port}", pid, key)


def stop(service: Service) -> None:
    """`run.py serve stop --delete`; the process must be gone (else it is stopped by PID)."""
    try:
        cli("serve", "stop", "--name", service.name, "--delete")
    finally:
        left = pid_alive(service.pid)
        stop_pid(service.pid)
    assert not left, f"{service.name}: pid {service.pid} still ran after `serve stop`"


@pytest.fixture(scope="module")
def champion(local_stack: str) -> str:
    """Version 1 of the served model, in production."""
    run = run_config("training", f"model.name={MODEL}", ROWS, ONE)
    decision = run.steps["promote_model"].outputs["promotion_decision"][0].load()
    assert decision["promoted"], decision
    return str(decision["model_version"])


@pytest.fixture(scope="module")
def service(champion: str) -> Iterator[Service]:
    running = deploy("loopstack-serve-test")
    yield running
    stop(running)


def as_json_rows(frame: Any) -> list[dict[str, Any]]:
    """Rows as a client sends them (missing values as null)."""
    rows: list[dict[str, Any]] = json.loads(frame.to_json(orient="records"))
    return rows
