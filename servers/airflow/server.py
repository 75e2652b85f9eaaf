"""Start, stop and check the local Airflow: api-server, scheduler and dag-processor.

Each process runs in its own session (process group) with its PID in `<home>/<name>.pid`;
`down` stops exactly those groups. `airflow standalone` is not used: it binds log servers
to 0.0.0.0.
"""

from __future__ import annotations

import subprocess
import time

import requests

from core.errors import LoopstackError
from orchestration import airflow_warm_server, airflow_warm_task
from orchestration.airflow_code_cache import UnsafeFolderError
from servers.airflow.home import ADMIN_USER, AirflowHome
from servers.airflow.venv import ensure_venv
from servers.process import last_line, pid_alive, read_pid, require_free_port, spawn, stop_pid

PROCESSES: dict[str, list[str]] = {
    "api-server": ["api-server", "--host", "127.0.0.1", "--port", "{port}"],
    "scheduler": ["scheduler", "--skip-serve-logs"],
    "dag-processor": ["dag-processor"],
}
HEALTH_COMPONENTS = ("metadatabase", "scheduler", "dag_processor")


def up(home: AirflowHome, timeout: float = 180.0) -> list[str]:
    """Create the venv if needed, migrate the database, start all three, wait until healthy."""
    running = [name for name in PROCESSES if _alive(home, name)]
    if len(running) == len(PROCESSES) and healthy(home):
        return [f"airflow already running on {home.url}"]
    if running:
        down(home)
    require_free_port("airflow", home.port, "LOOPSTACK_AIRFLOW_PORT", "--port")
    done = [ensure_venv(home)]
    for folder in (home.dags, home.logs):
        folder.mkdir(parents=True, exist_ok=True)
    run_cli(home, "db", "migrate")
    home.save_port()
    for name, args in PROCESSES.items():
        _start(home, name, [a.format(port=home.port) for a in args])
    _wait_healthy(home, timeout)
    return [
        *done,
        f"airflow up on {home.url} (user {ADMIN_USER}, password in "
        f"{home.root / 'passwords.json'}), DAGs folder {home.dags}",
    ]


def down(home: AirflowHome, timeout: float = 30.0) -> list[str]:
    """Stop the process groups recorded in the PID files; report each one."""
    lines = []
    for name in PROCESSES:
        pid = _pid(home, name)
        if pid is None or not _alive(home, name):
            lines.append(f"{name}: not running")
        else:
            stop_pid(pid, grace=timeout)
            lines.append(f"{name}: stopped (pid {pid})")
        home.pid_file(name).unlink(missing_ok=True)
    return [*lines, *_stop_warm_processes(home)]


def _stop_warm_processes(home: AirflowHome) -> list[str]:
    """Stop the warm task processes this Airflow's tasks started (by recorded PID)."""
    try:
        folder = airflow_warm_task.runtime_folder()
    except (OSError, UnsafeFolderError):
        return []

    def stop(pid: int) -> None:
        if pid_alive(pid, command_has="airflow_warm_server"):
            stop_pid(pid, grace=5)

    stopped = airflow_warm_server.stop_for_home(folder, home.root.resolve(), stop)
    return [f"warm task process: stopped (pid {pid})" for pid in stopped]


def status(home: AirflowHome) -> list[str]:
    """One line per process and one for the api-server's health report."""
    lines = [
        f"{name}: {'running (pid ' + str(_pid(home, name)) + ')' if _alive(home, name) else 'down'}"
        for name in PROCESSES
    ]
    health = _health(home)
    if health is None:
        lines.append(f"api: no answer on {home.url}")
    else:
        states = ", ".join(f"{c}={health.get(c, {}).get('status')}" for c in HEALTH_COMPONENTS)
        lines.append(f"api: {home.url} {states}")
    return lines


def run_cli(home: AirflowHome, *args: str, timeout: float = 300.0) -> str:
    """Run `airflow ...` in Airflow's venv; a failure is one line with its last output."""
    done = subprocess.run(
        [str(home.bin / "airflow"), *args],
        env=home.environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=home.root,
    )
    if done.returncode != 0:
        tail = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()[-1]
        raise LoopstackError(f"`airflow {' '.join(args)}` failed: {tail}")
    return done.stdout


def _start(home: AirflowHome, name: str, args: list[str]) -> None:
    command = [str(home.bin / "airflow"), *args]
    pid = spawn(command, home.logs / f"{name}.log", home.environment(), home.root)
    home.pid_file(name).write_text(str(pid))


def _wait_healthy(home: AirflowHome, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name in PROCESSES:
            if not _alive(home, name):
                down(home)
                raise LoopstackError(
                    f"airflow {name} exited during start: {last_line(home.logs / f'{name}.log')}"
                    f" (full log: {home.logs / f'{name}.log'})"
                )
        if healthy(home):
            return
        time.sleep(2)
    down(home)
    raise LoopstackError(
        f"airflow did not become healthy on {home.url} within {timeout:.0f} s (logs: {home.logs})"
    )


def _health(home: AirflowHome) -> dict[str, dict[str, str]] | None:
    try:
        response = requests.get(f"{home.url}/api/v2/monitor/health", timeout=5)
    except requests.RequestException:
        return None
    return dict(response.json()) if response.ok else None


def healthy(home: AirflowHome) -> bool:
    health = _health(home)
    return health is not None and all(
        (health.get(c) or {}).get("status") == "healthy" for c in HEALTH_COMPONENTS
    )


def _pid(home: AirflowHome, name: str) -> int | None:
    return read_pid(home.pid_file(name))


def _alive(home: AirflowHome, name: str) -> bool:
    """The recorded PID runs, is not a zombie, and is still an airflow process."""
    return pid_alive(_pid(home, name), command_has="airflow")
