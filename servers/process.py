"""The one process toolkit: ports, PID files, start, health checks, stop by PID.

Every server we start (S3, MLflow, ZenML, Airflow, the test fixtures' servers) is a background
process bound to 127.0.0.1, started in its own session so that stopping its PID (SIGTERM or the
signal it needs, then SIGKILL after a grace period) takes its children with it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.errors import LoopstackError

HOST = "127.0.0.1"


class ServiceError(LoopstackError):
    """A local server cannot start, is unhealthy, or its port is taken."""


@dataclass(frozen=True)
class Endpoint:
    """What `services status` shows for one service."""

    name: str
    url: str
    pid: int | None
    healthy: bool

    def line(self) -> str:
        state = "healthy" if self.healthy else ("running, unhealthy" if self.pid else "stopped")
        pid = f"pid {self.pid}" if self.pid else "no pid"
        return f"{self.name:<7} {state:<18} {self.url:<28} {pid}"


def port_is_free(port: int, host: str = HOST) -> bool:
    """True if nothing listens on host:port (we can bind it ourselves)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = HOST) -> int:
    """A port the OS considers free right now (for internal ports and tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def require_free_port(name: str, port: int, env_var: str, flag: str) -> None:
    """Raise the one-line error the user sees when a configured port is taken."""
    if not port_is_free(port):
        raise ServiceError(
            f"{name}: port {port} on {HOST} is already in use by another process; stop it or "
            f"choose another port with {flag} or {env_var}"
        )


def pid_alive(pid: int | None, command_has: str | None = None) -> bool:
    """True if `pid` runs and is no zombie; with `command_has`, only if its command line
    contains that text (a PID file outlives its process, and the PID may be reused)."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    if command_has is not None:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            command = b""  # no /proc (macOS): trust the PID
        # empty while the process is still being exec'd (just spawned): trust the PID
        if command and command_has.encode() not in command:
            return False
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"


def read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def spawn(cmd: Sequence[str], log: Path, env: Mapping[str, str], cwd: Path) -> int:
    """Start `cmd` detached (own session), output appended to `log`; return its PID."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        proc = subprocess.Popen(
            list(cmd),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=dict(env),
            cwd=cwd,
            start_new_session=True,
        )
    return proc.pid


def http_ok(url: str, timeout: float = 2.0) -> bool:
    """True if a GET on `url` answers with a status below 500."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status) < 500
    except urllib.error.HTTPError as exc:
        return exc.code < 500
    except (OSError, ValueError):
        return False


def wait_healthy(
    name: str, url: str, pid: int | None, log: Path, timeout: float, poll: float = 0.5
) -> None:
    """Poll `url` until it answers; fail fast with the log's last line if the process dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if http_ok(url):
            return
        if pid is not None and not pid_alive(pid):
            _reap(pid)
            raise ServiceError(f"{name} exited during start-up: {last_line(log)} (log: {log})")
        time.sleep(poll)
    raise ServiceError(f"{name} did not become healthy at {url} within {timeout:.0f}s (log: {log})")


def stop_pid(pid: int | None, grace: float = 20.0, first: signal.Signals = signal.SIGTERM) -> bool:
    """Send `first` to the process group of `pid`, SIGKILL it after `grace` seconds; True if it
    ran. Our own children are reaped, so a zombie never counts as running."""
    if not pid_alive(pid):
        return False
    assert pid is not None
    _signal_group(pid, first)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            _reap(pid)
            return True
        time.sleep(0.2)
    _signal_group(pid, signal.SIGKILL)
    while pid_alive(pid):
        time.sleep(0.1)
    _reap(pid)
    return True


def _signal_group(pid: int, sig: signal.Signals) -> None:
    try:
        group = os.getpgid(pid)
        if group == pid:  # its own session (we started it so): take its children too
            os.killpg(group, sig)
        else:
            os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return


def _reap(pid: int) -> None:
    """Collect the exit status if `pid` is our own child (no zombie left behind)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return


def last_line(log: Path) -> str:
    try:
        lines = [line.strip() for line in log.read_text(errors="replace").splitlines()]
    except OSError:
        return "no log"
    lines = [line for line in lines if line]
    return lines[-1][:300] if lines else "empty log"


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read (generated keys and passwords)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
