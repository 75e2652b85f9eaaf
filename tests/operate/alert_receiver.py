"""A real JSON webhook receiver on 127.0.0.1 and a stack whose alerter posts to it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from stacks.register import STACKS_DIR, stack_up


class Receiver(ThreadingHTTPServer):
    """Keeps every POSTed body (content type + parsed JSON)."""

    bodies: list[dict[str, Any]]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length))
        self.server.bodies.append(  # type: ignore[attr-defined]
            {"content_type": self.headers.get("Content-Type"), "json": body}
        )
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def serving() -> Iterator[Receiver]:
    """A receiver on a free 127.0.0.1 port (port 0: the OS picks one), shut down afterwards."""
    server = Receiver(("127.0.0.1", 0), _Handler)
    server.bodies = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def webhook_stack(receiver: Receiver, folder: Path) -> Iterator[str]:
    """The local stack plus our `webhook` alerter, registered through `stack up` (which
    registers the custom flavor); the local stack is active again afterwards.

    Stack and alerter are named after the receiver's port: ZenML caches a Stack object per
    (stack id, stack `updated` time), so re-pointing one stack's alerter within the same second
    could keep the old URL in this process."""
    port = receiver.server_address[1]
    spec = yaml.safe_load((STACKS_DIR / "local.yaml").read_text())
    spec["stack_name"] = f"local_webhook_{port}"
    spec["components"]["alerter"] = [
        {
            "name": f"test_webhook_{port}",
            "type": "alerter",
            "flavor": "webhook",
            "configuration": {"url": receiver.url},
        }
    ]
    path = folder / "local_webhook.yaml"
    path.write_text(yaml.safe_dump(spec))
    stack_up(str(path))
    try:
        yield spec["stack_name"]
    finally:
        stack_up("local")
