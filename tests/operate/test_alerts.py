"""Alerts through the stack's webhook alerter to a real HTTP receiver: a pipeline's final
failure (on_failure hook), training's outcome, and monitoring when drift triggered a retrain."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.operate.alert_receiver import Receiver, serving, webhook_stack
from tests.operate.flaky import flaky_pipeline
from tests.pipelines.helpers import run_config, step_output

pytestmark = pytest.mark.pipeline

MODEL = "model.name=alerted"
ROWS = "data.sample.rows=1500"
ONE = "candidates=[{name: logreg, kind: logistic_regression}]"
RETRAIN_TITLE = "monitoring: drift triggered retraining"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with serving() as server:
        yield server


@pytest.fixture
def alerting_stack(local_stack: str, receiver: Receiver, tmp_path: Path) -> Iterator[str]:
    with webhook_stack(receiver, tmp_path) as name:
        yield name


def test_final_failure_is_alerted_with_step_and_exception(
    alerting_stack: str, receiver: Receiver, tmp_path: Path
) -> None:
    counter = tmp_path / "attempts"
    with pytest.raises(RuntimeError):
        flaky_pipeline(counter=str(counter), failures=5)
    assert counter.read_text() == "3"  # the first attempt and two retries
    assert receiver.bodies, "no alert reached the receiver"
    last = receiver.bodies[-1]
    assert last["content_type"] == "application/json"
    body = last["json"]
    assert body["source"] == "loopstack" and body["title"] == "flaky_pipeline failed"
    assert body["fields"]["step"] == "flaky_io" and body["fields"]["status"] == "failed"
    assert body["fields"]["exception"] == "ConnectionError: transient failure 3 of 5"
    assert "failed in step 'flaky_io'" in body["message"]


def test_alerter_reports_an_unreachable_receiver(alerting_stack: str) -> None:
    from zenml.client import Client

    from integrations.webhook_alerter.alerter import WebhookAlerter, WebhookAlerterParameters

    alerter = Client().active_stack.alerter
    assert isinstance(alerter, WebhookAlerter)
    assert alerter.post("hello", WebhookAlerterParameters(title="t", fields={"a": 1})) is True
    from zenml.stack import StackComponent

    updated = Client().update_stack_component(
        alerter.name, "alerter", configuration={"url": "http://127.0.0.1:9/nothing"}
    )
    assert StackComponent.from_model(updated).post("lost") is False  # type: ignore[attr-defined]


def test_training_outcome_and_drift_triggered_retrain_are_alerted(
    alerting_stack: str, receiver: Receiver
) -> None:
    training = run_config("training", MODEL, ROWS, ONE)
    decision = step_output(training, "promote_model", "promotion_decision")
    (trained,) = [b["json"] for b in receiver.bodies if b["json"]["title"].startswith("training ")]
    verdict = "PROMOTED" if decision["promoted"] else "not promoted"
    assert trained["title"] == f"training {verdict}: model version {decision['model_version']}"
    assert trained["fields"]["promoted"] is decision["promoted"]
    assert trained["fields"]["reason"] == decision["reason"]
    assert trained["fields"]["status"] == "succeeded"
    assert trained["fields"]["gate"].startswith("passed")
    assert trained["fields"]["metrics"]["roc_auc"] > 0.5
    assert trained["message"] == step_output(training, "notify_training", "output")

    quiet = run_config("monitoring", MODEL, ROWS, "data.sample.drift=0.0", "loop.enabled=false")
    assert step_output(quiet, "launch_retraining", "retrain_outcome").status == "skipped"
    titles = [body["json"]["title"] for body in receiver.bodies]
    assert RETRAIN_TITLE not in titles  # no retrain, no alert

    trigger = run_config(
        "monitoring",
        MODEL,
        ROWS,
        f'loop.retrain.overrides=["{ONE}"]',
        "data.sample.drift=0.8",
        "loop.debounce={windows: 1, min_drifted: 1}",
        "loop.guard.cooldown_windows=0",
    )
    outcome = step_output(trigger, "launch_retraining", "retrain_outcome").model_dump()
    assert outcome["status"] == "completed", outcome
    alerts = [body["json"] for body in receiver.bodies if body["json"]["title"] == RETRAIN_TITLE]
    assert len(alerts) == 1, [body["json"]["title"] for body in receiver.bodies]
    fields = alerts[0]["fields"]
    assert fields["status"] == "succeeded" and fields["retrain_status"] == "completed"
    assert fields["training_run"] == outcome["training_run"]
    assert fields["model_version"] == outcome["model_version"]
    assert "data_drift" in fields["signals"]
    assert alerts[0]["message"].startswith("retrain: drift in 1 of last 1 windows")
    verdict = "PROMOTED" if outcome["promoted"] else "not promoted"
    assert f"model version {outcome['model_version']} {verdict}" in alerts[0]["message"]
