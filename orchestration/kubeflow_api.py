"""A recording stand-in for the Kubeflow Pipelines REST API, on a free 127.0.0.1 port.

`kubeflow compile` of a scheduled config points kfp's real `kfp.Client` at it, so ZenML's
Kubeflow orchestrator creates its experiment and recurring run exactly as against a cluster;
the requests are kept (nothing is scheduled). Only the endpoints that path uses exist.
"""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

API = "/apis/v2beta1"


class RecordingKfpApi:
    """`with RecordingKfpApi() as api:` ... `api.recurring_runs` (the JSON bodies received)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, Any]] = []
        self.experiments: list[dict[str, Any]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def recurring_runs(self) -> list[dict[str, Any]]:
        return [body for method, path, body in self.requests if path == f"{API}/recurringruns"]

    def __enter__(self) -> RecordingKfpApi:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def answer(self, method: str, url: str, body: Any) -> tuple[int, Any]:
        """The response a KFP API server gives (for the endpoints the scheduling path uses)."""
        parsed = urlparse(url)
        self.requests.append((method, parsed.path, body))
        if method == "GET" and parsed.path == f"{API}/healthz":
            return 200, {"multi_user": False}
        if method == "GET" and parsed.path == f"{API}/experiments":
            wanted = _filtered_name(parse_qs(parsed.query).get("filter", ["{}"])[0])
            found = [e for e in self.experiments if wanted in (None, e["display_name"])]
            return 200, ({"experiments": found, "total_size": len(found)} if found else {})
        if method == "POST" and parsed.path == f"{API}/experiments":
            experiment = {**body, "experiment_id": str(uuid.uuid4())}
            self.experiments.append(experiment)
            return 200, experiment
        if method == "POST" and parsed.path == f"{API}/recurringruns":
            return 200, {**body, "recurring_run_id": str(uuid.uuid4()), "status": "ENABLED"}
        return 404, {"error": f"{method} {parsed.path} is not served by the recording API"}


def _filtered_name(text: str) -> str | None:
    predicates = json.loads(text).get("predicates", [])
    names = [p.get("stringValue") or p.get("string_value") for p in predicates]
    return names[0] if names else None


def _handler(api: RecordingKfpApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _reply(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            status, payload = api.answer(method, self.path, json.loads(raw) if raw else None)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._reply("GET")

        def do_POST(self) -> None:
            self._reply("POST")

        def log_message(self, *_: Any) -> None:  # quiet: the compile output stays readable
            return

    return Handler
