"""One real Airflow 3 for the whole test session (pytest plugin, loaded by tests/conftest.py).

Temp AIRFLOW_HOME, free port, stopped by PID at the end. `LOOPSTACK_AIRFLOW_HOME` points at
it for the session, so every Airflow stack registered in the tests (`airflow`,
`airflow-services`) writes its DAGs into this Airflow's dags folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from servers.airflow.home import AirflowHome
from servers.process import free_port


@pytest.fixture(scope="session")
def airflow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AirflowHome]:
    """api-server, scheduler and dag-processor up and healthy, shared by every test module.
    Its tasks extract each run's code under `<home>/cache` (XDG_CACHE_HOME of the processes)."""
    from servers.airflow import server
    from servers.airflow.venv import ensure_venv

    home = AirflowHome(root=Path(tmp_path_factory.mktemp("airflow-home")), port=free_port())
    saved = os.environ.get("LOOPSTACK_AIRFLOW_HOME")
    os.environ["LOOPSTACK_AIRFLOW_HOME"] = str(home.root)  # the stacks' dag_output_dir
    try:
        ensure_venv(home)  # with the user's own uv cache, before XDG_CACHE_HOME moves
        saved_cache = os.environ.get("XDG_CACHE_HOME")
        os.environ["XDG_CACHE_HOME"] = str(home.root / "cache")  # tasks' code cache
        try:
            server.up(home)
        finally:
            _restore("XDG_CACHE_HOME", saved_cache)
        yield home
    finally:
        server.down(home)
        _restore("LOOPSTACK_AIRFLOW_HOME", saved)


def _restore(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
