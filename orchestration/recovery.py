"""Recover from runs that did not end well, before and after a launch on the local orchestrator.

- Every local run records who launched it (PID, process start time, host) in its configuration
  (`extra`), so the next launch can tell a run whose process was killed from one still going:
  such runs are marked failed instead of staying "running" forever.
- A failed or killed run that created a model version holding no model leaves it behind (ZenML
  creates the version when the run starts): it is deleted, so version lists stay readable.
- A local artifact store whose files were deleted while ZenML still records artifacts there
  would serve cached steps whose outputs cannot be loaded: such a run goes without cache.
"""

from __future__ import annotations

import os
import socket
import sys
import uuid
from typing import Any

LAUNCHER_KEY = "loopstack_launcher"
RECENT_ARTIFACTS = 50  # newest artifact versions whose files are checked before a cached run


def say(line: str) -> None:
    """One line for the person at the terminal (ZenML's logger may be set to warnings only)."""
    print(line, file=sys.stderr, flush=True)


def is_local_orchestrator() -> bool:
    from zenml.client import Client

    return str(Client().active_stack.orchestrator.flavor) == "local"


def launcher_marker() -> dict[str, Any]:
    """Who launches this run: recorded in the run's configuration."""
    import psutil

    pid = os.getpid()
    return {
        "id": uuid.uuid4().hex,
        "pid": pid,
        "started": psutil.Process(pid).create_time(),
        "host": socket.gethostname(),
    }


def process_gone(marker: dict[str, Any]) -> bool:
    """Whether the launching process recorded in `marker` no longer runs on this host (a PID
    reused by another process counts as gone). Runs launched on another host are not judged."""
    import psutil

    if marker.get("host") != socket.gethostname():
        return False
    try:
        process = psutil.Process(int(marker["pid"]))
        return bool(abs(process.create_time() - float(marker.get("started", 0))) > 1.0)
    except (psutil.NoSuchProcess, KeyError, ValueError, TypeError):
        return True
    except psutil.Error:  # exists but cannot be inspected: alive
        return False


def _marker(run: Any) -> dict[str, Any] | None:
    value = run.config.extra.get(LAUNCHER_KEY)
    return value if isinstance(value, dict) else None


def mark_stale_runs() -> list[str]:
    """Mark failed the runs still `running`/`initializing` whose launching process is gone;
    delete the empty model versions they created. One line per run."""
    from zenml.client import Client
    from zenml.enums import ExecutionStatus
    from zenml.models import PipelineRunUpdate, StepRunUpdate

    client = Client()
    lines = []
    for status in (ExecutionStatus.RUNNING, ExecutionStatus.INITIALIZING):
        for run in client.list_pipeline_runs(status=status.value, size=50, hydrate=True).items:
            marker = _marker(run)
            if marker is None or not process_gone(marker):
                continue
            reason = f"launching process {marker['pid']} on {marker['host']} is gone"
            for step in run.steps.values():
                if not step.status.is_finished:
                    update = StepRunUpdate(status=ExecutionStatus.FAILED)
                    client.zen_store.update_run_step(step.id, update)
            update_run = PipelineRunUpdate(status=ExecutionStatus.FAILED, status_reason=reason)
            client.zen_store.update_run(run.id, update_run)
            lines.append(f"run {run.name} marked failed: its {reason}")
            lines.extend(delete_empty_version(run))
    return lines


def runs_of(marker: dict[str, Any]) -> list[Any]:
    """The runs launched with `marker` (the newest runs are searched)."""
    from zenml.client import Client

    runs = Client().list_pipeline_runs(sort_by="desc:created", size=20, hydrate=True).items
    return [run for run in runs if (_marker(run) or {}).get("id") == marker["id"]]


def delete_empty_version(run: Any) -> list[str]:
    """Delete the model version `run` created when it holds no model, has no stage and no other
    run; one line if deleted."""
    from zenml.client import Client

    version = run.model_version
    if version is None:
        return []
    client = Client()
    version = client.get_model_version(version.model.id, version.id)
    other_runs = {str(r) for r in version.pipeline_run_ids.values()} - {str(run.id)}
    stage = str(version.stage) if version.stage else None
    if version.model_artifact_ids or other_runs or stage not in (None, "none", "None"):
        return []
    client.delete_model_version(version.id)
    return [
        f"deleted model version {version.model.name} {version.name}: "
        f"run {run.name} did not finish and the version holds no model"
    ]


def clean_after_failure(marker: dict[str, Any]) -> list[str]:
    """After a launch raised: mark its runs still running as failed (an interrupt leaves them
    so) and delete the empty model versions they created."""
    from zenml.client import Client
    from zenml.enums import ExecutionStatus
    from zenml.models import PipelineRunUpdate

    lines: list[str] = []
    for run in runs_of(marker):
        if not run.status.is_finished:
            update = PipelineRunUpdate(status=ExecutionStatus.FAILED, status_reason="interrupted")
            Client().zen_store.update_run(run.id, update)
            lines.append(f"run {run.name} marked failed: interrupted")
        if run.status != ExecutionStatus.COMPLETED:
            lines.extend(delete_empty_version(run))
    return lines


def store_lost_files() -> str | None:
    """A one-line notice when the active local artifact store no longer holds files of the
    artifacts ZenML recorded there (its newest `RECENT_ARTIFACTS`); None when all is there."""
    from zenml.client import Client

    client = Client()
    store = client.active_stack.artifact_store
    if str(store.flavor) != "local":
        return None
    recorded = client.list_artifact_versions(
        artifact_store_id=store.id, sort_by="desc:created", size=RECENT_ARTIFACTS
    ).items
    missing = [v for v in recorded if v.uri and not os.path.exists(v.uri)]
    if not missing:
        return None
    root = str(store.path)
    if not os.path.isdir(root) or not os.listdir(root):
        return f"artifact store {root} lost its files; running without cache"
    return (
        f"artifact store {root} lost the files of {len(missing)} recorded artifacts "
        f"(e.g. {missing[0].uri}); running without cache"
    )


def before_launch(config: Any, no_cache: bool) -> bool:
    """Mark stale local runs failed; return `no_cache`, turned on when the artifact store lost
    files a cached step could hand on."""
    if is_local_orchestrator():
        for line in mark_stale_runs():
            say(line)
    if no_cache or config.pipeline == "promotion" or not config.run.cache:
        return no_cache
    notice = store_lost_files()
    if notice:
        say(notice)
    return no_cache or notice is not None


def run_recorded(pipeline: Any, parameters: dict[str, Any]) -> Any:
    """Run `pipeline` with its launcher recorded; clean up after it if it raises."""
    marker = launcher_marker()
    try:
        return pipeline.with_options(extra={LAUNCHER_KEY: marker})(**parameters)
    except BaseException:
        try:
            for line in clean_after_failure(marker):
                say(line)
        except Exception as exc:  # the run's own error matters more than the clean-up's
            say(f"could not clean up after the failed run: {type(exc).__name__}: {exc}")
        raise
