"""Candidate fan-out on Airflow: the training DAG with parallel tasks vs one task at a time.

`python -m bench.airflow_fanout --reps N [--set key=value ...]`, run by bench/suite.py inside a
Sandbox (own ZenML config). Starts a private Airflow (temp home, free 127.0.0.1 port, stopped
by PID at the end), registers the `airflow` stack, then per repetition runs the same training
config (uncached, same data) as `parallel` (Airflow's own parallelism) and `sequential`
(`max_active_tasks=1`, what local DAGs were limited to before), and prints one JSON line:
the DAG runs' wall seconds (Airflow's start/end dates) and whether train_* steps overlapped.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from servers.airflow.home import AirflowHome
from servers.airflow.rest import AirflowClient
from servers.airflow.trigger import dag_for_snapshot
from servers.process import free_port

CONFIG = Path("configs/training.yaml")
MODES: dict[str, dict[str, Any]] = {"parallel": {}, "sequential": {"max_active_tasks": 1}}


def _run(sets: list[str], dag_args: dict[str, Any]) -> Any:
    """The training config through the one launch path, uncached, plus the Airflow `dag_args`;
    returns the finished run (Airflow starts the DAG by itself)."""
    from core.config import TrainingConfig, load_config
    from orchestration.launch import launch

    config = load_config(CONFIG, sets)
    if not isinstance(config, TrainingConfig):
        raise RuntimeError(f"fanout: {CONFIG} is not a training config")
    extra = {"settings": {"orchestrator.airflow": {"dag_args": dag_args}}}
    return launch(config, CONFIG, no_cache=True, extra_options=extra)


def _seconds(start: str, end: str) -> float:
    parse = datetime.datetime.fromisoformat
    return (parse(end) - parse(start)).total_seconds()


def run_once(home: AirflowHome, sets: list[str], dag_args: dict[str, Any]) -> dict[str, Any]:
    """Run (Airflow starts the DAG) and wait; the DAG run's wall and whether candidate steps
    overlapped."""
    from zenml.client import Client

    finished = _run(sets, dag_args)
    dag_id = dag_for_snapshot(home, str(finished.snapshot.id))
    client = AirflowClient(home)
    run_id = client.wait_for_first_run(dag_id)
    dag_run = client.request("GET", f"/dags/{dag_id}/dagRuns/{run_id}")
    steps = Client().get_pipeline_run(finished.id).steps
    spans = sorted(
        (s.start_time, s.end_time)
        for name, s in steps.items()
        if name.startswith("train_") and s.start_time and s.end_time
    )
    overlapped = any(end > start for (_, end), (start, _) in itertools.pairwise(spans))
    return {
        "wall": _seconds(dag_run["start_date"], dag_run["end_date"]),
        "overlapped": overlapped,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--set", dest="sets", action="append", default=[])
    args = parser.parse_args(argv)

    from servers.airflow import server
    from stacks.register import stack_up

    home = AirflowHome(root=Path(tempfile.mkdtemp(prefix="bench-airflow-")), port=free_port())
    os.environ["LOOPSTACK_AIRFLOW_HOME"] = str(home.root)  # the stack's dag_output_dir
    results: dict[str, list[dict[str, Any]]] = {mode: [] for mode in MODES}
    try:
        server.up(home)
        stack_up("airflow", activate=True)
        for rep in range(args.reps):
            for mode, dag_args in MODES.items():
                results[mode].append(run_once(home, args.sets, dag_args))
                print(f"fanout rep {rep + 1} {mode}: {results[mode][-1]}", flush=True)
    finally:
        server.down(home)
        shutil.rmtree(home.root, ignore_errors=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
