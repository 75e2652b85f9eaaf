"""ZenML `custom_dag_generator` for Airflow: every step is a local subprocess, no Docker.

ZenML imports this module in the project's process to build the DAG configuration, then
copies this file as `dag.py` into a zip next to `config.json`; Airflow's dag-processor runs
it from the zip in Airflow's own venv. So it may import only pydantic and Airflow at module
level (never zenml or project code).

- `operator: ...BashOperator` (local stack): the task runs `<project python> -m
  zenml.entrypoints.entrypoint ...`, forked from a warm process that has ZenML imported
  (orchestration/airflow_warm_task.py; a fresh process when none is up), with
  orchestration/airflow_entrypoint.py as entrypoint configuration (the code archive ZenML
  uploaded at submit time is extracted once into a directory of its own, instead of into
  `/app` by every task), so independent steps (the candidate fan-out) run in parallel up to
  Airflow's `parallelism`. The environment is the
  one ZenML computed plus `ZENML_AIRFLOW_RUN_ID` (all tasks of one DAG run share one ZenML
  run) and `PYTHONPATH=<project dir>` (to load that entrypoint).
- `operator: kubernetes_pod` (production): the step's image, command and env in a pod.

A ZenML schedule becomes the DAG schedule (cron or interval). Without one ZenML writes
`@once` with a start date in the past, and the DAG is created unpaused: the scheduler starts it
by itself as soon as the dag-processor has parsed the file, as with ZenML's own generator
(`python run.py` then follows the run through Airflow's REST API, orchestration/airflow_follow.py).
"""

from __future__ import annotations

import datetime
import importlib
import os
import shlex
import sys
import zipfile
from typing import Any

from pydantic import BaseModel, Field

ENV_ZENML_AIRFLOW_RUN_ID = "ZENML_AIRFLOW_RUN_ID"
CONFIG_FILENAME = "config.json"
BASH_OPERATOR = "airflow.providers.standard.operators.bash.BashOperator"
ENTRYPOINT_CONFIG_OPTION = "--entrypoint_config_source"
LOCAL_ENTRYPOINT = "orchestration.airflow_entrypoint.LocalStepEntrypointConfiguration"
WARM_TASK = "orchestration.airflow_warm_task"
PROJECT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KUBERNETES_POD_OPERATORS = (
    "airflow.providers.cncf.kubernetes.operators.pod.KubernetesPodOperator",
    "airflow.providers.cncf.kubernetes.operators.kubernetes_pod.KubernetesPodOperator",
)


def _process_environment() -> dict[str, str]:
    """What a local step subprocess needs from the submitting process (ZenML config, PATH)."""
    env = {k: v for k, v in os.environ.items() if k.startswith("ZENML_")}
    env["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])
    env["PYTHONPATH"] = PROJECT_DIR  # evaluated on the ZenML side only (stored in config.json)
    return env


class TaskConfiguration(BaseModel):
    """One Airflow task = one ZenML step (same fields as ZenML's, plus local execution)."""

    id: str
    zenml_step_name: str
    upstream_steps: list[str]
    docker_image: str
    command: list[str]
    arguments: list[str]
    environment: dict[str, str] = {}
    operator_source: str
    operator_args: dict[str, Any] = {}
    python: str = Field(default_factory=lambda: sys.executable)
    process_environment: dict[str, str] = Field(default_factory=_process_environment)


class DagConfiguration(BaseModel):
    """The DAG: tasks plus the schedule ZenML translated from the run's `Schedule`."""

    id: str
    tasks: list[TaskConfiguration]
    local_stores_path: str | None = None
    schedule: datetime.timedelta | str | None = Field(None, union_mode="left_to_right")
    start_date: datetime.datetime
    end_date: datetime.datetime | None = None
    catchup: bool = False
    tags: list[str] = []
    dag_args: dict[str, Any] = {}


def step_command(task: TaskConfiguration) -> list[str]:
    """The step's entrypoint command with `python` replaced by the project's interpreter and
    ZenML's step entrypoint configuration by the local one (race-free code directory)."""
    command = list(task.command)
    if command and command[0] in ("python", "python3"):
        command[0] = task.python
    arguments = list(task.arguments)
    for i, argument in enumerate(arguments[:-1]):
        if argument == ENTRYPOINT_CONFIG_OPTION:
            arguments[i + 1] = LOCAL_ENTRYPOINT
    return command + arguments


def task_command(task: TaskConfiguration) -> list[str]:
    """What the Bash task runs: the step command, in a fork of the warm process when one is up
    (orchestration/airflow_warm_task.py; it runs the step command itself otherwise)."""
    return [task.python, "-m", WARM_TASK, *step_command(task)]


def operator_kwargs(dag: DagConfiguration, task: TaskConfiguration) -> dict[str, Any]:
    """Constructor arguments of the task's operator (operator_args from settings win)."""
    env = {**task.environment, ENV_ZENML_AIRFLOW_RUN_ID: "{{ run_id }}"}
    kwargs: dict[str, Any] = {"task_id": task.id}
    if task.operator_source == BASH_OPERATOR:
        kwargs.update(
            bash_command=shlex.join(task_command(task)),
            env={**task.process_environment, **env},
            append_env=True,  # no cwd: each task starts in its own temp dir, away from the
            # repo's ZenML config
        )
    elif task.operator_source in KUBERNETES_POD_OPERATORS:
        from kubernetes.client.models import V1EnvVar

        kwargs.update(
            name=f"{dag.id}_{task.id}".replace("_", "-").lower(),
            image=task.docker_image,
            cmds=task.command,
            arguments=task.arguments,
            env_vars=[V1EnvVar(name=k, value=v) for k, v in env.items()],
        )
    kwargs.update(task.operator_args)
    return kwargs


def build_dag(dag_config: DagConfiguration) -> Any:
    """The Airflow DAG with one operator per step and the pipeline's dependencies."""
    import airflow

    operators: dict[str, Any] = {}
    # No task limit of our own: Airflow's `parallelism` (and `dag_args`, e.g.
    # `{"max_active_tasks": 1}` from AirflowOrchestratorSettings) decide.
    with airflow.DAG(
        dag_id=dag_config.id,
        is_paused_upon_creation=False,
        tags=dag_config.tags,
        schedule=dag_config.schedule,
        start_date=dag_config.start_date,
        end_date=dag_config.end_date,
        catchup=dag_config.catchup,
        **dag_config.dag_args,
    ) as dag:
        for task in dag_config.tasks:
            module, name = task.operator_source.rsplit(".", 1)
            operator_class = getattr(importlib.import_module(module), name)
            operators[task.zenml_step_name] = operator_class(**operator_kwargs(dag_config, task))
        for task in dag_config.tasks:
            for upstream in task.upstream_steps:
                operators[task.zenml_step_name].set_upstream(operators[upstream])
    return dag


def _dag_from_zip() -> Any:
    """When Airflow loads this file as `dag.py` inside a DAG zip: build the DAG it describes."""
    try:
        archive = zipfile.ZipFile(os.path.dirname(__file__), "r")
    except (IsADirectoryError, NotADirectoryError, PermissionError, FileNotFoundError):
        return None  # imported as a normal module (ZenML side)
    with archive:
        config = DagConfiguration.model_validate_json(archive.read(CONFIG_FILENAME))
    return build_dag(config)


dag = _dag_from_zip()
