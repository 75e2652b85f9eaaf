"""The closed loop on one stack: training, batch inference and a monitoring window that retrains.

`python -m bench.airflow_loop --stack local|airflow [--reps N] [--one-candidate] [--set k=v ...]`,
run by bench/suite.py inside a Sandbox (own ZenML config). `airflow` first starts a private
Airflow (temp home, free 127.0.0.1 port, stopped by PID at the end). Per repetition the three
configs run uncached through `orchestration.launch.launch` (on Airflow: until the DAG run
ends), the monitoring window drifted and debounced to one window so that it launches the
retrain (training + promotion) on the same stack. Prints one JSON line: wall seconds per stage
and in total, and the retrain outcome.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

STAGES = ("training", "batch_inference", "monitoring")
ONE = "candidates=[{name: logreg, kind: logistic_regression}]"
# One drifted window is enough: it decides "retrain" and launches the training pipeline.
RETRAIN_SETS = ("data.sample.drift=0.8", "loop.debounce.windows=1", "loop.debounce.min_drifted=1")


def stage_sets(stage: str, model: str, sets: list[str], one_candidate: bool) -> list[str]:
    """Overrides of one stage: the shared ones, the model name, the retrain trigger."""
    own = [*sets, f"model.name={model}"]
    if stage == "training" and one_candidate:
        own.append(ONE)
    if stage == "batch_inference":  # an absolute copy: Airflow tasks start in a temp folder
        own.append(f"output.uri={Path.cwd() / 'outputs' / model}")
    if stage == "monitoring":
        own += RETRAIN_SETS
        if one_candidate:
            own.append(f'loop.retrain.overrides=["{ONE}"]')
    return own


def run_loop(model: str, sets: list[str], one_candidate: bool) -> dict[str, Any]:
    """The three stages on the active stack, uncached; wall seconds and the retrain outcome."""
    from core.config import load_config
    from orchestration.launch import launch

    walls: dict[str, float] = {}
    finished: Any = None
    for stage in STAGES:
        path = Path("configs") / f"{stage}.yaml"
        config = load_config(path, stage_sets(stage, model, sets, one_candidate))
        start = time.perf_counter()
        finished = launch(config, path, no_cache=True)
        walls[stage] = round(time.perf_counter() - start, 2)
    outcome = finished.steps["launch_retraining"].outputs["retrain_outcome"][0].load()
    return {
        "model": model,
        "stages": walls,
        "total": round(sum(walls.values()), 2),
        "retrain": {
            "status": outcome.status,
            "promoted": outcome.promoted,
            "model_version": outcome.model_version,
            "reason": outcome.promotion_reason or outcome.reason,
        },
    }


def _start_airflow() -> Any:
    """A private Airflow (its tasks' code cache inside its home) and the `airflow` stack."""
    from servers.airflow import server
    from servers.airflow.home import AirflowHome
    from servers.airflow.venv import ensure_venv
    from servers.process import free_port

    home = AirflowHome(root=Path(tempfile.mkdtemp(prefix="bench-airflow-")), port=free_port())
    os.environ["LOOPSTACK_AIRFLOW_HOME"] = str(home.root)  # the stack's dag_output_dir
    ensure_venv(home)  # with the user's own uv cache, before XDG_CACHE_HOME moves
    os.environ["XDG_CACHE_HOME"] = str(home.root / "cache")
    server.up(home)
    return home


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stack", choices=("local", "airflow"), required=True)
    parser.add_argument("--reps", type=int, default=1)
    parser.add_argument("--one-candidate", action="store_true", help="train logreg only")
    parser.add_argument("--set", dest="sets", action="append", default=[])
    args = parser.parse_args(argv)

    from orchestration.launch import PIPELINES, pipeline_object
    from stacks.register import stack_up

    home = None
    started = time.perf_counter()
    try:
        if args.stack == "airflow":
            home = _start_airflow()
        stack_up(args.stack, activate=True)
        for name in PIPELINES:  # imports are not part of any stage's wall
            pipeline_object(name)
        setup = round(time.perf_counter() - started, 2)
        runs = []
        for rep in range(args.reps):
            model = f"bench_loop_{args.stack}" + (f"_{rep + 1}" if rep else "")
            runs.append(run_loop(model, args.sets, args.one_candidate))
            print(f"loop {args.stack} rep {rep + 1}: {runs[-1]}", flush=True)
    finally:
        if home is not None:
            from servers.airflow import server

            server.down(home)
            shutil.rmtree(home.root, ignore_errors=True)
    print(json.dumps({"stack": args.stack, "setup": setup, "runs": runs}))


if __name__ == "__main__":
    main()
