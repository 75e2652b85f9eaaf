"""The `airflow-services` stack registered and set as the user does, on the session's servers."""

from __future__ import annotations

import pytest

from servers.airflow.home import AirflowHome
from tests.airflow_services.user_flow import MODEL, TRAINING, Outcome, UserShell
from tests.services.helpers import Services


@pytest.fixture(scope="session")
def shell(services: Services, airflow_server: AirflowHome) -> UserShell:
    """`python run.py stack up airflow-services` + `zenml stack set airflow-services`."""
    found = UserShell(services, airflow_server)
    up = found.command("run.py", "stack", "up", "airflow-services")
    assert up.returncode == 0, up.stderr[-3000:]
    chosen = found.zenml("stack", "set", "airflow-services")
    assert chosen.returncode == 0, chosen.stderr[-3000:]
    return found


@pytest.fixture(scope="session")
def trained(shell: UserShell) -> Outcome:
    """`python run.py --config configs/training.yaml` on airflow-services (the first version)."""
    return shell.pipeline("training", *TRAINING, f"model.name={MODEL}")
