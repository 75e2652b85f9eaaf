"""The warm process behind orchestration/airflow_warm_task.py: imports once, forks per task.

`python -m orchestration.airflow_warm_server FOLDER KEY LOCK_FD` (started by a task, never by
hand) holds the key's lock, imports what every step task imports (ZenML's entrypoint and SQL
store, the local entrypoint, MLflow when installed: no project code, no ZenML configuration
read), then listens on `FOLDER/KEY.sock` and records `FOLDER/KEY.json` (pid, `AIRFLOW_HOME`)
so that stopping that Airflow stops it (`stop_for_home`). It exits after `IDLE_SECONDS`
without a task, or on SIGTERM. If it cannot start (e.g. ZenML read its configuration at
import, which forked steps would then share), it writes `FOLDER/KEY.failed` with the reason
and tasks of that key run the plain command.

Per connection (same user only) it forks a supervisor that forks the step: the step process
gets a session of its own, the task's descriptors as 0/1/2, its environment, folder and
argv, and runs the module as `python -m` would, with the interpreter's normal exit. The
supervisor sends the step's pid, then its exit code; if the task's side of the socket closes
first, it terminates the step's process group (SIGKILL after `GRACE_SECONDS`).
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import importlib
import json
import os
import runpy
import select
import signal
import socket
import struct
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from orchestration.airflow_warm_task import INT, signal_group

IDLE_SECONDS = 600.0
GRACE_SECONDS = 10.0
PRELOAD = (
    "scipy.special",  # before ZenML, for skops' lookups (orchestration/import_order.py)
    "zenml.entrypoints.entrypoint",
    "zenml.zen_stores.sql_zen_store",
    "zenml.orchestrators.step_launcher",
    "orchestration.airflow_entrypoint",
    "mlflow",
    "zenml.integrations.mlflow.experiment_trackers.mlflow_experiment_tracker",
    "zenml.integrations.mlflow.model_registries.mlflow_model_registry",
)


def preload() -> None:
    """Import what every step task imports; a module that is not installed is skipped."""
    for module in PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
    from zenml.client import Client
    from zenml.config.global_config import GlobalConfiguration

    if GlobalConfiguration._global_config is not None or Client._global_client is not None:
        raise RuntimeError("ZenML read its configuration at import: a fork would share it")
    gc.collect()
    gc.freeze()  # forked steps share these pages and never scan them


def _peer_is_us(conn: socket.socket) -> bool:
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:  # no peer credentials here: the private folder alone guards the socket
        return True
    _pid, uid, _gid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, option, 12))
    return bool(uid == os.getuid())


def _receive_request(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    data, fds, _flags, _address = socket.recv_fds(conn, 1 << 16, 3)
    while len(data) < INT.size or len(data) < INT.size + INT.unpack(data[: INT.size])[0]:
        chunk = conn.recv(1 << 16)
        if not chunk:
            raise ConnectionError("request cut short")
        data += chunk
    return json.loads(data[INT.size :]), list(fds)


def _become_step(request: dict[str, Any], fds: list[int]) -> None:
    """In the forked step: the task's session, descriptors, environment, folder, argv."""
    os.setsid()
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        if fd > 2:
            os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.path[0] = request["cwd"]
    sys.argv = [request["module"], *request["args"]]
    numpy = sys.modules.get("numpy")
    if numpy is not None:  # a fresh process would not share its random state with others
        numpy.random.seed()


def _supervise(conn: socket.socket, step: int) -> int:
    """Wait for the step; if the task goes away first, stop the step's group. Its exit code."""
    deadline = None
    while True:
        done, status = os.waitpid(step, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        readable, _, _ = select.select([conn], [], [], 0.05)
        if readable and deadline is None and not conn.recv(1):
            deadline = time.monotonic() + GRACE_SECONDS
            signal_group(step, signal.SIGTERM)
        if deadline is not None and time.monotonic() > deadline:
            signal_group(step, signal.SIGKILL)
            deadline = float("inf")


def _serve_one(conn: socket.socket) -> dict[str, Any]:
    """In the supervisor: fork the step; return its request there, exit here when it ends."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    request, fds = _receive_request(conn)
    step = os.fork()
    if step == 0:
        conn.close()
        _become_step(request, fds)
        return request
    for fd in fds:
        os.close(fd)
    code = 1
    try:
        conn.sendall(INT.pack(step))
        code = _supervise(conn, step)
        conn.sendall(INT.pack(code))
    finally:
        os._exit(0)


def serve(folder: Path, key: str, lock: int) -> dict[str, Any]:
    """Listen until idle; returns only in a forked step, with its request."""
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the starter took it; we keep it
    preload()
    path, record = folder / f"{key}.sock", folder / f"{key}.json"
    listening = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    staging = folder / f"{key}.{os.getpid()}.sock"
    listening.bind(str(staging))
    listening.listen(64)
    os.replace(staging, path)
    home = os.environ.get("AIRFLOW_HOME", "")
    record.write_text(json.dumps({"pid": os.getpid(), "airflow_home": home, "key": key}))
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # supervisors are reaped by the kernel
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = os.getpid()
    listening.settimeout(IDLE_SECONDS)
    try:
        while True:
            try:
                conn, _ = listening.accept()
            except TimeoutError:
                return {}
            conn.settimeout(None)
            if _peer_is_us(conn) and os.fork() == 0:
                listening.close()
                os.close(lock)
                try:
                    return _serve_one(conn)
                except BaseException:  # this task only: its client runs or fails it
                    traceback.print_exc()
                    os._exit(1)
            conn.close()
    finally:
        if os.getpid() == server:
            path.unlink(missing_ok=True)
            record.unlink(missing_ok=True)


def stop_for_home(folder: Path, airflow_home: Path, stop: Callable[[int], object]) -> list[int]:
    """Stop (`stop(pid)`) the warm processes recorded for `airflow_home`; their pids."""
    stopped = []
    for record in folder.glob("*.json"):
        with contextlib.suppress(OSError, ValueError, KeyError):
            entry = json.loads(record.read_text())
            if entry["airflow_home"] and Path(entry["airflow_home"]).resolve() == airflow_home:
                stop(int(entry["pid"]))
                stopped.append(int(entry["pid"]))
                record.unlink(missing_ok=True)
                (folder / f"{entry['key']}.sock").unlink(missing_ok=True)
    return stopped


def main(folder: str, key: str, lock: str) -> None:
    try:
        request = serve(Path(folder), key, int(lock))
    except Exception as error:
        # Tasks of this key run the plain command from now on (airflow_warm_task._start_server).
        (Path(folder) / f"{key}.failed").write_text(f"{type(error).__name__}: {error}\n")
        raise
    if request:
        runpy.run_module(request["module"], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
