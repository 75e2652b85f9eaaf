"""Cost per Airflow task: our training DAG vs a DAG of the same shape whose steps do nothing.

`python -m bench.airflow_tasks [--set key=value ...]`, run by bench/suite.py in a Sandbox.
Starts a private Airflow 3 and the `airflow` stack (as bench/airflow_loop.py does), runs the
training config uncached through `orchestration.launch.launch`, then `shape_pipeline`: one
`noop` step per step of that run, with the same upstream steps. Each task's seconds are split
with the timestamps Airflow records per task instance (queued, start, end) and ZenML's per
step (start, end): ready (upstream ended) -> queued -> start (scheduling), start -> step start
(task runner, bash, Python start, imports, ZenML set-up), the step, step end -> task end
(ZenML's finish, process exit). A fresh `python -c pass` and the entrypoint's imports are
timed alone to split the part before the step, and the empty DAG's first task is run by hand
as shipped (forked from the warm process), as a plain fresh process, and as that with ZenML's
eager integration activation (bench/airflow_task_process.py).
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from zenml import pipeline, step

CONFIG = Path("configs/training.yaml")
PHASES = ("ready_to_queued", "queued_to_start", "before_step", "step", "after_step")


@step(enable_cache=False)
def noop() -> None:
    """Does nothing: what a task costs without work."""


@pipeline(enable_cache=False)
def shape_pipeline(graph: dict[str, list[str]]) -> None:
    """One `noop` per key of `graph`, after the steps it lists (a topological order)."""
    for name, upstream in graph.items():
        noop(id=name, after=upstream or None)


def topological(graph: dict[str, list[str]]) -> dict[str, list[str]]:
    ordered: dict[str, list[str]] = {}
    while len(ordered) < len(graph):
        for name, upstream in graph.items():
            if name not in ordered and all(u in ordered for u in upstream):
                ordered[name] = upstream
    return ordered


def _when(value: Any) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def split(home: Any, finished: Any, graph: dict[str, list[str]]) -> dict[str, Any]:
    """Seconds per phase for every task of the DAG run behind `finished`, and their means."""
    from zenml.client import Client

    from servers.airflow.rest import AirflowClient
    from servers.airflow.trigger import dag_for_snapshot

    client = AirflowClient(home)
    dag_id = dag_for_snapshot(home, str(finished.snapshot.id))
    run_id = client.wait_for_first_run(dag_id)
    dag_run = client.request("GET", f"/dags/{dag_id}/dagRuns/{run_id}")
    items = client.request("GET", f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances")
    instances = {t["task_id"]: t for t in items["task_instances"]}
    steps = Client().get_pipeline_run(finished.id).steps
    tasks: dict[str, dict[str, float]] = {}
    for name, upstream in graph.items():
        ti, zen = instances[name], steps[name]
        ends = [_when(instances[u]["end_date"]) for u in upstream]
        ready = max(ends) if ends else _when(dag_run["start_date"])
        start, end = _when(ti["start_date"]), _when(ti["end_date"])
        queued = _when(ti["queued_when"]) if ti.get("queued_when") else start
        step_start, step_end = _when(zen.start_time), _when(zen.end_time)
        marks = [ready, queued, start, step_start, step_end, end]
        tasks[name] = {
            phase: (b - a).total_seconds()
            for phase, a, b in zip(PHASES, marks[:-1], marks[1:], strict=True)
        }
    wall = (_when(dag_run["end_date"]) - _when(dag_run["start_date"])).total_seconds()
    means = {p: statistics.mean(t[p] for t in tasks.values()) for p in PHASES}
    return {
        "dag_id": dag_id,
        "tasks": len(tasks),
        "dag_wall": wall,
        "mean": means,
        "by_task": tasks,
    }


def _seconds(code: str) -> float:
    """Median wall of a fresh `python -c code` (3 runs), with the project on the path."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=_env())
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "PYTHONPATH": str(Path.cwd())}


def process_costs() -> dict[str, float]:
    """Python start alone, and the imports a task's entrypoint needs before its step runs."""
    entry = "import zenml.entrypoints.entrypoint, orchestration.airflow_entrypoint"
    return {
        "python_start": _seconds("pass"),
        "imports_training": _seconds(f"{entry}, pipelines.training"),
        "imports_empty": _seconds(f"{entry}, bench.airflow_tasks"),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="sets", action="append", default=[])
    args = parser.parse_args(argv)

    from zenml.config import DockerSettings

    from bench.airflow_loop import _start_airflow
    from bench.airflow_task_process import by_hand
    from core.config import load_config
    from orchestration.follow import follow
    from orchestration.launch import launch, pipeline_object
    from orchestration.settings import LOCAL_IMAGE
    from servers.airflow import server
    from servers.airflow.trigger import dag_config_for_snapshot
    from stacks.register import stack_up

    home = _start_airflow()
    try:
        stack_up("airflow", activate=True)
        pipeline_object("training")  # imports are not part of the DAG
        ours = launch(load_config(CONFIG, args.sets), CONFIG, no_cache=True)
        configs = ours.snapshot.step_configurations
        graph = topological({n: list(c.spec.upstream_steps) for n, c in configs.items()})
        result = {"training": split(home, ours, graph)}
        print(f"tasks: training {result['training']['mean']}", flush=True)
        docker = DockerSettings(skip_build=True, parent_image=LOCAL_IMAGE)
        shape = shape_pipeline.with_options(settings={"docker": docker})
        empty = follow(shape(graph=graph))
        result["empty"] = split(home, empty, graph)
        print(f"tasks: empty {result['empty']['mean']}", flush=True)
        first = next(iter(graph))
        config = dag_config_for_snapshot(home, str(empty.snapshot.id))
        (task,) = [t for t in config["tasks"] if t["id"] == first]
        result["by_hand"] = by_hand(task, home.root)
        print(f"tasks: by hand {result['by_hand']}", flush=True)
    finally:
        server.down(home)
        shutil.rmtree(home.root, ignore_errors=True)
    print(json.dumps({**result, "process": process_costs()}))


if __name__ == "__main__":
    main()
