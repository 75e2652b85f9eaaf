"""Start ZenML's DAGs in the local Airflow right away and report both sides' outcome."""

from __future__ import annotations

from pathlib import Path

from cli.airflow.home import AirflowHome
from cli.airflow.rest import AirflowClient, dag_config, dag_zips, latest_dag_id
from core.errors import LoopstackError

AIRFLOW_STACK = "airflow"


def trigger_dag(home: AirflowHome, dag_id: str | None = None, wait: bool = True) -> list[str]:
    """Trigger `dag_id` (default: the newest DAG zip) via REST; optionally wait for the end."""
    client = AirflowClient(home)
    dag_id = dag_id or latest_dag_id(home)
    client.wait_for_dag(dag_id)
    run_id = client.trigger(dag_id)
    lines = [f"triggered {dag_id} run {run_id} ({home.url}/dags/{dag_id})"]
    if not wait:
        return lines
    state = client.wait_for_run(dag_id, run_id)
    failed = [t for t, s in client.task_states(dag_id, run_id).items() if s != "success"]
    lines.append(
        f"airflow run {state}" + (f"; not successful: {', '.join(failed)}" if failed else "")
    )
    if state != "success":
        raise LoopstackError(f"{lines[0]}: {lines[1]} (task logs in {home.logs})")
    return lines


def dag_for_snapshot(home: AirflowHome, snapshot_id: str) -> str:
    """The DAG ZenML wrote for a snapshot (its tasks carry `--snapshot_id <id>`)."""
    for path in dag_zips(home):
        config = dag_config(path)
        if any(snapshot_id in task["arguments"] for task in config["tasks"]):
            return str(config["id"])
    raise LoopstackError(
        f"no DAG for snapshot {snapshot_id} in {home.dags}: is the `airflow` stack's "
        "dag_output_dir the same folder (LOOPSTACK_AIRFLOW_HOME)?"
    )


def run_on_airflow(
    home: AirflowHome, config_path: Path, overrides: list[str], no_cache: bool = False
) -> list[str]:
    """Submit a config on the airflow stack, trigger its DAG, wait; the ZenML run must complete."""
    from zenml.client import Client

    from cli.run_pipeline import run, switch_stack
    from core.config import load_config

    config = load_config(config_path, overrides)
    switch_stack(AIRFLOW_STACK)
    submitted = run(config, config_path, no_cache=no_cache)
    if submitted is None:
        return [f"{config.pipeline}: scheduled ({config.schedule}); Airflow runs it on time"]
    if submitted.status.value == "completed":  # every step was cached: nothing to run
        return [f"{config.pipeline}: run {submitted.name} completed (all steps cached)"]
    dag_id = dag_for_snapshot(home, str(submitted.snapshot.id))
    lines = trigger_dag(home, dag_id, wait=True)
    final = Client().get_pipeline_run(submitted.id)
    lines.append(f"{config.pipeline}: run {final.name} {final.status.value} in ZenML")
    if final.status.value != "completed":
        raise LoopstackError(f"{lines[-1]} although Airflow reported success")
    return lines
