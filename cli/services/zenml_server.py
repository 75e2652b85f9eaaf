"""The local ZenML server (`zenml login --local`): dashboard + REST store for this project.

`zenml login --local` starts ZenML's own daemon (state under the ZenML config folder,
`zen_server/daemon/service.pid`) and points the client at it, so every run from now on is
recorded by the server. We stop it by PID, then `zenml logout --local` points the client back
at the local database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

from cli.services.base import HOST, ServiceError, last_line, read_pid, stop_pid, wait_healthy


def zenml_config_dir() -> Path:
    """ZenML's global config folder (ZENML_CONFIG_PATH, else the per-user default)."""
    import click

    return Path(os.environ.get("ZENML_CONFIG_PATH") or click.get_app_dir("zenml"))


def pid_file() -> Path:
    return zenml_config_dir() / "zen_server" / "daemon" / "service.pid"


def running_pid() -> int | None:
    from cli.services.base import pid_alive

    pid = read_pid(pid_file())
    return pid if pid_alive(pid) else None


def _zenml(*args: str, log: Path, timeout: float) -> None:
    env = {
        **os.environ,
        "ZENML_ANALYTICS_OPT_IN": "false",
        "ZENML_AUTO_OPEN_DASHBOARD": "false",
        "ZENML_ENABLE_RICH_TRACEBACK": "false",
    }
    env.pop("AUTO_OPEN_DASHBOARD", None)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        try:
            done = subprocess.run(
                [str(Path(sys.executable).parent / "zenml"), *args],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ServiceError(f"zenml {args[0]} took over {timeout:.0f}s (log: {log})") from None
    if done.returncode != 0:
        raise ServiceError(f"zenml {' '.join(args)} failed: {last_line(log)} (log: {log})")


def start(state_dir: Path, port: int, timeout: float) -> int:
    """Start the daemon and connect the client to it; return the daemon's PID."""
    log = state_dir / "zenml" / "zenml.log"
    _zenml("login", "--local", "--ip-address", HOST, "--port", str(port), log=log, timeout=timeout)
    pid = running_pid()
    if pid is None:
        raise ServiceError(f"zenml server: no running daemon after `zenml login` (log: {log})")
    wait_healthy("zenml", f"http://{HOST}:{port}/health", pid, log, timeout)
    _skip_onboarding(port)
    return pid


def stop(state_dir: Path, pid: int | None, timeout: float = 120) -> None:
    """Stop the daemon by PID, then `zenml logout --local`: the client back on the local DB."""
    stop_pid(pid)
    _zenml("logout", "--local", log=state_dir / "zenml" / "zenml.log", timeout=timeout)


def _skip_onboarding(port: int) -> None:
    """Mark the onboarding survey done so the dashboard opens on the runs (local, no auth)."""
    body = json.dumps({"user_metadata": {"finished_onboarding_survey": True}}).encode()
    request = urllib.request.Request(
        f"http://{HOST}:{port}/api/v1/current-user",
        data=body,
        method="PUT",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
