"""Run every case back to back in one invocation and write `bench/results/`.

python -m bench            # `make bench`: every case; the slow single-shot figures once
python -m bench --full     # `make bench-full`: every figure repeated (~2x the time)
python -m bench --quick    # smoke run: 1 repetition, tiny data
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import report
from bench.measure import Sample, Sandbox, new_workdir

RESULTS = Path(__file__).resolve().parent / "results"
PIPELINE_CONFIGS = ("training", "batch_inference", "monitoring")
# Scale runs measure the loop's plumbing, not model search: one fast candidate.
SCALE_SETS = ["data.sample.extra_features=17"]
SCALE_TRAINING_SETS = [
    "candidates=[{name: hgb, kind: hist_gradient_boosting, params: {max_iter: 50}}]"
]
# Within the ~15-minute budget on 2 cores, the figures that are slow and whose verdict does not
# hinge on noise run once (the table's `reps` column says so): the 100k and 1M scale loops
# (memory and growth) and bare Evidently on 1M rows; our every-row drift check (6b) and the
# cached floor (2c) are left out. `--full` measures everything, every figure repeated.
SCALE_MAX_REPS = {100_000: 1, 1_000_000: 1}


def _add(results: dict[str, Any], key: str, sample: Sample) -> None:
    results["samples"].setdefault(key, []).append(vars(sample))
    print(f"  {key}: wall {sample.wall:.1f}s cpu {sample.cpu:.1f}s rss {sample.rss_mib:.0f}MiB")


def _total(samples: list[Sample]) -> Sample:
    """Several processes in a row: times add up, memory is the biggest peak."""
    return Sample(
        wall=sum(s.wall for s in samples),
        cpu=sum(s.cpu for s in samples),
        rss_mib=max(s.rss_mib for s in samples),
    )


def _json_tail(log: Path) -> Any:
    lines = [ln for ln in log.read_text(errors="replace").splitlines() if ln.startswith("{")]
    return json.loads(lines[-1])


# The monitoring window decides but never launches a retraining inside the measured runs
# (a drifted re-run would otherwise train a new model inside case 4).
MONITORING_SETS = ("loop.enabled=false",)


def _loop(
    box: Sandbox, sets: list[str], extra: tuple[str, ...] = (), training: tuple[str, ...] = ()
) -> list[Sample]:
    """The `make run` sequence; `training` holds overrides for the training config only."""
    only = {"training": training, "monitoring": MONITORING_SETS}
    return [
        box.run(
            "run.py",
            "--config",
            f"configs/{name}.yaml",
            *[f"--set={s}" for s in [*sets, *only.get(name, ())]],
            *extra,
        )
        for name in PIPELINE_CONFIGS
    ]


PARTS = ("cases", "scale", "drift", "stacks", "fanout")
# `fanout` starts its own Airflow and runs 2 DAGs per repetition (minutes each on 2 cores):
# opt-in (`--only fanout`) so `make bench` stays within its time budget. `stacks` (the loop on
# local vs Airflow) runs once per `make bench`; `--full` repeats it.
DEFAULT_PARTS = ("cases", "scale", "drift", "stacks")
LOOP_STACKS = ("local", "airflow")


def run_suite(
    quick: bool,
    reps: int,
    out_dir: Path,
    parts: tuple[str, ...] = DEFAULT_PARTS,
    full: bool = False,
) -> dict[str, Any]:
    """Cases 1-4 (`cases`), 5 (`scale`), 6 (`drift`), the loop per stack (`stacks`) and the
    Airflow fan-out (`fanout`); every pipeline run in a sandbox.

    `full` also repeats the slow single-shot figures and measures the cached floor (2c)."""
    sets = ["data.sample.rows=1500"] if quick else []
    sizes = [2_000, 5_000] if quick else [10_000, 100_000, 1_000_000]
    drift_rows = 5_000 if quick else 1_000_000
    results: dict[str, Any] = {
        "mode": "quick" if quick else ("full" if full else "budget"),
        "reps": reps,
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}",
        "scale_sizes": sizes,
        "samples": {},
    }
    work = new_workdir()
    try:
        code = Sandbox(work, "code")
        counts: list[int] = []
        for rep in range(reps if "cases" in parts else 0):
            print(f"repetition {rep + 1}/{reps}")
            _add(results, "bare", code.run("-m", "bench.bare", *[f"--set={s}" for s in sets]))
            box = Sandbox(work, f"ours{rep}")
            box.stack_up()
            _add(results, "ours", _total(_loop(box, sets)))
            _add(results, "ours_cached", _total(_loop(box, sets)))
            if not counts:
                box.run("-m", "bench.floor", "count", log=work / "count.log")
                by_pipeline = _json_tail(work / "count.log")
                counts = [by_pipeline[f"{name}_pipeline"] for name in PIPELINE_CONFIGS]
                results["step_counts"] = dict(zip(PIPELINE_CONFIGS, counts, strict=True))
                results["steps_total"] = sum(counts)
            floor = Sandbox(work, f"floor{rep}")
            floor.stack_up()

            _add(results, "floor", _total(_floors(floor, counts)))
            if full:  # trivial steps cost the same cached: 2c adds time, not information
                _add(results, "floor_cached", _total(_floors(floor, counts)))
            for done in (box, floor):
                shutil.rmtree(done.root, ignore_errors=True)
        if "scale" in parts:
            _guarded(results, "scale", lambda: _scale(results, work, sizes, reps, full))
        if "drift" in parts:
            _guarded(results, "drift", lambda: _drift(results, code, work, drift_rows, reps, full))
        if "stacks" in parts:
            _guarded(results, "stacks", lambda: _stacks(results, work, quick, reps if full else 1))
        if "fanout" in parts:
            _guarded(results, "fanout", lambda: _fanout(results, work, sets, reps))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def _guarded(results: dict[str, Any], part: str, run: Callable[[], None]) -> None:
    """Run one part; a failure is recorded (and fails the suite at the end), not lost."""
    try:
        run()
    except RuntimeError as exc:
        print(f"  {part} FAILED: {str(exc)[-2000:]}")
        results.setdefault("errors", {})[part] = str(exc).splitlines()[0][:300]


def _floors(box: Sandbox, counts: list[int]) -> list[Sample]:
    return [box.run("-m", "bench.floor", "run", f"--steps={n}") for n in counts]


def _drift(
    results: dict[str, Any], code: Sandbox, work: Path, rows: int, reps: int, full: bool
) -> None:
    print(f"drift check vs bare Evidently, {rows:,} rows")
    log = work / "drift.log"
    code.run(
        "-m",
        "bench.drift_compare",
        f"--rows={rows}",
        f"--reps={reps}",
        f"--evidently-reps={reps if full else 1}",
        f"--all-rows-reps={reps if full else 0}",  # 6b: only with --full
        log=log,
    )
    drift = _json_tail(log)
    for name, key in (
        ("ours", "drift_ours"),
        ("ours_all_rows", "drift_ours_all_rows"),
        ("evidently", "drift_evidently"),
    ):
        for wall, cpu in zip(drift["seconds"][name], drift["cpu"][name], strict=True):
            _add(results, key, Sample(wall=wall, cpu=cpu, rss_mib=float("nan")))


def _fanout(results: dict[str, Any], work: Path, sets: list[str], reps: int) -> None:
    """Training on a private Airflow: candidate tasks in parallel vs one at a time."""
    import importlib.util

    if importlib.util.find_spec("bench.airflow_fanout") is None:
        raise RuntimeError("fanout: this project has no airflow stack (bench/airflow_fanout.py)")
    print("candidate fan-out on Airflow: parallel vs sequential")
    box = Sandbox(work, "fanout")
    log = work / "fanout.log"
    box.run("-m", "bench.airflow_fanout", f"--reps={reps}", *[f"--set={s}" for s in sets], log=log)
    for mode, runs in _json_tail(log).items():
        for run in runs:
            sample = Sample(wall=run["wall"], cpu=math.nan, rss_mib=math.nan)
            _add(results, f"fanout_{mode}", sample)
        results.setdefault("fanout_overlapped", {})[mode] = [run["overlapped"] for run in runs]
    results["fanout_load"] = os.getloadavg()
    shutil.rmtree(box.root, ignore_errors=True)


def _stacks(results: dict[str, Any], work: Path, quick: bool, reps: int) -> None:
    """The closed loop (training, batch inference, a retraining monitoring window) per stack."""
    import importlib.util

    if importlib.util.find_spec("bench.airflow_loop") is None:
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
        loop = _json_tail(log)
        for run in loop["runs"]:
            for stage, wall in [*run["stages"].items(), ("total", run["total"])]:
                _add(results, f"loop_{stack}_{stage}", Sample(wall, math.nan, math.nan))
            results.setdefault("loop_retrain", {}).setdefault(stack, []).append(run["retrain"])
        results.setdefault("loop_setup", {})[stack] = loop["setup"]
    results["loop_load"]["after"] = os.getloadavg()
    shutil.rmtree(box.root, ignore_errors=True)


def _scale(results: dict[str, Any], work: Path, sizes: list[int], reps: int, full: bool) -> None:
    for rows in sizes:
        print(f"scale: {rows:,} rows")
        box = Sandbox(work, f"scale{rows}")
        box.stack_up()
        row_sets = [*SCALE_SETS, f"data.sample.rows={rows}"]
        for _ in range(reps if full else min(reps, SCALE_MAX_REPS.get(rows, reps))):
            for name, sample in zip(
                PIPELINE_CONFIGS,
                _loop(box, row_sets, ("--no-cache",), tuple(SCALE_TRAINING_SETS)),
                strict=True,
            ):
                _add(results, f"scale_{rows}_{name}", sample)
        shutil.rmtree(box.root, ignore_errors=True)


def main(argv: list[str] | None = None, runner: Callable[..., dict[str, Any]] = run_suite) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 repetition on tiny data")
    parser.add_argument("--full", action="store_true", help="repeat the slow single-shot figures")
    parser.add_argument("--reps", type=int, default=None, help="repetitions (default 3; quick 1)")
    parser.add_argument("--out", type=Path, default=None, help="results folder")
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(DEFAULT_PARTS))
    parser.add_argument(
        "--merge", nargs="+", type=Path, default=None, help="combine results.json files only"
    )
    args = parser.parse_args(argv)
    reps = args.reps or (1 if args.quick else 3)
    out_dir = args.out or (RESULTS / "quick" if args.quick else RESULTS)
    started = time.perf_counter()
    if args.merge:
        results = merge([json.loads(p.read_text()) for p in args.merge])
    else:
        results = runner(args.quick, reps, out_dir, tuple(args.only), full=args.full)
        results["suite_seconds"] = round(time.perf_counter() - started, 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(results, indent=1, default=float))
    table, image = report.write(results, out_dir)
    print(f"wrote {table} and {image} in {results.get('suite_seconds', 0):.0f}s")
    if results.get("errors"):
        raise SystemExit(f"bench: parts failed: {', '.join(results['errors'])} (see the table)")


def merge(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """One result from runs of different parts (`--only`) of the suite."""
    merged = dict(parts[0])
    merged["samples"] = {}
    for part in parts:
        for key, value in part.items():
            if key != "samples" and key not in merged:
                merged[key] = value
        if part.get("steps_total"):
            merged["steps_total"], merged["step_counts"] = part["steps_total"], part["step_counts"]
        merged["samples"].update(part["samples"])
    merged["suite_seconds"] = sum(p.get("suite_seconds", 0) for p in parts)
    return merged
