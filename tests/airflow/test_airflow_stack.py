"""The training pipeline through a real Airflow 3: DAG shape, the run starting by itself,
success and failure, schedules."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from orchestration.airflow_code_cache import MARKER
from orchestration.follow import RunFailedError
from servers.airflow.home import AirflowHome
from servers.airflow.rest import AirflowClient
from servers.airflow.trigger import dag_for_snapshot
from tests.airflow.conftest import task_code_cache
from tests.pipelines.helpers import run_config

pytestmark = [pytest.mark.server, pytest.mark.pipeline]

SMALL = ("data.sample.rows=1500", "candidates=[{name: logreg, kind: logistic_regression}]")
# Two candidates: their training steps have the same upstream and may run side by side.
FAN_OUT = (
    "candidates=[{name: logreg, kind: logistic_regression},"
    " {name: forest, kind: random_forest, params: {n_estimators: 20}}]",
)


def _airflow_run(home: AirflowHome, run: Any) -> tuple[str, str, str]:
    """(DAG id, DAG run id, state) of the Airflow run that executed a ZenML run."""
    client = AirflowClient(home)
    dag_id = dag_for_snapshot(home, str(run.snapshot.id))
    run_id = client.wait_for_first_run(dag_id)
    return dag_id, run_id, client.wait_for_run(dag_id, run_id, timeout=60)


def test_training_runs_through_airflow_and_completes_in_zenml(airflow: AirflowHome) -> None:
    from zenml.client import Client

    # `run` returns once the run has ended: Airflow started the DAG by itself (`@once`).
    # Uncached: earlier tests may have run the same steps on the same data (cache hits).
    submitted = run_config("training", *SMALL, "model.name=airflow_model", *FAN_OUT, no_cache=True)
    assert submitted.status.value == "completed"
    dag_id, run_id, state = _airflow_run(airflow, submitted)
    client = AirflowClient(airflow)
    tasks = client.task_states(dag_id, run_id)
    assert state == "success", tasks

    # One task per step, wired like the pipeline.
    snapshot = Client().get_snapshot(submitted.snapshot.id)
    expected = {
        name: set(step.spec.upstream_steps) for name, step in snapshot.step_configurations.items()
    }
    upstream: dict[str, set[str]] = {name: set() for name in expected}
    for task in client.request("GET", f"/dags/{dag_id}/tasks")["tasks"]:
        for downstream in task["downstream_task_ids"]:
            upstream[downstream].add(task["task_id"])
    assert set(tasks) == set(expected)
    assert upstream == expected
    assert expected["select_best"] == {"train_logreg", "train_forest"}

    run = Client().get_pipeline_run(submitted.id)
    assert run.status.value == "completed"
    assert run.orchestrator_run_id == run_id
    # The tasks imported the run's code from the private cache, verified by its hash marker.
    assert snapshot.code_path
    tree = task_code_cache(airflow) / Path(snapshot.code_path).name.removesuffix(".tar.gz")
    assert (tree / MARKER).read_text() == tree.name
    assert (tree / "orchestration" / "airflow_code_cache.py").is_file()
    assert {step.status.value for step in run.steps.values()} == {"completed"}
    # The candidate fan-out ran in parallel: the two training steps overlapped in time.
    first, second = sorted(
        (run.steps[name] for name in ("train_logreg", "train_forest")), key=lambda s: s.start_time
    )
    assert first.end_time > second.start_time, [
        (s.name, s.start_time, s.end_time) for s in (first, second)
    ]
    version = Client().get_model_version("airflow_model", "latest")
    assert version.run_metadata["mlflow_registered_version"]
    assert str(version.stage) == "production"  # first model passing the gate is promoted


def test_failing_step_fails_its_task_and_the_zenml_run(airflow: AirflowHome) -> None:
    from zenml.client import Client

    with pytest.raises(RunFailedError, match=r"failed on Airflow \(airflow run failed; not succ"):
        run_config(
            "training", *SMALL, "model.name=broken_model", "data.source=builtin:no_such_dataset"
        )
    submitted = Client().list_pipeline_runs(sort_by="desc:created", size=1).items[0]
    dag_id, run_id, state = _airflow_run(airflow, submitted)
    assert state == "failed"
    tasks = AirflowClient(airflow).task_states(dag_id, run_id)
    failed = [task for task, s in tasks.items() if s == "failed"]
    assert len(failed) == 1, tasks
    assert tasks["notify_training"] == "upstream_failed"
    run = Client().get_pipeline_run(submitted.id)
    assert run.status.value == "failed"
    assert run.steps[failed[0]].status.value == "failed"


def test_schedule_in_config_becomes_the_dag_cron(airflow: AirflowHome) -> None:
    cron = "0 0 1 1 *"  # next run months away: Airflow parses it but does not start it now
    assert (
        run_config("training", *SMALL, "model.name=scheduled", f"schedule={{cron: '{cron}'}}")
        is None
    )
    zips = list(airflow.dags.glob("*.zip"))
    (dag_id,) = [
        z.stem
        for z in zips
        if f'"schedule":"{cron}"' in zipfile.ZipFile(z).read("config.json").decode()
    ]
    dag = AirflowClient(airflow).wait_for_dag(dag_id)
    assert dag["timetable_summary"] == cron
    assert dag["is_paused"] is False
