"""One Airflow task's process run by hand (no scheduler, no task runner): the task's command as
shipped (the step forked from the warm process), the plain step command in a fresh process,
and that with ZenML's eager activation of every installed integration, alternating. Used by
bench/airflow_tasks.py on a DAG it has just run.

Each run has the task's own command and environment and an Airflow run id of its own (so a
new ZenML run), started from a temporary folder as Airflow starts it. A first shipped run
starts the warm process (and runs the plain command); timing starts once it is up.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from orchestration import airflow_warm_task, integration_check
from orchestration.airflow_dag_generator import (
    ENTRYPOINT_CONFIG_OPTION,
    ENV_ZENML_AIRFLOW_RUN_ID,
    TaskConfiguration,
    step_command,
    task_command,
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


def _wait_for_warm_process(env: dict[str, str], python: str, timeout: float = 180.0) -> None:
    """Until the warm process for the task's key (computed as the task's client does) listens."""
    key = subprocess.run(
        [python, "-c", "import os, sys; from orchestration.airflow_warm_task import server_key; "
         "print(server_key(sys.executable, dict(os.environ)))"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    path = airflow_warm_task.runtime_folder() / f"{key}.sock"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            return
        time.sleep(0.5)
    raise RuntimeError(f"no warm task process came up at {path} within {timeout:.0f} s")


def by_hand(task_config: dict[str, Any], airflow_home: Path, reps: int = 3) -> dict[str, Any]:
    """Wall seconds of the task's process: shipped (warm), plain and eager (medians of `reps`)."""
    task = TaskConfiguration.model_validate(task_config)
    env = {**os.environ, **task.process_environment, **task.environment}
    env["AIRFLOW_HOME"] = str(airflow_home)  # stopping that Airflow stops the warm process
    env.pop(airflow_warm_task.SWITCH, None)
    commands = {
        "shipped": task_command(task),
        "plain": _command(task, None),
        "eager": _command(task, EAGER),
    }
    runs: dict[str, list[float]] = {name: [] for name in commands}

    def run(command: list[str], folder: str) -> float:
        env[ENV_ZENML_AIRFLOW_RUN_ID] = f"manual__bench_{uuid.uuid4().hex}"
        start = time.perf_counter()
        subprocess.run(
            command, env=env, cwd=folder, check=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        return time.perf_counter() - start

    with tempfile.TemporaryDirectory(prefix="bench-task-") as folder:
        run(commands["shipped"], folder)
        _wait_for_warm_process(env, task.python)
        for _ in range(reps):
            for name, command in commands.items():
                runs[name].append(run(command, folder))
    return {
        "step": task.zenml_step_name,
        "runs": runs,
        **{name: statistics.median(times) for name, times in runs.items()},
    }
