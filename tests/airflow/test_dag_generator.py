"""The DAG generator's translation of ZenML tasks into operator arguments (no Airflow needed)."""

from __future__ import annotations

import datetime
import shlex
import sys
from pathlib import Path

from orchestration.airflow_dag_generator import (
    BASH_OPERATOR,
    ENV_ZENML_AIRFLOW_RUN_ID,
    LOCAL_ENTRYPOINT,
    PROJECT_DIR,
    WARM_TASK,
    DagConfiguration,
    TaskConfiguration,
    operator_kwargs,
)


def _task(**changes: object) -> TaskConfiguration:
    values: dict[str, object] = {
        "id": "train_logreg",
        "zenml_step_name": "train_logreg",
        "upstream_steps": ["split_data"],
        "docker_image": "unused",
        "command": ["python", "-m", "zenml.entrypoints.entrypoint"],
        "arguments": ["--step_name", "train_logreg", "--snapshot_id", "abc"],
        "environment": {"ZENML_STORE_URL": "sqlite:///x.db"},
        "operator_source": BASH_OPERATOR,
    }
    values.update(changes)
    return TaskConfiguration(**values)  # type: ignore[arg-type]


def _dag(task: TaskConfiguration, schedule: object = "@once") -> DagConfiguration:
    return DagConfiguration(
        id="training_pipeline_x",
        tasks=[task],
        schedule=schedule,  # type: ignore[arg-type]
        start_date=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )


def test_bash_task_runs_the_step_with_the_project_python() -> None:
    task = _task()
    kwargs = operator_kwargs(_dag(task), task)
    command = shlex.split(kwargs["bash_command"])
    assert command[:3] == [sys.executable, "-m", WARM_TASK]  # the submitting process's python
    assert command[3:] == [sys.executable, "-m", "zenml.entrypoints.entrypoint", *task.arguments]
    assert kwargs["env"][ENV_ZENML_AIRFLOW_RUN_ID] == "{{ run_id }}"
    assert kwargs["env"]["ZENML_STORE_URL"] == "sqlite:///x.db"
    assert kwargs["append_env"] is True
    assert "cwd" not in kwargs  # each task in its own temp dir
    assert kwargs["task_id"] == "train_logreg"


def test_bash_task_uses_the_local_entrypoint_from_the_project() -> None:
    zenml_source = "zenml.entrypoints.step_entrypoint_configuration.StepEntrypointConfiguration"
    task = _task(arguments=["--entrypoint_config_source", zenml_source, "--step_name", "a"])
    kwargs = operator_kwargs(_dag(task), task)
    command = shlex.split(kwargs["bash_command"])
    assert command[6:] == ["--entrypoint_config_source", LOCAL_ENTRYPOINT, "--step_name", "a"]
    assert kwargs["env"]["PYTHONPATH"] == PROJECT_DIR
    assert (Path(PROJECT_DIR) / "orchestration" / "airflow_entrypoint.py").is_file()


def test_operator_args_from_settings_win() -> None:
    task = _task(operator_args={"retries": 2, "append_env": False})
    kwargs = operator_kwargs(_dag(task), task)
    assert kwargs["retries"] == 2 and kwargs["append_env"] is False
