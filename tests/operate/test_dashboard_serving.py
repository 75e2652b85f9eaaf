"""The online service in the open-source ZenML dashboard: a `run.py serve deploy` against the
session's ZenML server shows under Deployments, running, with its URL (headless Chromium)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from servers.process import free_port, pid_alive, stop_pid
from tests.operate import zenml_server as zs
from tests.operate.browser import local_page

pytestmark = [pytest.mark.server, pytest.mark.needs("chromium")]

MODEL = "dashboard_served"  # its own model: the promotion test moves churn_classifier's stages
NAME = "dashboard-serve"
TRAIN = ("data.sample.rows=1500", "candidates=[{name: logreg, kind: logistic_regression}]")


def test_the_serving_deployment_shows_under_deployments(dashboard: zs.Dashboard) -> None:
    model, port = f"model.name={MODEL}", free_port()
    sets = [f"--set={s}" for s in (model, *TRAIN)]
    dashboard.run("run.py", "--config", "configs/training.yaml", "--stack", "local", *sets)
    serve = [f"--set={s}" for s in (model, f"name={NAME}", f"port={port}")]
    dashboard.run("run.py", "serve", "deploy", "--stack", "local", *serve)
    (record,) = _get(dashboard.url, "deployments", name=NAME)["items"]
    pid = int(record["metadata"]["deployment_metadata"]["pid"])
    url = f"http://127.0.0.1:{port}"
    try:
        assert requests.get(f"{url}/health", timeout=30).status_code == 200
        with local_page() as page:
            page.goto(f"{dashboard.url}/projects/default/deployments", wait_until="networkidle")
            page.get_by_role("link", name=NAME, exact=True).first.click()
            page.get_by_text(url).first.wait_for(timeout=90_000)
            status = page.get_by_text("running", exact=False).first
            status.wait_for(timeout=90_000)
    finally:
        dashboard.run("run.py", "serve", "stop", "--name", NAME, "--delete")
        left = pid_alive(pid)
        stop_pid(pid)
    assert not left, f"{NAME}: pid {pid} still ran after `serve stop`"
    assert _get(dashboard.url, "deployments", name=NAME)["items"] == []


def _get(url: str, path: str, **params: Any) -> Any:
    response = requests.get(f"{url}/api/v1/{path}", params={**params, "hydrate": True}, timeout=30)
    response.raise_for_status()
    return response.json()
