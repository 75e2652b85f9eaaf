"""Webhook alerts from pipeline hooks to a real HTTP receiver, and step retries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.operate.flaky import flaky_pipeline
from tests.operate.receiver import Receiver, webhook_stack

pytestmark = pytest.mark.pipeline


@pytest.fixture
def alerting_stack(local_stack: str, receiver: Receiver, tmp_path: Path) -> Iterator[str]:
    with webhook_stack(receiver, tmp_path) as name:
        yield name


def test_transient_failure_is_retried(local_stack: str, tmp_path: Path) -> None:
    counter = tmp_path / "attempts"
    run = flaky_pipeline(counter=str(counter), failures=2)
    assert run.status.value == "completed"
    assert run.steps["flaky_io"].outputs["attempts"][0].load() == 3
    assert counter.read_text() == "3"


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

    from integrations.webhook.alerter import WebhookAlerter, WebhookAlerterParameters

    alerter = Client().active_stack.alerter
    assert isinstance(alerter, WebhookAlerter)
    assert alerter.post("hello", WebhookAlerterParameters(title="t", fields={"a": 1})) is True
    from zenml.stack import StackComponent

    updated = Client().update_stack_component(
        "test_webhook", "alerter", configuration={"url": "http://127.0.0.1:9/nothing"}
    )
    assert StackComponent.from_model(updated).post("lost") is False  # type: ignore[attr-defined]
