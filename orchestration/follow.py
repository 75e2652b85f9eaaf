"""Make a submitted run look like a local one: wait for orchestrators that only submit.

ZenML's local orchestrator runs the pipeline inside the call and returns the finished run.
The local Airflow orchestrator only writes a DAG file; Airflow starts it by itself (an `@once`
DAG, see orchestration/airflow_dag_generator.py). `follow()` waits for that DAG run through
Airflow's REST API and returns ZenML's record of the finished run; a failed run raises
`RunFailedError` naming the tasks that failed, as a failed step does on the local orchestrator.
Remote orchestrators (Kubeflow) wait themselves when configured `synchronous`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from core.errors import LoopstackError


class RunFailedError(LoopstackError):
    """A pipeline run ended without success on an orchestrator that was followed."""


def local_airflow_home() -> Any:
    """The Airflow home behind the active stack's local Airflow orchestrator, else None."""
    from zenml.client import Client

    orchestrator = Client().active_stack.orchestrator
    settings: Any = orchestrator.config
    if orchestrator.flavor != "airflow" or not settings.local:
        return None
    if importlib.util.find_spec("cli.airflow") is None:  # a project without the airflow stack
        return None
    from cli.airflow.home import AirflowHome

    dags = settings.dag_output_dir
    return AirflowHome.from_env(root=Path(dags).resolve().parent) if dags else None


def check_ready(scheduled: bool) -> None:
    """Before submitting to the local Airflow: it must answer, or nothing would start the run."""
    if scheduled:
        return  # a schedule waits in the DAGs folder until Airflow runs
    home = local_airflow_home()
    if home is None:
        return
    from cli.airflow.server import healthy

    if not healthy(home):
        raise LoopstackError(
            f"Airflow is not running on {home.url} (DAGs folder {home.dags}): start it with "
            "`make airflow-up`, or switch stacks (`zenml stack set local`)"
        )


def follow(run: Any) -> Any:
    """Wait until `run` has ended on the local Airflow; return ZenML's final record of it."""
    if run is None or run.status.is_finished:
        return run
    home = local_airflow_home()
    if home is None:
        return run
    from zenml.client import Client

    from cli.airflow.rest import AirflowClient
    from cli.airflow.trigger import describe_run, follow_snapshot

    dag_id, run_id, state = follow_snapshot(home, str(run.snapshot.id))
    final = Client().get_pipeline_run(run.id)
    if state != "success" or not final.status.is_successful:
        detail = describe_run(AirflowClient(home), dag_id, run_id, state)
        raise RunFailedError(
            f"run {final.name} {final.status.value} on Airflow ({detail}; DAG {dag_id}, "
            f"{home.url}/dags/{dag_id}/runs/{run_id}, task logs in {home.logs})"
        )
    return final
