"""A local Airflow task's command through the warm process: the same outcome as a fresh process
(argv, environment, folder, stdin/stdout, exit code), stopped with its task, cold without one."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from orchestration import airflow_warm_server, airflow_warm_task
from servers.process import pid_alive, stop_pid

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, os, sys, time
if sys.argv[1] == "sleep":
    print(os.getpid(), flush=True)
    time.sleep(120)
print(json.dumps({"argv": sys.argv[1:], "cwd": os.getcwd(), "probe": os.environ.get("PROBE"),
                  "path0": sys.path[0], "stdin": sys.stdin.read(), "pid": os.getpid()}))
sys.exit(int(sys.argv[1]))
"""


@pytest.fixture(scope="module")
def task_env() -> Iterator[dict[str, str]]:
    """A task's environment with a private runtime folder and a probe module on the path."""
    with tempfile.TemporaryDirectory(prefix="warm-", dir="/tmp") as folder:
        (Path(folder) / "modules").mkdir()
        (Path(folder) / "modules" / "probe.py").write_text(PROBE)
        (Path(folder) / "home").mkdir()
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(Path(folder) / "modules")]),
            "XDG_RUNTIME_DIR": folder,
            "AIRFLOW_HOME": str(Path(folder) / "home"),
        }
        env.pop(airflow_warm_task.SWITCH, None)
        yield env
        _stop_all(Path(folder) / "loopstack", Path(folder, "home").resolve())


def _stop_all(folder: Path, home: Path) -> None:
    """Stop every warm process of `home`, also one still starting (it holds its key's lock)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        airflow_warm_server.stop_for_home(folder, home, stop_pid)
        held = []
        for lock in folder.glob("*.lock"):
            with lock.open("rb") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    held.append(lock)
        if not held:
            return
        time.sleep(0.5)
    raise AssertionError(f"warm processes still running: {held}")


def _task(env: dict[str, str], *args: str, stdin: str = "", cwd: str = "/") -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", airflow_warm_task.__name__, sys.executable, "-m", "probe", *args],
        env=env, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    result = json.loads(done.stdout)
    result["code"] = done.returncode
    return dict(result)


def _wait_for_server(env: dict[str, str]) -> Path:
    folder = Path(env["XDG_RUNTIME_DIR"]) / "loopstack"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        sockets = list(folder.glob("*.sock"))
        if sockets:
            return sockets[0]
        time.sleep(0.2)
    raise AssertionError(f"no warm process came up: {[p.name for p in folder.iterdir()]}")


def test_warm_task_runs_like_a_fresh_process(task_env: dict[str, str], tmp_path: Path) -> None:
    env = {**task_env, "PROBE": "first"}
    cold = _task(env, "3", "x y", stdin="in\n", cwd=str(tmp_path))
    _wait_for_server(task_env)
    warm = _task({**env, "PROBE": "second"}, "3", "x y", stdin="in\n", cwd=str(tmp_path))
    assert warm["pid"] != cold["pid"]  # a fork of the warm process, not this client
    assert warm["probe"] == "second"  # the task's environment, not the warm process's
    for field in ("argv", "cwd", "path0", "stdin", "code"):
        assert warm[field] == cold[field], field
    assert (warm["argv"], warm["cwd"], warm["code"]) == (["3", "x y"], str(tmp_path), 3)


def test_switch_and_other_keys_run_a_fresh_process(task_env: dict[str, str]) -> None:
    _wait_for_server(task_env)
    off = {**task_env, airflow_warm_task.SWITCH: "0"}
    other = {**task_env, "ZENML_PROBE_SETTING": "other"}  # ZENML_* may be read at import
    assert airflow_warm_task.server_key(sys.executable, other) != airflow_warm_task.server_key(
        sys.executable, task_env
    )
    broken = {**task_env, "ZENML_PROBE_SETTING": "broken"}
    folder = Path(task_env["XDG_RUNTIME_DIR"]) / "loopstack"
    broken_key = airflow_warm_task.server_key(sys.executable, broken)
    assert broken_key != airflow_warm_task.server_key(sys.executable, task_env)
    (folder / f"{broken_key}.failed").write_text("RuntimeError: could not start\n")
    for env in (off, other, broken):
        client = subprocess.Popen(
            [sys.executable, "-m", airflow_warm_task.__name__, sys.executable, "-m", "probe", "0"],
            env=env, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        out, _ = client.communicate(timeout=120)
        assert json.loads(out)["pid"] == client.pid  # the command itself, in the task's process
    assert not (folder / f"{broken_key}.lock").exists()  # and no new try to start that one


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_a_stopped_task_stops_its_step(task_env: dict[str, str], sig: signal.Signals) -> None:
    _wait_for_server(task_env)
    client = subprocess.Popen(
        [sys.executable, "-m", airflow_warm_task.__name__, sys.executable, "-m", "probe", "sleep"],
        env=task_env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert client.stdout is not None
    step = int(client.stdout.readline())
    assert step != client.pid and pid_alive(step)
    client.send_signal(sig)
    code = client.wait(timeout=30)
    assert code == (128 + sig if sig == signal.SIGTERM else -sig)
    deadline = time.monotonic() + 30
    while pid_alive(step) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not pid_alive(step)


def test_stopping_airflow_stops_its_warm_process(task_env: dict[str, str]) -> None:
    socket_path = _wait_for_server(task_env)
    folder = socket_path.parent
    record = json.loads((folder / f"{socket_path.stem}.json").read_text())
    assert pid_alive(record["pid"], command_has="airflow_warm_server")
    other_home = Path(task_env["XDG_RUNTIME_DIR"]) / "other"
    assert airflow_warm_server.stop_for_home(folder, other_home, stop_pid) == []
    home = Path(task_env["AIRFLOW_HOME"]).resolve()
    assert airflow_warm_server.stop_for_home(folder, home, stop_pid) == [record["pid"]]
    assert not pid_alive(record["pid"])
    assert not socket_path.exists()
