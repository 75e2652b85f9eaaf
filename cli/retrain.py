"""Run the training pipeline for the loop: `python -m cli.retrain REQUEST.json`.

REQUEST holds `training_config` (path), `overrides` (dotted.key=value) and `trigger` (what
caused it: monitoring run, drift figures). The trigger is stored in the new model version's
provenance. The last stdout line is `LOOPSTACK_RETRAIN {json outcome}`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from core.config import TrainingConfig, load_config
from core.errors import ConfigError, LoopstackError
from core.monitoring.retrain_window import RESULT_PREFIX

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
    request = json.loads(Path(argv[0]).read_text())
    code = 0
    try:
        outcome = retrain(request)
    except LoopstackError as exc:
        outcome, code = {"status": "failed", "error": str(exc)}, 2
    except Exception as exc:  # a step failed: its log (stderr) holds the traceback
        outcome, code = {"status": "failed", "error": f"{type(exc).__name__}: {exc}"}, 1
    print(RESULT_PREFIX + json.dumps(outcome, default=str), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
