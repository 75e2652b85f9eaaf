"""The local ZenML server (`zenml login --local`): dashboard + REST store for this project.

`zenml login --local` starts ZenML's own daemon (state under the ZenML config folder,
`zen_server/daemon/service.pid`) and points the client at it, so every run from now on is
recorded by the server. `stop` runs `zenml logout --local` while the server still answers
(it points the client back at the local database and shuts the daemon down), then stops the
PID; a client still pointing at the dead server is reset with plain `zenml logout`.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from servers.process import (
    HOST,
    ServiceError,
    last_line,
    pid_alive,
    read_pid,
    stop_pid,
    wait_healthy,
)
from servers.zenml_store import configured_server_url, is_local, zenml_config_dir


def pid_file() -> Path:
    return zenml_config_dir() / "zen_server" / "daemon" / "service.pid"


def running_pid() -> int | None:
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


def client_uses(port: int) -> bool:
    """True if the ZenML client is configured for the local server on `port`."""
    url = configured_server_url()
    return url is not None and is_local(url) and urlparse(url).port == port


def stop(state_dir: Path, pid: int | None, port: int, timeout: float = 120) -> None:
    """Log the client out of the server on `port` (back to the local database), then stop it.

    `zenml logout --local` only works while the server runs; once it is gone (crashed, killed),
    plain `zenml logout` resets the client instead."""
    log = state_dir / "zenml" / "zenml.log"
    if pid_alive(pid):  # also shuts down the daemon and clears its deployment record
        with contextlib.suppress(ServiceError):  # the plain logout below still resets the client
            _zenml("logout", "--local", log=log, timeout=timeout)
    stop_pid(pid)
    if client_uses(port):
        _zenml("logout", log=log, timeout=timeout)
    if client_uses(port):
        raise ServiceError(
            f"the ZenML client still points at http://{HOST}:{port} after `zenml logout` "
            f"(log: {log}); run `zenml logout` yourself"
        )


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
