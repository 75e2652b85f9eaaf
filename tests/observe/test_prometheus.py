"""A real Prometheus scrapes the real exporter; a failing run makes the failure-rate alert fire."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from core.errors import LoopstackError
from servers.process import free_port
from tests.observe.conftest import MISSING, MODEL, REPO, Observed, tool
from tests.observe.test_rules import RULES, dashboard_expressions
from tests.pipelines.helpers import run_config

pytestmark = [pytest.mark.server, pytest.mark.pipeline, pytest.mark.needs("prometheus")]

FAILURE_ALERT = "LoopstackPipelineFailureRateHigh"


def wait_for(check: Callable[[], Any], what: str, process: subprocess.Popen[Any]) -> Any:
    """Poll `check` until it returns something truthy; fail early if `process` died."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{what}: process exited with {process.returncode}"
        try:
            result = check()
        except requests.ConnectionError:
            result = None
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"gave up waiting for {what}")


def rules_with_short_for(tmp_path: Path) -> Path:
    """The shipped rules with every `for:` shortened to 2 s (the expressions are unchanged)."""
    rules = yaml.safe_load(RULES.read_text())
    for group in rules["groups"]:
        for rule in group["rules"]:
            if "for" in rule:
                rule["for"] = "2s"
    path = tmp_path / "rules.yml"
    path.write_text(yaml.safe_dump(rules))
    return path


def start_exporter(started: list[subprocess.Popen[Any]], tmp_path: Path) -> str:
    port = free_port()
    log = (tmp_path / "exporter.log").open("w")
    command = [sys.executable, "run.py", "metrics", "serve", "--port", str(port), "--refresh", "1"]
    process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    started.append(process)
    url = f"http://127.0.0.1:{port}/metrics"
    wait_for(lambda: requests.get(url, timeout=30).ok, "exporter /metrics", process)
    return f"127.0.0.1:{port}"


def start_prometheus(started: list[subprocess.Popen[Any]], tmp_path: Path, target: str) -> str:
    config = {
        "global": {"scrape_interval": "2s", "scrape_timeout": "2s", "evaluation_interval": "1s"},
        "rule_files": [str(rules_with_short_for(tmp_path))],
        "scrape_configs": [{"job_name": "loopstack", "static_configs": [{"targets": [target]}]}],
    }
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(config))
    port = free_port()
    command = [
        tool("prometheus"),
        f"--config.file={tmp_path / 'prometheus.yml'}",
        f"--storage.tsdb.path={tmp_path / 'data'}",
        f"--web.listen-address=127.0.0.1:{port}",
        "--log.level=warn",
    ]
    log = (tmp_path / "prometheus.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    started.append(process)
    url = f"http://127.0.0.1:{port}"
    wait_for(lambda: requests.get(f"{url}/-/ready", timeout=5).ok, "prometheus ready", process)
    return url


def query(url: str, promql: str) -> list[dict[str, Any]]:
    response = requests.get(f"{url}/api/v1/query", params={"query": promql}, timeout=30)
    body = response.json()
    assert body["status"] == "success", (promql, body)
    return list(body["data"]["result"])


def active_alerts(url: str, name: str, **labels: str) -> list[dict[str, Any]]:
    alerts = requests.get(f"{url}/api/v1/alerts", timeout=30).json()["data"]["alerts"]
    return [
        a
        for a in alerts
        if a["labels"]["alertname"] == name
        and all(a["labels"].get(k) == v for k, v in labels.items())
        and a["state"] in ("pending", "firing")
    ]


def test_prometheus_scrapes_exporter_and_alerts_on_failed_run(
    observed: Observed, started: list[subprocess.Popen[Any]], tmp_path: Path
) -> None:
    exporter = start_exporter(started, tmp_path)
    url = start_prometheus(started, tmp_path, exporter)
    prometheus = started[-1]

    # One stack's series: other test modules (e.g. the Airflow tests) add failed runs elsewhere.
    failed = (
        'loopstack_pipeline_runs_total{pipeline="training_pipeline",stack="local",status="failed"}'
    )
    series = wait_for(lambda: query(url, failed), "the first scrape", prometheus)
    assert series[0]["metric"]["job"] == "loopstack"
    before = float(series[0]["value"][1])
    drift = query(url, f'loopstack_last_drift_detected{{model="{MODEL}"}}')
    assert [float(s["value"][1]) for s in drift] == [1.0]
    for expr in dashboard_expressions():  # every dashboard query is valid PromQL here
        query(url, expr.replace("$stack", ".*"))
    drift_alert = "LoopstackDataDriftDetected"
    wait_for(lambda: active_alerts(url, drift_alert, model=MODEL), drift_alert, prometheus)
    assert not active_alerts(url, FAILURE_ALERT, pipeline="training_pipeline")

    with pytest.raises(LoopstackError, match="not found"):
        run_config("training", f"model.name={MODEL}", MISSING)

    def failure_counted() -> bool:
        return any(float(s["value"][1]) == before + 1 for s in query(url, failed))

    wait_for(failure_counted, "the failed run in Prometheus", prometheus)
    alerts = wait_for(
        lambda: active_alerts(url, FAILURE_ALERT, pipeline="training_pipeline"),
        "the failure-rate alert",
        prometheus,
    )
    assert alerts[0]["labels"]["severity"] == "warning"
    assert float(alerts[0]["value"]) > 0.25
