"""Start, check and stop the `local-services` stack's servers (S3, MLflow, ZenML) as a group.

Settings come from flags, else the environment (`LOOPSTACK_S3_PORT`, `LOOPSTACK_MLFLOW_PORT`,
`LOOPSTACK_ZENML_PORT`, `LOOPSTACK_S3_BUCKET`, `LOOPSTACK_STATE_DIR`), else the defaults.
`<state>/services.json` records what runs (PIDs, ports) for `down`, `status` and the stack file.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from servers.local_services import mlflow_server, s3, zenml_server
from servers.process import (
    HOST,
    Endpoint,
    ServiceError,
    http_ok,
    pid_alive,
    require_free_port,
    stop_pid,
)

REPO = Path(__file__).resolve().parents[2]
NAMES = ("s3", "mlflow", "zenml")
PORT_ENV = {
    "s3": "LOOPSTACK_S3_PORT",
    "mlflow": "LOOPSTACK_MLFLOW_PORT",
    "zenml": "LOOPSTACK_ZENML_PORT",
}
DEFAULT_PORTS = {"s3": 8333, "mlflow": 5000, "zenml": 8237}
HEALTH_PATH = {"s3": "/healthz", "mlflow": "/health", "zenml": "/health"}
START_TIMEOUT = 300.0


@dataclass(frozen=True)
class Settings:
    state_dir: Path
    ports: dict[str, int]
    bucket: str = "loopstack"
    pids: dict[str, int] = field(default_factory=dict)

    @classmethod
    def resolve(cls, **port_flags: int | None) -> Settings:
        """Flags beat the environment, which beats the defaults."""
        state = Path(os.environ.get("LOOPSTACK_STATE_DIR") or REPO / ".state" / "services")
        ports = {}
        for name in NAMES:
            flag = port_flags.get(name)
            raw = flag if flag is not None else os.environ.get(PORT_ENV[name], DEFAULT_PORTS[name])
            try:
                ports[name] = int(raw)
            except ValueError:
                raise ServiceError(f"{PORT_ENV[name]}={raw!r} is not a port number") from None
        bucket = os.environ.get("LOOPSTACK_S3_BUCKET", "loopstack")
        return cls(state_dir=state.resolve(), ports=ports, bucket=bucket)

    def url(self, name: str) -> str:
        return f"http://{HOST}:{self.ports[name]}"


def load_state(state_dir: Path) -> Settings | None:
    """What `up` recorded, or None if nothing was started from this state folder."""
    path = state_dir / "services.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text())
    return Settings(
        state_dir=state_dir, ports=data["ports"], bucket=data["bucket"], pids=data["pids"]
    )


def _save(settings: Settings) -> None:
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    data = asdict(settings)
    data["state_dir"] = str(settings.state_dir)
    (settings.state_dir / "services.json").write_text(json.dumps(data, indent=2))


def up(settings: Settings) -> list[Endpoint]:
    """Start what is not running yet, wait until all three are healthy; roll back on failure."""
    previous = load_state(settings.state_dir)
    running = {n: p for n, p in (previous.pids if previous else {}).items() if pid_alive(p)}
    if previous is not None and running:
        settings = replace(settings, ports={**settings.ports, **_ports_of(previous, running)})
    for name in NAMES:
        if name not in running:
            require_free_port(name, settings.ports[name], PORT_ENV[name], f"--{name}-port")
    s3.credentials(settings.state_dir)  # generated once, before any service reads them
    mlflow_server.credentials(settings.state_dir)
    pids = dict(running)
    zenml_result: dict[str, Any] = {}
    zenml_thread = None
    if "zenml" not in running:
        zenml_thread = threading.Thread(target=_start_zenml, args=(settings, zenml_result))
        zenml_thread.start()
    healthy = False
    try:
        if "s3" not in running:
            pids["s3"] = s3.start(settings.state_dir, settings.ports["s3"], settings.bucket)
        if "mlflow" not in running:
            pids["mlflow"] = mlflow_server.start(
                settings.state_dir, settings.ports["mlflow"], settings.bucket, settings.ports["s3"]
            )
        _save(replace(settings, pids=pids))
        s3.wait_ready(
            settings.state_dir, settings.ports["s3"], settings.bucket, pids["s3"], START_TIMEOUT
        )
        mlflow_server.wait_ready(
            settings.state_dir, settings.ports["mlflow"], pids["mlflow"], START_TIMEOUT
        )
        healthy = True
    finally:
        if zenml_thread is not None:
            zenml_thread.join()
        if "pid" in zenml_result:
            pids["zenml"] = zenml_result["pid"]
        _save(replace(settings, pids=pids))
        if not healthy or "error" in zenml_result:  # leave nothing half-started behind
            down(settings.state_dir, only=[n for n in NAMES if n not in running])
    if "error" in zenml_result:
        raise zenml_result["error"]
    return status(settings.state_dir)


def _start_zenml(settings: Settings, result: dict[str, Any]) -> None:
    try:
        result["pid"] = zenml_server.start(
            settings.state_dir, settings.ports["zenml"], START_TIMEOUT
        )
    except ServiceError as exc:
        result["error"] = exc
        # a daemon that came up but failed later is ours (the port was free): record it
        pid = zenml_server.running_pid()
        if pid:
            result["pid"] = pid


def _ports_of(previous: Settings, running: dict[str, int]) -> dict[str, int]:
    return {name: int(previous.ports[name]) for name in running}


def down(state_dir: Path, only: list[str] | None = None) -> list[str]:
    """Stop the recorded services by PID; the ZenML client goes back to the local database
    (logged out while its server still answers) and the active stack to one without servers."""
    state = load_state(state_dir)
    if state is None:
        return ["nothing recorded in " + str(state_dir)]
    names = list(reversed(only or NAMES))
    zenml_port = int(state.ports["zenml"])
    was_connected = zenml_server.client_uses(zenml_port)
    lines = []
    for name in names:
        pid = state.pids.get(name)
        if name == "zenml" and (pid or was_connected):
            zenml_server.stop(state_dir, pid, zenml_port)
            lines.append(f"zenml   stopped (pid {pid}); client back on the local database")
        elif stop_pid(pid):
            lines.append(f"{name:<7} stopped (pid {pid})")
        else:
            lines.append(f"{name:<7} was not running")
    _save(replace(state, pids={n: p for n, p in state.pids.items() if only and n not in only}))
    if "zenml" in names:
        from servers.local_services.stack_fallback import activate_local_stack

        ports = [int(port) for port in state.ports.values()]
        switched = activate_local_stack(ports)
        if switched:
            lines.append(switched)
    return lines


def status(state_dir: Path) -> list[Endpoint]:
    state = load_state(state_dir)
    if state is None:
        state = Settings.resolve()
    endpoints = []
    for name in NAMES:
        pid = state.pids.get(name)
        alive = pid_alive(pid)
        url = state.url(name)
        healthy = alive and http_ok(url + HEALTH_PATH[name])
        endpoints.append(Endpoint(name=name, url=url, pid=pid if alive else None, healthy=healthy))
    return endpoints


def stack_environment(state_dir: Path | None = None) -> dict[str, str]:
    """Ports and bucket of the recorded services, for the stack files' `environment_overrides`."""
    state = load_state(state_dir or Settings.resolve().state_dir)
    if state is None:
        return {}
    env = {PORT_ENV[name]: str(port) for name, port in state.ports.items()}
    env["LOOPSTACK_S3_BUCKET"] = state.bucket
    return env


def provided_secrets(state_dir: Path | None = None) -> dict[str, dict[str, str]]:
    """ZenML secrets this project generates itself (name -> values), once services exist."""
    folder = state_dir or Settings.resolve().state_dir
    secrets = {}
    if (folder / "s3" / "credentials.json").is_file():
        secrets[s3.ZENML_SECRET] = s3.credentials(folder)
    if (folder / "mlflow" / "credentials.json").is_file():
        secrets[mlflow_server.ZENML_SECRET] = mlflow_server.credentials(folder)
    return secrets
