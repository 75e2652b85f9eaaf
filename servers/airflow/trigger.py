"""Find, follow and trigger ZenML's DAGs in the local Airflow and report both sides' outcome."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from core.errors import LoopstackError
from servers.airflow.home import AirflowHome
from servers.airflow.rest import AirflowClient, dag_config, dag_zips, latest_dag_id

AIRFLOW_STACK = "airflow"
# How long `run.py` waits for a run on Airflow to end (seconds).
WAIT_ENV = "LOOPSTACK_AIRFLOW_WAIT"
DEFAULT_WAIT = 7200.0


def trigger_dag(home: AirflowHome, dag_id: str | None = None, wait: bool = True) -> list[str]:
    """Trigger `dag_id` (default: the newest DAG zip) via REST; optionally wait for the end."""
    client = AirflowClient(home)
    dag_id = dag_id or latest_dag_id(home)
    client.wait_for_dag(dag_id)
    run_id = client.trigger(dag_id)
    lines = [f"triggered {dag_id} run {run_id} ({home.url}/dags/{dag_id})"]
    if not wait:
        return lines
    state = client.wait_for_run(dag_id, run_id, timeout=wait_seconds())
    lines.append(describe_run(client, dag_id, run_id, state))
    if state != "success":
        raise LoopstackError(f"{lines[0]}: {lines[1]} (task logs in {home.logs})")
    return lines


def follow_snapshot(home: AirflowHome, snapshot_id: str) -> tuple[str, str, str]:
    """Wait for the DAG ZenML wrote for `snapshot_id` to be started by Airflow (`@once`) and to
    end; return (dag id, run id, final state)."""
    client = AirflowClient(home)
    dag_id = dag_for_snapshot(home, snapshot_id)
    client.wait_for_dag(dag_id)
    run_id = client.wait_for_first_run(dag_id)
    return dag_id, run_id, client.wait_for_run(dag_id, run_id, timeout=wait_seconds())


def describe_run(client: AirflowClient, dag_id: str, run_id: str, state: str) -> str:
    """`airflow run success`, or the state and the tasks that did not succeed."""
    failed = [t for t, s in client.task_states(dag_id, run_id).items() if s != "success"]
    return f"airflow run {state}" + (f"; not successful: {', '.join(failed)}" if failed else "")


def wait_seconds() -> float:
    try:
        return float(os.environ.get(WAIT_ENV) or DEFAULT_WAIT)
    except ValueError:
        raise LoopstackError(f"{WAIT_ENV}={os.environ[WAIT_ENV]!r} is not a number") from None


def dag_for_snapshot(home: AirflowHome, snapshot_id: str) -> str:
    """The id of the DAG ZenML wrote for a snapshot."""
    return str(dag_config_for_snapshot(home, snapshot_id)["id"])


def dag_config_for_snapshot(home: AirflowHome, snapshot_id: str) -> dict[str, Any]:
    """The configuration of the DAG ZenML wrote for a snapshot (its tasks carry
    `--snapshot_id <id>`)."""
    for path in dag_zips(home):
        config = dag_config(path)
        if any(snapshot_id in task["arguments"] for task in config["tasks"]):
            return config
    raise LoopstackError(
        f"no DAG for snapshot {snapshot_id} in {home.dags}: is the stack's dag_output_dir the "
        "DAGs folder of the running Airflow (LOOPSTACK_AIRFLOW_HOME)?"
    )


def run_on_airflow(config_path: Path, overrides: list[str], no_cache: bool = False) -> list[str]:
    """Shortcut: switch to the `airflow` stack and run a config there (Airflow starts the DAG by
    itself; this waits for the end like `python run.py --config` does)."""
    from cli.run_pipeline import run, switch_stack
    from core.config import load_config

    config = load_config(config_path, overrides)
    switch_stack(AIRFLOW_STACK)
    final = run(config, config_path, no_cache=no_cache)
    if final is None:
        return [f"{config.pipeline}: scheduled ({config.schedule}); Airflow runs it on time"]
    return [f"{config.pipeline}: run {final.name} {final.status.value}"]
