"""Monitoring alerts through the stack's webhook alerter when drift triggers a retrain."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.operate.receiver import Receiver, webhook_stack
from tests.pipelines.helpers import run_config, step_output

pytestmark = pytest.mark.pipeline

MODEL = "model.name=alerted"
ROWS = "data.sample.rows=1500"
ONE = "candidates=[{name: logreg, kind: logistic_regression}]"


@pytest.fixture
def alerting_stack(local_stack: str, receiver: Receiver, tmp_path: Path) -> Iterator[str]:
    with webhook_stack(receiver, tmp_path) as name:
        yield name


def test_drift_triggered_retrain_is_alerted(alerting_stack: str, receiver: Receiver) -> None:
    run_config("training", MODEL, ROWS, ONE)
    quiet = run_config("monitoring", MODEL, ROWS, "data.sample.drift=0.0", "loop.enabled=false")
    assert step_output(quiet, "launch_retraining", "retrain_outcome")["status"] == "skipped"
    titles = [body["json"]["title"] for body in receiver.bodies]
    assert "monitoring: drift triggered retraining" not in titles  # no retrain, no alert

    trigger = run_config(
        "monitoring",
        MODEL,
        ROWS,
        f'loop.retrain.overrides=["{ONE}"]',
        "data.sample.drift=0.8",
        "loop.debounce={windows: 1, min_drifted: 1}",
        "loop.guard.cooldown_windows=0",
    )
    outcome = step_output(trigger, "launch_retraining", "retrain_outcome")
    assert outcome["status"] == "completed", outcome
    alerts = [
        body["json"]
        for body in receiver.bodies
        if body["json"]["title"] == "monitoring: drift triggered retraining"
    ]
    assert len(alerts) == 1, [body["json"]["title"] for body in receiver.bodies]
    fields = alerts[0]["fields"]
    assert fields["status"] == "succeeded" and fields["retrain_status"] == "completed"
    assert fields["training_run"] == outcome["training_run"]
    assert fields["model_version"] == outcome["model_version"]
    assert "data_drift" in fields["signals"]
    assert alerts[0]["message"].startswith("retrain: drift in 1 of last 1 windows")
    verdict = "PROMOTED" if outcome["promoted"] else "not promoted"
    assert f"model version {outcome['model_version']} {verdict}" in alerts[0]["message"]
