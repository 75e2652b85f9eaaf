"""The `airflow` stack active for the module, on the session's Airflow (airflow_fixtures.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from servers.airflow.home import AirflowHome


def task_code_cache(home: AirflowHome) -> Path:
    """Where this Airflow's tasks extract each run's code (XDG_CACHE_HOME=<home>/cache)."""
    return home.root / "cache" / "loopstack" / "airflow-code"


@pytest.fixture(scope="module")
def airflow(airflow_server: AirflowHome, local_stack: str) -> Iterator[AirflowHome]:
    """The session's Airflow, with the `airflow` stack registered and active in this process."""
    from zenml.client import Client

    from stacks.register import stack_up

    previous = Client().active_stack_model.name
    try:
        stack_up("airflow", activate=True)
        yield airflow_server
    finally:
        Client().activate_stack(previous)
