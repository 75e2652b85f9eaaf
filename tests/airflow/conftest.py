"""A real Airflow 3 for the module: temp AIRFLOW_HOME, free port, stopped by PID afterwards."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli.airflow.home import AirflowHome


def task_code_cache(home: AirflowHome) -> Path:
    """Where this Airflow's tasks extract each run's code (XDG_CACHE_HOME=<home>/cache)."""
    return home.root / "cache" / "loopstack" / "airflow-code"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def airflow(tmp_path_factory: pytest.TempPathFactory, local_stack: str) -> Iterator[AirflowHome]:
    """Airflow (api-server, scheduler, dag-processor) up and healthy; the `airflow` stack active."""
    from zenml.client import Client

    from cli.airflow import server
    from cli.airflow.venv import ensure_venv
    from cli.stacks import stack_up

    home = AirflowHome(root=Path(tmp_path_factory.mktemp("airflow-home")), port=free_port())
    saved = os.environ.get("LOOPSTACK_AIRFLOW_HOME")
    os.environ["LOOPSTACK_AIRFLOW_HOME"] = str(home.root)  # the stack's dag_output_dir
    previous = Client().active_stack_model.name
    try:
        ensure_venv(home)  # with the user's own uv cache, before XDG_CACHE_HOME moves
        saved_cache = os.environ.get("XDG_CACHE_HOME")
        os.environ["XDG_CACHE_HOME"] = str(home.root / "cache")  # tasks' code cache
        try:
            server.up(home)
        finally:
            _restore("XDG_CACHE_HOME", saved_cache)
        stack_up("airflow", activate=True)
        yield home
    finally:
        server.down(home)
        Client().activate_stack(previous)
        _restore("LOOPSTACK_AIRFLOW_HOME", saved)


def _restore(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
