"""The parts after cases 1-4 that need no Airflow: scale (5), drift (6) and serving."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

from bench.cases import MONITORING_SETS, PIPELINE_CONFIGS
from bench.measure import Sample, Sandbox, add_sample, json_tail

# Scale runs measure the loop's plumbing, not model search: one fast candidate.
SCALE_SETS = ["data.sample.extra_features=17"]
SCALE_TRAINING_SETS = [
    "training:candidates=[{name: hgb, kind: hist_gradient_boosting, params: {max_iter: 50}}]"
]


def scale_sizes(quick: bool, full: bool) -> list[int]:
    """Rows per scale step; the 1M-row loop (~4 min on 2 cores) runs only with `--full`."""
    if quick:
        return [2_000, 5_000]
    return [10_000, 100_000, 1_000_000] if full else [10_000, 100_000]


def drift_rows(quick: bool, full: bool) -> int:
    """Rows of the drift batch: 1M with `--full` (bare Evidently takes ~2.5 min there), else
    100k, where our default sample (200k per side) is every row: the same rows as Evidently."""
    if quick:
        return 5_000
    return 1_000_000 if full else 100_000


def run_scale(results: dict[str, Any], work: Path, sizes: list[int], reps: int) -> None:
    """Each pipeline in its own process (wall, CPU and peak RSS per pipeline), uncached."""
    for rows in sizes:
        print(f"scale: {rows:,} rows")
        box = Sandbox(work, f"scale{rows}")
        box.stack_up()
        sets = [*SCALE_SETS, f"data.sample.rows={rows}", *SCALE_TRAINING_SETS, *MONITORING_SETS]
        for _ in range(reps):
            for name in PIPELINE_CONFIGS:
                mine = [s for s in sets if ":" not in s.split("=", 1)[0] or s.startswith(name)]
                args = [f"--set={s}" for s in mine]
                sample = box.run("run.py", "--config", f"configs/{name}.yaml", *args, "--no-cache")
                add_sample(results, f"scale_{rows}_{name}", sample)
        shutil.rmtree(box.root, ignore_errors=True)


def run_drift(
    results: dict[str, Any], code: Sandbox, work: Path, rows: int, reps: int, full: bool
) -> None:
    """6a ours vs 6c bare Evidently on the same batch; 6b (every row) only with `full`."""
    print(f"drift check vs bare Evidently, {rows:,} rows")
    results["drift_rows"] = rows
    log = work / "drift.log"
    code.run(
        "-m",
        "bench.drift_compare",
        f"--rows={rows}",
        f"--reps={reps}",
        f"--evidently-reps={reps}",
        f"--all-rows-reps={reps if full else 0}",
        log=log,
    )
    drift = json_tail(log)
    for name, key in (
        ("ours", "drift_ours"),
        ("ours_all_rows", "drift_ours_all_rows"),
        ("evidently", "drift_evidently"),
    ):
        for wall, cpu in zip(drift["seconds"][name], drift["cpu"][name], strict=True):
            add_sample(results, key, Sample(wall=wall, cpu=cpu, rss_mib=math.nan))


def run_serving(results: dict[str, Any], work: Path, quick: bool) -> None:
    """The online service under load vs `predict_proba` in one process (bench/serving_load.py)."""
    print("serving: requests per second and latency")
    box = Sandbox(work, "serving")
    box.stack_up()
    log = work / "serving.log"
    quick_args = ["--seconds=2", "--set=data.sample.rows=1500"] if quick else []
    box.run("-m", "bench.serving_load", *quick_args, log=log)
    results["serving"] = json_tail(log)
    shutil.rmtree(box.root, ignore_errors=True)
