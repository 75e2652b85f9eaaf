"""A compiled KFP pipeline spec: parsed strictly with kfp's protobuf schema (`PipelineSpec`,
unknown fields are errors), its DAG read and checked against the pipeline, and the spec and
trigger of a recurring-run request."""

from __future__ import annotations

from typing import Any

import yaml

from core.errors import ConfigError


def load_spec(text: str, source: str = "<spec>") -> Any:
    """Parse a compiled KFP YAML into `PipelineSpec`; anything the schema rejects is an error."""
    from google.protobuf import json_format
    from kfp.pipeline_spec import pipeline_spec_pb2

    documents = [d for d in yaml.safe_load_all(text) if d is not None]
    if not documents or not isinstance(documents[0], dict):
        raise ConfigError(f"{source}: not a KFP pipeline spec (expected a YAML mapping)")
    try:
        return json_format.ParseDict(documents[0], pipeline_spec_pb2.PipelineSpec())
    except json_format.ParseError as exc:
        raise ConfigError(f"{source}: invalid KFP PipelineSpec: {exc}") from None


def spec_dag(spec: Any) -> dict[str, set[str]]:
    """Step name -> names of the steps it waits for, read from the spec's root DAG."""
    tasks = spec.root.dag.tasks
    names = {key: task.task_info.name for key, task in tasks.items()}
    return {names[key]: {names[d] for d in task.dependent_tasks} for key, task in tasks.items()}


def check_spec(spec: Any, expected: dict[str, set[str]], source: str) -> None:
    """Every step is a task with exactly the pipeline's dependencies and a container image."""
    actual = spec_dag(spec)
    if actual != expected:
        missing = sorted(set(expected) - set(actual))
        wrong = sorted(n for n in expected if n in actual and actual[n] != expected[n])
        raise ConfigError(
            f"{source}: DAG differs from the pipeline (missing {missing}, "
            f"wrong dependencies {wrong})"
        )
    from google.protobuf import json_format

    executors = json_format.MessageToDict(spec.deployment_spec)["executors"]
    for name, executor in executors.items():
        if not executor.get("container", {}).get("image"):
            raise ConfigError(f"{source}: executor {name} has no container image")


def recurring_run_spec(request: dict[str, Any]) -> dict[str, Any]:
    """The pipeline spec a recurring-run request carries (kfp nests it when it has a platform
    spec)."""
    spec: dict[str, Any] = request.get("pipeline_spec") or {}
    nested: dict[str, Any] = spec.get("pipeline_spec", spec)
    return nested


def describe_trigger(request: dict[str, Any]) -> str:
    """One line: the trigger of a recurring-run request."""
    trigger = request.get("trigger") or {}
    cron = trigger.get("cron_schedule")
    periodic = trigger.get("periodic_schedule") or {}
    kind = f"cron '{cron['cron']}'" if cron else f"every {periodic.get('interval_second')} s"
    start = (cron or periodic).get("start_time")
    return f"{kind} from {start} -> {request.get('display_name')}"
