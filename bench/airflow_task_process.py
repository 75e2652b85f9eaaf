"""One Airflow task's process run by hand (no scheduler, no task runner): the step entrypoint
as shipped, and the same entrypoint with ZenML's eager activation of every installed
integration, alternating. Used by bench/airflow_tasks.py on a DAG it has just run.

Each run is a fresh process with the task's own command and environment and an Airflow run id
of its own (so a new ZenML run), started from a temporary folder as Airflow starts it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
import uuid
from typing import Any

from orchestration import integration_check
from orchestration.airflow_dag_generator import (
    ENTRYPOINT_CONFIG_OPTION,
    ENV_ZENML_AIRFLOW_RUN_ID,
    TaskConfiguration,
    step_command,
)
from orchestration.airflow_entrypoint import LocalStepEntrypointConfiguration

EAGER = f"{__name__}.EagerActivation"


class EagerActivation(LocalStepEntrypointConfiguration):
    """The shipped entrypoint with ZenML's activation before the step, as ZenML does it."""

    def run(self) -> None:
        setattr(integration_check, "defer_step_activation", lambda: None)  # noqa: B010
        super().run()


def _command(task: TaskConfiguration, entrypoint: str | None) -> list[str]:
    command = step_command(task)
    if entrypoint:
        command[command.index(ENTRYPOINT_CONFIG_OPTION) + 1] = entrypoint
    return command


def by_hand(task_config: dict[str, Any], reps: int = 3) -> dict[str, Any]:
    """Wall seconds of the task's process, shipped vs eager activation (medians of `reps`)."""
    task = TaskConfiguration.model_validate(task_config)
    env = {**os.environ, **task.process_environment, **task.environment}
    runs: dict[str, list[float]] = {"shipped": [], "eager": []}
    with tempfile.TemporaryDirectory(prefix="bench-task-") as folder:
        for _ in range(reps):
            for name, entrypoint in (("shipped", None), ("eager", EAGER)):
                env[ENV_ZENML_AIRFLOW_RUN_ID] = f"manual__bench_{uuid.uuid4().hex}"
                start = time.perf_counter()
                subprocess.run(
                    _command(task, entrypoint), env=env, cwd=folder, check=True,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
                runs[name].append(time.perf_counter() - start)
    return {
        "step": task.zenml_step_name,
        "runs": runs,
        **{name: statistics.median(times) for name, times in runs.items()},
    }
