"""A real local ZenML server (dashboard + REST) in a subprocess, for dashboard tests.

Everything runs from a sandbox folder with its own ZenML config, so the test session's
embedded store and the repo's `.zen/config.yaml` are never touched. Stop by PID."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from servers.process import free_port, spawn, stop_pid, wait_healthy

REPO = Path(__file__).resolve().parents[2]
PACKAGES = (
    "cli",
    "configs",
    "core",
    "integrations",
    "orchestration",
    "observe",
    "pipelines",
    "servers",
    "serving",
    "stacks",
    "steps",
    "tests",
)
VENV_BIN = Path(sys.executable).parent


def sandbox(root: Path) -> Path:
    """A source root whose packages are symlinks to the repo's (ZenML finds it by `.zen/`)."""
    src = root / "src"
    (src / ".zen").mkdir(parents=True)
    for name in (*PACKAGES, "run.py"):
        (src / name).symlink_to(REPO / name)
    return src


def client_env(root: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZENML_", "MLFLOW_"))}
    env.update(
        ZENML_CONFIG_PATH=str(root / "client"),
        ZENML_STORE_URL=url,
        ZENML_STORE_TYPE="rest",
        ZENML_ANALYTICS_OPT_IN="false",
        ZENML_ENABLE_RICH_TRACEBACK="false",
        AUTO_OPEN_DASHBOARD="false",
    )
    return env


def start_server(root: Path, port: int) -> int:
    """`zenml login --local` on `port`. The server shares the client's ZenML config folder
    (`client_env`), so it finds the local artifact store the client's runs wrote (its default
    path lies under that folder) and the dashboard can show their visualizations."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZENML_", "MLFLOW_"))}
    env.update(ZENML_CONFIG_PATH=str(root / "client"), ZENML_ANALYTICS_OPT_IN="false")
    command = [str(VENV_BIN / "zenml"), "login", "--local", "--blocking"]
    command += ["--ip-address", "127.0.0.1", "--port", str(port)]
    return spawn(command, root / "server.log", env, root)


@dataclass(frozen=True)
class Dashboard:
    """A running local ZenML server and a client sandbox connected to it."""

    url: str
    root: Path
    src: Path
    env: dict[str, str]

    def run(self, *args: str) -> str:
        """`python <args>` in the sandbox as a client of the server; its stdout."""
        done = subprocess.run(
            [str(VENV_BIN / "python"), *args],
            cwd=self.src,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        return done.stdout


@contextmanager
def running_dashboard(root: Path) -> Iterator[Dashboard]:
    """Start the server, wait for it, skip the onboarding survey; stop it by PID afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    pid = start_server(root, port)
    try:
        wait_healthy("ZenML server", f"{url}/health", pid, root / "server.log", 240, 1.0)
        skip_onboarding(url)
        yield Dashboard(url, root, sandbox(root), client_env(root, url))
    finally:
        stop_pid(pid, first=signal.SIGINT)  # it ignores SIGTERM (killed 20 s later)


def skip_onboarding(url: str) -> None:
    """The dashboard shows a survey until the user has answered it (or opted out)."""
    body = {"email_opted_in": False, "user_metadata": {"finished_onboarding_survey": True}}
    requests.put(f"{url}/api/v1/current-user", json=body, timeout=30).raise_for_status()
