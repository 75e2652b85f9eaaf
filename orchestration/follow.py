"""Make a submitted run look like a local one: wait for orchestrators that only submit.

ZenML's local orchestrator runs the pipeline inside the call and returns the finished run.
The local Airflow orchestrator only writes a DAG file; Airflow starts it by itself (an `@once`
DAG, see orchestration/airflow_dag_generator.py), and `orchestration/airflow_follow.py` waits
for it. A failed run raises `RunFailedError` naming what failed, as a failed step does on the
local orchestrator. Remote orchestrators (Kubeflow) wait themselves when `synchronous`.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from core.errors import LoopstackError

# Followers of orchestrators that only submit; a project generated without a stack lacks its
# module, and then nothing is followed.
FOLLOWERS = {"airflow": "orchestration.airflow_follow"}


class RunFailedError(LoopstackError):
    """A pipeline run ended without success on an orchestrator that was followed."""


def _follower() -> Any:
    """The follower module of the active orchestrator, or None."""
    from zenml.client import Client

    module = FOLLOWERS.get(Client().active_stack.orchestrator.flavor)
    if module is None or importlib.util.find_spec(module) is None:
        return None
    return importlib.import_module(module)


def check_ready(scheduled: bool) -> None:
    """Before submitting: the orchestrator that will start the run must answer."""
    follower = None if scheduled else _follower()  # a schedule waits until the orchestrator runs
    if follower is not None:
        follower.check_ready()


def follow(run: Any) -> Any:
    """Wait until `run` has ended; return ZenML's final record of it."""
    if run is None or run.status.is_finished:
        return run
    follower = _follower()
    return run if follower is None else follower.follow(run, RunFailedError)
