"""Run the benchmark's parts back to back in one invocation and write `bench/results/`.

python -m bench            # `make bench`: cases 1-4, scale to 100k, drift on 100k, serving
python -m bench --full     # `make bench-full`: + 1M rows, drift on 1M, the Airflow parts
python -m bench --quick    # smoke run: 1 repetition, tiny data
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import report
from bench.cases import run_cases
from bench.measure import Sandbox, new_workdir
from bench.orchestrator_parts import LOOP_STACKS, run_fanout, run_stacks, run_tasks
from bench.parts import drift_rows, run_drift, run_scale, run_serving, scale_sizes

RESULTS = Path(__file__).resolve().parent / "results"
PARTS = ("cases", "scale", "drift", "serving", "stacks", "tasks", "fanout")
# `make bench` (~15 min on 2 cores): what needs no Airflow, at most 100k rows.
DEFAULT_PARTS = ("cases", "scale", "drift", "serving")
# `--full` adds the loop per stack and the per-task cost on a private Airflow (~10 min each).
# `fanout` (2 training DAGs per repetition) stays opt-in: `--only fanout`.
FULL_PARTS = (*DEFAULT_PARTS, "stacks", "tasks")
# Cases 1-4 carry the per-step targets, whose margins are smaller than this machine's drift
# between repetitions: they get more repetitions than the other parts.
CASE_REPS = 5
__all__ = ["DEFAULT_PARTS", "FULL_PARTS", "LOOP_STACKS", "PARTS", "main", "merge", "run_suite"]


def run_suite(
    quick: bool,
    reps: int,
    out_dir: Path,
    parts: tuple[str, ...] = DEFAULT_PARTS,
    full: bool = False,
    case_reps: int | None = None,
) -> dict[str, Any]:
    """Cases 1-4 (`cases`), 5 (`scale`), 6 (`drift`), the online service (`serving`), the loop
    per stack (`stacks`), the per-task cost on Airflow (`tasks`) and the fan-out (`fanout`);
    every pipeline run in a sandbox. `full`: every figure repeated, 1M rows and 6b. Cases 1-4
    run `case_reps` times (default `reps`)."""
    case_reps = case_reps or reps
    sets = ["data.sample.rows=1500"] if quick else []
    sizes = scale_sizes(quick, full)
    results: dict[str, Any] = {
        "mode": "quick" if quick else ("full" if full else "budget"),
        "reps": reps,
        "case_reps": case_reps,
        "parts": list(parts),
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}",
        "scale_sizes": sizes,
        "samples": {},
    }
    work = new_workdir()
    try:
        code = Sandbox(work, "code")
        if "cases" in parts:
            run_cases(results, code, work, sets, case_reps)
            _checkpoint(results, out_dir)
        # Budget mode: each scale size once (memory and growth, not a noisy verdict).
        scale_reps = reps if full else 1
        steps: list[tuple[str, Callable[[], None]]] = [
            ("drift", lambda: run_drift(results, code, work, drift_rows(quick, full), reps, full)),
            ("serving", lambda: run_serving(results, work, quick)),
            ("scale", lambda: run_scale(results, work, sizes, scale_reps)),
            ("stacks", lambda: run_stacks(results, work, quick, reps if full else 1)),
            ("tasks", lambda: run_tasks(results, work, sets)),
            ("fanout", lambda: run_fanout(results, work, sets, reps)),
        ]
        for part, run in steps:
            if part in parts:
                _guarded(results, part, run)
                _checkpoint(results, out_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def _checkpoint(results: dict[str, Any], out_dir: Path) -> None:
    """What is measured so far, in `partial.json` (removed when the suite ends): a run stopped
    midway still gives its finished parts (`python -m bench --merge .../partial.json`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "partial.json").write_text(json.dumps(results, indent=1, default=float))


def _guarded(results: dict[str, Any], part: str, run: Callable[[], None]) -> None:
    """Run one part; a failure is recorded (and fails the suite at the end), not lost."""
    try:
        run()
    except RuntimeError as exc:
        print(f"  {part} FAILED: {str(exc)[-2000:]}")
        results.setdefault("errors", {})[part] = str(exc).splitlines()[0][:300]


def main(argv: list[str] | None = None, runner: Callable[..., dict[str, Any]] = run_suite) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 repetition on tiny data")
    parser.add_argument("--full", action="store_true", help="every figure, Airflow parts too")
    parser.add_argument(
        "--reps",
        type=int,
        default=None,
        help=f"repetitions of every part (default: cases 1-4 {CASE_REPS}, others 3; quick 1)",
    )
    parser.add_argument("--out", type=Path, default=None, help="results folder")
    parser.add_argument("--only", nargs="+", choices=PARTS, default=None)
    parser.add_argument(
        "--merge", nargs="+", type=Path, default=None, help="combine results.json files only"
    )
    args = parser.parse_args(argv)
    reps = args.reps or (1 if args.quick else 3)
    case_reps = args.reps or (1 if args.quick else CASE_REPS)
    out_dir = args.out or (RESULTS / "quick" if args.quick else RESULTS)
    parts = tuple(args.only or (FULL_PARTS if args.full else DEFAULT_PARTS))
    started = time.perf_counter()
    if args.merge:
        results = merge([json.loads(p.read_text()) for p in args.merge])
    else:
        results = runner(args.quick, reps, out_dir, parts, full=args.full, case_reps=case_reps)
        results["suite_seconds"] = round(time.perf_counter() - started, 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(results, indent=1, default=float))
    (out_dir / "partial.json").unlink(missing_ok=True)
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
