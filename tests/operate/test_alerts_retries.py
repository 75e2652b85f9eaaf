"""Webhook alerts from pipeline hooks to a real HTTP receiver, and step retries."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from cli.stacks import STACKS_DIR, stack_up
from tests.operate.flaky import flaky_pipeline

pytestmark = pytest.mark.pipeline


class Receiver(ThreadingHTTPServer):
    bodies: list[dict[str, Any]]


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.server.bodies.append(  # type: ignore[attr-defined]
            {
                "content_type": self.headers.get("Content-Type"),
                "json": json.loads(self.rfile.read(length)),
            }
        )
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A JSON webhook receiver on a free 127.0.0.1 port (port 0: the OS picks a free one)."""
    server = Receiver(("127.0.0.1", 0), _Handler)
    server.bodies = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture
def webhook_stack(local_stack: str, receiver: Receiver, tmp_path: Path) -> Iterator[str]:
    """The local stack plus our `webhook` alerter, registered through `stack up`; the local
    stack is active again afterwards."""
    spec = yaml.safe_load((STACKS_DIR / "local.yaml").read_text())
    spec["stack_name"] = "local_webhook"
    url = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
    spec["components"]["alerter"] = [
        {
            "name": "test_webhook",
            "type": "alerter",
            "flavor": "webhook",
            "configuration": {"url": url},
        }
    ]
    path = tmp_path / "local_webhook.yaml"
    path.write_text(yaml.safe_dump(spec))
    done = stack_up(str(path))
    assert (
        "registered alerter 'test_webhook' (webhook)" in done
        or "updated alerter 'test_webhook'" in done
    )
    try:
        yield "local_webhook"
    finally:
        stack_up("local")


def test_transient_failure_is_retried(local_stack: str, tmp_path: Path) -> None:
    counter = tmp_path / "attempts"
    run = flaky_pipeline(counter=str(counter), failures=2)
    assert run.status.value == "completed"
    assert run.steps["flaky_io"].outputs["attempts"][0].load() == 3
    assert counter.read_text() == "3"


def test_final_failure_is_alerted_with_step_and_exception(
    webhook_stack: str, receiver: Receiver, tmp_path: Path
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


def test_alerter_reports_an_unreachable_receiver(webhook_stack: str) -> None:
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
