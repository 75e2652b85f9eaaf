"""Handles on the services started by the `services` fixture (tests/local_services_fixtures.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from servers.local_services import mlflow_server, s3
from servers.process import free_port, read_pid

REPO = Path(__file__).resolve().parents[2]
BUCKET = "loopstack-test"
Completed = subprocess.CompletedProcess[str]


def run_python(*args: str, env: dict[str, str], timeout: int) -> Completed:
    """`python ARGS` in the repo with `env`, its output captured as text."""
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=timeout,
    )


@dataclass(frozen=True)
class Services:
    env: dict[str, str]
    state_dir: Path
    ports: dict[str, int]

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def cli(self, *args: str, env: dict[str, str] | None = None) -> Completed:
        """`python run.py ARGS` in the repo with the services' ZenML config and ports."""
        return run_python(str(REPO / "run.py"), *args, env=env or self.env, timeout=900)

    def zenml(self, *args: str) -> Completed:
        """The `zenml` CLI with the services' ZenML config (connected to the local server)."""
        return self.python(str(Path(sys.executable).parent / "zenml"), *args)

    def python(self, *args: str) -> Completed:
        """The project's Python with the services' ZenML config."""
        return run_python(*args, env=self.env, timeout=300)

    def s3_client(self, creds: dict[str, str] | None = None) -> Any:
        return s3.client(self.state_dir, self.ports["s3"], creds)

    def mlflow_credentials(self) -> dict[str, str]:
        return mlflow_server.credentials(self.state_dir)


def distinct_free_ports(count: int) -> list[int]:
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if port not in ports:
            ports.append(port)
    return ports


def recorded_pids(state_dir: Path, zenml_home: Path) -> list[int]:
    pids: list[int] = []
    state = state_dir / "services.json"
    if state.is_file():
        pids += [int(p) for p in json.loads(state.read_text())["pids"].values()]
    daemon = read_pid(zenml_home / "zen_server" / "daemon" / "service.pid")
    return [*pids, daemon] if daemon else pids
