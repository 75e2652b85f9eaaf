"""The parts that start a private Airflow 3: the loop per stack, the fan-out, the task cost.

Each runs its bench module in a Sandbox subprocess; a project generated without the airflow
stack has none of those modules, and the part says so instead of failing.
"""

from __future__ import annotations

import importlib.util
import math
import os
import shutil
from pathlib import Path
from typing import Any

from bench.measure import Sample, Sandbox, add_sample, json_tail

LOOP_STACKS = ("local", "airflow")


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def run_stacks(results: dict[str, Any], work: Path, quick: bool, reps: int) -> None:
    """The closed loop (training, batch inference, a retraining monitoring window) per stack."""
    if not _has("bench.airflow_loop"):
        print("stacks: not run: no airflow stack")
        results["loop_not_run"] = "no airflow stack"
        return
    print("the loop on local vs Airflow")
    box = Sandbox(work, "stacks")
    small = ["--one-candidate", "--set=data.sample.rows=1500"] if quick else []
    args = [f"--reps={reps}", *small]
    results["loop_load"] = {"before": os.getloadavg()}
    for stack in LOOP_STACKS:
        log = work / f"loop_{stack}.log"
        box.run("-m", "bench.airflow_loop", f"--stack={stack}", *args, log=log)
        loop = json_tail(log)
        for run in loop["runs"]:
            for stage, wall in [*run["stages"].items(), ("total", run["total"])]:
                add_sample(results, f"loop_{stack}_{stage}", Sample(wall, math.nan, math.nan))
            results.setdefault("loop_retrain", {}).setdefault(stack, []).append(run["retrain"])
        results.setdefault("loop_setup", {})[stack] = loop["setup"]
    results["loop_load"]["after"] = os.getloadavg()
    shutil.rmtree(box.root, ignore_errors=True)


def run_fanout(results: dict[str, Any], work: Path, sets: list[str], reps: int) -> None:
    """Training on a private Airflow: candidate tasks in parallel vs one at a time."""
    if not _has("bench.airflow_fanout"):
        raise RuntimeError("fanout: this project has no airflow stack (bench/airflow_fanout.py)")
    print("candidate fan-out on Airflow: parallel vs sequential")
    box = Sandbox(work, "fanout")
    log = work / "fanout.log"
    box.run("-m", "bench.airflow_fanout", f"--reps={reps}", *[f"--set={s}" for s in sets], log=log)
    for mode, runs in json_tail(log).items():
        for run in runs:
            sample = Sample(wall=run["wall"], cpu=math.nan, rss_mib=math.nan)
            add_sample(results, f"fanout_{mode}", sample)
        results.setdefault("fanout_overlapped", {})[mode] = [run["overlapped"] for run in runs]
    results["fanout_load"] = os.getloadavg()
    shutil.rmtree(box.root, ignore_errors=True)


def run_tasks(results: dict[str, Any], work: Path, sets: list[str]) -> None:
    """Per-task cost on Airflow: our training DAG vs a DAG of the same shape doing nothing."""
    if not _has("bench.airflow_tasks"):
        results["tasks_not_run"] = "no airflow stack"
        return
    print("per-task cost on Airflow: training DAG vs the same shape of empty steps")
    box = Sandbox(work, "tasks")
    log = work / "tasks.log"
    box.run("-m", "bench.airflow_tasks", *[f"--set={s}" for s in sets], log=log)
    results["airflow_tasks"] = json_tail(log)
    results["airflow_tasks"]["load_after"] = os.getloadavg()
    shutil.rmtree(box.root, ignore_errors=True)
