"""Cases 1-4: the bare limit, the ZenML floor, ours as `make run` runs it, and its re-run.

Case 3 is `make run`'s command: the embedded stack brought up and the three configs run in ONE
process (`run.py --stack local --config training --config batch_inference --config
monitoring`), so ZenML, MLflow and Evidently are imported once. Registering the stack the
first time is set-up, as `zenml init` is: each sandbox does it before it is measured. The
floor (case 2) is one process too: one pipeline of trivial steps per pipeline of ours, with
the same step counts, in a row.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from bench.machine_speed import probe
from bench.measure import Sandbox, add_sample, json_tail

PIPELINE_CONFIGS = ("training", "batch_inference", "monitoring")
# The monitoring window decides but never launches a retraining inside the measured runs
# (a drifted re-run would otherwise train a new model inside case 4).
MONITORING_SETS = ("monitoring:loop.enabled=false",)


def run_args(configs: tuple[str, ...], sets: list[str]) -> list[str]:
    """`run.py` on the embedded stack (brought up in the same process), `configs` in order."""
    config_args = [arg for name in configs for arg in ("--config", f"configs/{name}.yaml")]
    return ["run.py", "--stack", "local", *config_args, *(f"--set={s}" for s in sets)]


def make_run_args(sets: list[str]) -> list[str]:
    """`make run`'s command, with `sets` for all."""
    return run_args(PIPELINE_CONFIGS, [*sets, *MONITORING_SETS])


def bare_args(sets: list[str]) -> list[str]:
    """The bare script's command, with `sets` for its config."""
    return ["-m", "bench.bare", *(f"--set={s}" for s in sets)]


def floor_args(counts: list[int]) -> list[str]:
    """The floor's command: one trivial-step pipeline per count, in one process."""
    return ["-m", "bench.floor", "run", "--steps", *(str(n) for n in counts)]


def run_cases(
    results: dict[str, Any], code: Sandbox, work: Path, sets: list[str], reps: int
) -> None:
    """Cases 1-4 and 2c `reps` times after an untimed warm-up, interleaved so that load drift
    affects all alike: even repetitions run bare, ours, floor; odd ones floor, ours, bare (no
    case always goes first). The machine's speed is probed before each repetition and after
    the last (bench/machine_speed.py)."""
    counts = _warm_up(results, code, work, sets)

    def bare() -> None:
        add_sample(results, "bare", code.run(*bare_args(sets)))

    def ours(rep: int) -> None:
        box = Sandbox(work, f"ours{rep}")
        box.stack_up()
        add_sample(results, "ours", box.run(*make_run_args(sets)))
        add_sample(results, "ours_cached", box.run(*make_run_args(sets)))
        shutil.rmtree(box.root, ignore_errors=True)

    def floor(rep: int) -> None:
        box = Sandbox(work, f"floor{rep}")
        box.stack_up()
        add_sample(results, "floor", box.run(*floor_args(counts)))
        add_sample(results, "floor_cached", box.run(*floor_args(counts)))
        shutil.rmtree(box.root, ignore_errors=True)

    for rep in range(reps):
        print(f"repetition {rep + 1}/{reps}")
        probe(results)
        if rep % 2 == 0:
            bare()
            ours(rep)
            floor(rep)
        else:
            floor(rep)
            ours(rep)
            bare()
    probe(results)


def _warm_up(results: dict[str, Any], code: Sandbox, work: Path, sets: list[str]) -> list[int]:
    """Run the bare script and `make run`'s command once, untimed, so that no repetition pays
    for a cold page cache (the first process of a bench run once took 24.7 s where the next
    took 8.3 s); count our steps per pipeline on the way, for the floor."""
    print("warm-up (not measured)")
    code.run(*bare_args(sets), log=work / "warm-up-bare.log")
    box = Sandbox(work, "warm-up")
    box.stack_up()
    box.run(*make_run_args(sets), log=work / "warm-up-ours.log")
    box.run("-m", "bench.floor", "count", log=work / "count.log")
    by_pipeline = json_tail(work / "count.log")
    counts = [by_pipeline[f"{name}_pipeline"] for name in PIPELINE_CONFIGS]
    results["step_counts"] = dict(zip(PIPELINE_CONFIGS, counts, strict=True))
    results["steps_total"] = sum(counts)
    shutil.rmtree(box.root, ignore_errors=True)
    return counts
