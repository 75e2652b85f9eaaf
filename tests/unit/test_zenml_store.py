"""A client configured for a dead local ZenML server fails in one line, without a retry storm."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from servers.process import free_port
from servers.zenml_store import (
    ServerDownError,
    configured_server_url,
    require_live_local_server,
    server_answers,
)

REPO = Path(__file__).resolve().parents[2]
WITH_SERVICES = importlib.util.find_spec("servers.local_services") is not None


class Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/health" else 404)
        self.end_headers()
        self.wfile.write(b'"OK"')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def health_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def rest_client_config(folder: Path, url: str) -> Path:
    """A ZenML config folder whose client points at `url` (what `zenml login` writes)."""
    folder.mkdir(parents=True, exist_ok=True)
    store = {"type": "rest", "url": url, "verify_ssl": True}
    (folder / "config.yaml").write_text(yaml.safe_dump({"store": store}))
    return folder


@pytest.fixture
def zenml_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ZENML_CONFIG_PATH", str(tmp_path / "zenml"))
    monkeypatch.delenv("ZENML_STORE_URL", raising=False)
    return tmp_path / "zenml"


def test_the_local_database_needs_no_check(zenml_config: Path) -> None:
    assert configured_server_url() is None  # no config.yaml yet
    zenml_config.mkdir()
    (zenml_config / "config.yaml").write_text(yaml.safe_dump({"store": {"type": "sql"}}))
    assert configured_server_url() is None
    require_live_local_server()


def test_a_dead_local_server_is_one_line_within_seconds(zenml_config: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens here
    rest_client_config(zenml_config, url + "/")
    assert configured_server_url() == url
    started = time.monotonic()
    with pytest.raises(ServerDownError) as caught:
        require_live_local_server()
    assert time.monotonic() - started < 3
    way_back = (
        "start it with `make services-up` or go back to the local store with "
        "`make services-down` (or `zenml logout`)"
        if WITH_SERVICES
        else "start it with `zenml login --local` or go back to the local store with `zenml logout`"
    )
    assert str(caught.value) == f"the ZenML server {url} is not running: {way_back}"


def test_a_server_answering_health_passes(zenml_config: Path, health_server: str) -> None:
    rest_client_config(zenml_config, health_server)
    assert server_answers(health_server)
    require_live_local_server()


def test_the_environment_beats_the_file(
    zenml_config: Path, health_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rest_client_config(zenml_config, f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("ZENML_STORE_URL", health_server)
    assert configured_server_url() == health_server
    require_live_local_server()
    monkeypatch.setenv("ZENML_STORE_URL", "https://zenml.example.invalid")
    require_live_local_server()  # remote servers are ZenML's business (may need a login)


def test_run_py_stops_before_any_zenml_call(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    env = {**os.environ, "ZENML_CONFIG_PATH": str(rest_client_config(tmp_path / "zenml", url))}
    env.pop("ZENML_STORE_URL", None)
    for args in (["--config", "configs/training.yaml"], ["stack", "up", "local"]):
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "run.py", *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=env,
            timeout=120,
            check=False,
        )
        assert result.returncode == 2, result.stderr[-2000:]
        assert result.stderr.strip().startswith(f"error: the ZenML server {url} is not running")
        assert time.monotonic() - started < 25  # not ZenML's 30 s of retries
