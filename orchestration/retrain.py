"""The closed loop's retrain entry point: `python -m orchestration.retrain REQUEST OUTCOME`.

REQUEST (JSON) holds `training_config` (path), `overrides` (dotted.key=value) and `trigger`
(what caused it: monitoring run, drift figures); the trigger is stored in the new model
version's provenance. The training run goes through the same launch path as `run.py`. OUTCOME
(JSON) receives `status` (completed, failed, submitted...), the training run's name and, when
it finished, the new model version and its promotion decision; the exit code is 0, 1 (a step
failed) or 2 (the request or config is wrong).

`launch_retraining` runs it in a child process: a pipeline run cannot start inside a running
step's process (the step context and the active run belong to the monitoring run).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from core.config import TrainingConfig, load_config
from core.errors import ConfigError, LoopstackError

RETRAIN_TAG = "loopstack-retrain"


def launch_arguments(request: dict[str, Any]) -> tuple[TrainingConfig, Path, dict[str, Any]]:
    """The training config of a retrain request and the launch keywords that mark the run as a
    retrain (its tag and the trigger in the model version's provenance)."""
    path = Path(request["training_config"])
    config = load_config(path, list(request.get("overrides", [])))
    if not isinstance(config, TrainingConfig):
        raise ConfigError(f"{path}: loop.retrain.training_config must be a training config")
    return config, path, {"lineage": {"trigger": request.get("trigger", {})}, "tags": [RETRAIN_TAG]}


def retrain(request: dict[str, Any]) -> dict[str, Any]:
    """Run the training on the active stack (the monitoring run's, inherited through
    ZENML_ACTIVE_STACK_ID) through the same launch path as `run.py`; the finished outcome, or
    "submitted" on an orchestrator that neither runs it here nor is followed."""
    from orchestration.launch import launch

    config, path, kwargs = launch_arguments(request)
    run = launch(config, path, **kwargs)
    status = getattr(getattr(run, "status", None), "value", "submitted")
    outcome: dict[str, Any] = {"training_run": getattr(run, "name", None), "status": status}
    if run is not None and status == "completed":
        decision = run.steps["promote_model"].outputs["promotion_decision"][0].load()
        outcome.update(
            model_version=decision["model_version"],
            promoted=decision["promoted"],
            promotion_reason=decision["reason"],
        )
    return outcome


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m orchestration.retrain REQUEST.json OUTCOME.json", file=sys.stderr)
        return 2
    request = json.loads(Path(argv[0]).read_text())
    code = 0
    from orchestration.heap import collection_deferred
    from orchestration.import_order import import_scipy_special_first

    import_scipy_special_first()  # before ZenML: see orchestration/import_order.py
    try:
        with collection_deferred():  # start-up builds long-lived state only
            outcome = retrain(request)
    except LoopstackError as exc:
        outcome, code = {"status": "failed", "error": str(exc)}, 2
    except Exception as exc:  # a step failed: its log (stderr) holds the traceback
        outcome, code = {"status": "failed", "error": f"{type(exc).__name__}: {exc}"}, 1
    Path(argv[1]).write_text(json.dumps(outcome, default=str))
    return code


if __name__ == "__main__":
    from orchestration.heap import exit_with

    exit_with(lambda: main(sys.argv[1:]))
