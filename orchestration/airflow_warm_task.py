"""Run a local Airflow task's step in a fork of a warm process that has ZenML imported.

A local task is `python -m zenml.entrypoints.entrypoint ...`; about three quarters of its
seconds are imports (ZenML, its SQL store, MLflow through the stack), the same in every task.
The DAG generator prefixes that command with `python -m orchestration.airflow_warm_task`,
which asks a per-user warm process (orchestration/airflow_warm_server.py) to fork and run
exactly that command there: same argv, environment, working folder, stdin/stdout/stderr (the
task's own descriptors are passed over the socket), exit code. A signal to this process (the
task being stopped) goes to the step's process group; if this process dies, the step is
terminated too.

A warm process serves one key: the interpreter, the folders of installed packages and their
modification times, the project modules it preloads, and the environment variables read at
import (`ZENML_*`, `MLFLOW_*`, `AIRFLOW_HOME`, ...); a change starts a new one (the old one
exits when idle). Without a warm process for the key the task starts one in the background
and runs the plain command itself, as it does on any error before the step has started, when
the key's warm process could not start (`<key>.failed` holds why; delete it to retry), or
with `LOOPSTACK_AIRFLOW_WARM_TASKS=0`. On by default on Linux; elsewhere (fork is less safe
on macOS) `LOOPSTACK_AIRFLOW_WARM_TASKS=1` turns it on. Stdlib only.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

from orchestration import integration_check
from orchestration.airflow_code_cache import UnsafeFolderError, private_folder

SWITCH = "LOOPSTACK_AIRFLOW_WARM_TASKS"
KEY_PREFIXES = ("ZENML_", "MLFLOW_", "PYTHON", "AWS_", "LOOPSTACK_", "OMP_", "OPENBLAS_", "LC_")
KEY_NAMES = ("AIRFLOW_HOME", "HOME", "PATH", "LANG", "TZ", "TMPDIR", "NO_COLOR", "TERM")
PER_RUN = ("ZENML_AIRFLOW_RUN_ID",)
PRELOADED = ("airflow_entrypoint.py", "airflow_code_cache.py", "integration_check.py",
             "airflow_warm_server.py", "airflow_warm_task.py")  # fmt: skip
INT = struct.Struct("!i")
FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT)


def runtime_folder() -> Path:
    """The user's private folder for warm sockets: `$XDG_RUNTIME_DIR/loopstack`, else
    `<tmp>/loopstack-<uid>` (mode 0700, refused if anyone else could write it)."""
    xdg = os.environ.get("XDG_RUNTIME_DIR", "")
    if os.path.isabs(xdg):
        return private_folder(Path(xdg) / "loopstack")
    return private_folder(Path(tempfile.gettempdir()) / f"loopstack-{os.getuid()}")


def server_key(python: str, env: dict[str, str]) -> str:
    """What a warm process must share with the task for a fork to equal a fresh process."""
    own = {os.path.abspath(p) for p in env.get("PYTHONPATH", "").split(os.pathsep) if p}
    packages = [(p, t) for p, t in integration_check.paths_state()[1:] if p not in own]
    here = Path(__file__).parent
    modules = [(name, os.stat(here / name).st_mtime_ns) for name in PRELOADED]
    names = sorted(
        k for k in env if (k in KEY_NAMES or k.startswith(KEY_PREFIXES)) and k not in PER_RUN
    )
    material = [os.path.realpath(python), packages, modules, [(k, env[k]) for k in names]]
    return hashlib.sha256(json.dumps(material).encode()).hexdigest()[:16]


def _cold(command: list[str]) -> NoReturn:
    """Today's way: the command itself, in this process."""
    os.execv(command[0], command)


def _start_server(folder: Path, key: str) -> None:
    """Start the key's warm process in the background unless another task is starting it."""
    if (folder / f"{key}.failed").exists():
        return
    lock = os.open(folder / f"{key}.lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(lock)
        return
    log = os.open(folder / f"{key}.log", os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    env = {k: v for k, v in os.environ.items() if k not in PER_RUN}
    command = [sys.executable, "-m", "orchestration.airflow_warm_server", str(folder), key]
    subprocess.Popen(
        [*command, str(lock)],
        cwd=folder,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        pass_fds=(lock,),
        start_new_session=True,
    )
    os.close(log)
    os.close(lock)


def _receive_int(conn: socket.socket) -> int | None:
    data = b""
    while len(data) < INT.size:
        chunk = conn.recv(INT.size - len(data))
        if not chunk:
            return None
        data += chunk
    return int(INT.unpack(data)[0])


def request_bytes(command: list[str]) -> bytes:
    """The length-prefixed request: module, arguments, environment, working folder."""
    body = json.dumps(
        {"module": command[2], "args": command[3:], "env": dict(os.environ), "cwd": os.getcwd()}
    ).encode()
    return INT.pack(len(body)) + body


def run(command: list[str]) -> int:
    """Run `command` (`<python> -m <module> ...`) in a fork of the warm process; its exit code."""
    warm = (
        os.environ.get(SWITCH, "1" if sys.platform == "linux" else "0") != "0"
        and len(command) >= 3
        and command[1] == "-m"
        and os.path.realpath(command[0]) == os.path.realpath(sys.executable)
    )
    if not warm:
        _cold(command)
    try:
        folder = runtime_folder()
        key = server_key(sys.executable, dict(os.environ))
    except (OSError, UnsafeFolderError) as error:
        print(f"airflow_warm_task: no warm process ({error}); running a fresh one", file=sys.stderr)
        _cold(command)
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(str(folder / f"{key}.sock"))
    except OSError:
        conn.close()
        with contextlib.suppress(OSError):
            _start_server(folder, key)
        _cold(command)
    try:
        request = request_bytes(command)
        sent = socket.send_fds(conn, [request], [0, 1, 2])
        conn.sendall(request[sent:])
        pid = _receive_int(conn)
    except OSError:
        pid = None
    if pid is None:  # the step has not started: run it here
        _cold(command)
    step: int = pid
    for number in FORWARDED:
        signal.signal(number, lambda sig, _frame: signal_group(step, sig))
    code = _receive_int(conn)
    if code is None:
        print(f"airflow_warm_task: lost the warm process running pid {step}", file=sys.stderr)
        return 1
    return code if code >= 0 else 128 - code


def signal_group(pid: int, sig: int) -> None:
    """Send `sig` to the process group `pid` leads, if it still exists."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
