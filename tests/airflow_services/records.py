"""What the ZenML server recorded, printed as JSON: `python -m tests.airflow_services.records`.

Run in a subprocess with the services' ZENML_CONFIG_PATH (connected to the ZenML server):
  run NAME                   -> status, stack, orchestrator, step states, artifact and code URIs
  newest PIPELINE            -> the same for the newest run of a pipeline
  active                     -> the name of the active stack
  version MODEL VERSION      -> name, stage and run metadata of a model version
  output RUN STEP ARTIFACT   -> the loaded value of one step output (JSON-serialisable ones)
"""

from __future__ import annotations

import json
import sys
from typing import Any


def run_record(name: str) -> dict[str, Any]:
    from zenml.client import Client

    run = Client().get_pipeline_run(name, allow_name_prefix_match=False)
    stack = run.stack
    orchestrator = stack.components["orchestrator"][0] if stack else None
    return {
        "status": run.status.value,
        "stack": stack.name if stack else None,
        "orchestrator": orchestrator.flavor_name if orchestrator else None,
        "orchestrator_run_id": run.orchestrator_run_id,
        "snapshot_id": str(run.snapshot.id) if run.snapshot else None,
        "model_version": str(run.model_version.name) if run.model_version else None,
        "code_path": run.snapshot.code_path if run.snapshot else None,
        "steps": {step: s.status.value for step, s in run.steps.items()},
        "artifact_uris": [
            artifact.uri
            for s in run.steps.values()
            for outputs in s.outputs.values()
            for artifact in outputs
        ],
    }


def newest_record(pipeline: str) -> dict[str, Any]:
    from zenml.client import Client

    (run,) = Client().list_pipeline_runs(pipeline_name=pipeline, sort_by="desc:created", size=1)
    return {"name": run.name, **run_record(run.name)}


def active_stack() -> str:
    from zenml.client import Client

    return str(Client().active_stack_model.name)


def version_record(model: str, version: str) -> dict[str, Any]:
    from zenml.client import Client

    found = Client().get_model_version(model, version)
    return {
        "name": str(found.name),
        "stage": str(found.stage) if found.stage else None,
        "run_metadata": dict(found.run_metadata),
    }


def step_output(run: str, step: str, artifact: str) -> Any:
    from zenml.client import Client

    found = Client().get_pipeline_run(run, allow_name_prefix_match=False)
    value = found.steps[step].outputs[artifact][0].load()
    if hasattr(value, "model_dump"):  # a typed record (pydantic)
        return value.model_dump(mode="json")
    return value.to_dict() if hasattr(value, "to_dict") else value  # a table: {column: {row: v}}


def main(argv: list[str]) -> int:
    kind, *args = argv
    readers = {
        "run": run_record,
        "newest": newest_record,
        "active": active_stack,
        "version": version_record,
        "output": step_output,
    }
    print(json.dumps(readers[kind](*args), default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
