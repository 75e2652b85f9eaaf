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


def retrain(request: dict[str, Any]) -> dict[str, Any]:
    """Submit the training run to the active stack; the outcome when it ran synchronously."""
    from zenml import Model

    from cli.run_pipeline import provenance
    from pipelines.training import training_pipeline

    path = Path(request["training_config"])
    config = load_config(path, list(request.get("overrides", [])))
    if not isinstance(config, TrainingConfig):
        raise ConfigError(f"{path}: loop.retrain.training_config must be a training config")
    lineage = {**provenance(config, path), "trigger": request.get("trigger", {})}
    model = Model(name=config.model.name, description=config.model.description)
    run = training_pipeline.with_options(
        model=model, enable_cache=config.run.cache, tags=["loopstack-retrain"]
    )(config=config, provenance=lineage)
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
