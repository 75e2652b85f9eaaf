"""Follow a run on the local Airflow: the `@once` DAG ZenML wrote starts by itself; wait for
its DAG run through Airflow's REST API and return ZenML's final record (see follow.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.errors import LoopstackError


def local_airflow_home() -> Any:
    """The Airflow home behind the active stack's local Airflow orchestrator, else None."""
    from zenml.client import Client

    from servers.airflow.home import AirflowHome

    settings: Any = Client().active_stack.orchestrator.config
    if not settings.local or not settings.dag_output_dir:
        return None
    return AirflowHome.from_env(root=Path(settings.dag_output_dir).resolve().parent)


def check_ready() -> None:
    """Airflow must answer, or nothing would start the run."""
    from servers.airflow.server import healthy

    home = local_airflow_home()
    if home is not None and not healthy(home):
        raise LoopstackError(
            f"Airflow is not running on {home.url} (DAGs folder {home.dags}): start it with "
            "`make airflow-up`, or switch stacks (`zenml stack set local`)"
        )


def follow(run: Any, failed: type[LoopstackError]) -> Any:
    """Wait for the DAG run of `run`; raise `failed` naming the tasks that did not succeed."""
    from zenml.client import Client

    from servers.airflow.rest import AirflowClient
    from servers.airflow.trigger import describe_run, follow_snapshot

    home = local_airflow_home()
    if home is None:
        return run
    dag_id, run_id, state = follow_snapshot(home, str(run.snapshot.id))
    final = Client().get_pipeline_run(run.id)
    if state != "success" or not final.status.is_successful:
        detail = describe_run(AirflowClient(home), dag_id, run_id, state)
        raise failed(
            f"run {final.name} {final.status.value} on Airflow ({detail}; DAG {dag_id}, "
            f"{home.url}/dags/{dag_id}/runs/{run_id}, task logs in {home.logs})"
        )
    return final
