"""Results tables of the Airflow parts: the loop per stack, the fan-out, the task cost."""

from __future__ import annotations

import math
from typing import Any

from bench.figures import fmt, stats


def fanout_rows(results: dict[str, Any]) -> list[str]:
    """Training DAG on Airflow: candidate tasks in parallel vs `max_active_tasks=1`."""
    samples = results["samples"]
    parallel = stats(samples.get("fanout_parallel", []))["wall"]
    sequential = stats(samples.get("fanout_sequential", []))["wall"]
    if math.isnan(parallel) and math.isnan(sequential):
        return ["not run (`python -m bench --only fanout`)"]
    overlapped = results.get("fanout_overlapped", {})
    load = results.get("fanout_load") or [math.nan] * 3
    lines = [
        "Training DAG run on a private local Airflow 3 (LocalExecutor), same data, uncached;",
        "wall = the DAG run's start to end as Airflow records it.",
        "",
        "| mode | DAG run wall s (median) | reps | train_* steps overlapped |",
        "| --- | ---: | ---: | --- |",
    ]
    for mode, wall in (("parallel", parallel), ("sequential (max_active_tasks=1)", sequential)):
        key = mode.split()[0]
        runs = overlapped.get(key, [])
        lines.append(
            f"| {mode} | {fmt(wall)} | {len(samples.get(f'fanout_{key}', []))} "
            f"| {sum(runs)}/{len(runs)} |"
        )
    lines += [
        "",
        f"speed-up sequential/parallel: **{fmt(sequential / parallel, 2)}x** "
        f"(load average after the part: {', '.join(fmt(x, 2) for x in load)})",
    ]
    return lines


LOOP_STAGES = ("training", "batch_inference", "monitoring", "total")


def _outcome(runs: list[dict[str, Any]]) -> str:
    """`completed, promoted (version 2)` per repetition, `; `-joined."""
    words = []
    for run in runs:
        text = str(run.get("status"))
        if run.get("promoted") is not None:
            text += ", promoted" if run["promoted"] else ", not promoted"
        if run.get("model_version"):
            text += f" (version {run['model_version']})"
        words.append(text)
    return "; ".join(words) or "n/a"


def loop_rows(results: dict[str, Any]) -> list[str]:
    """Wall seconds of the loop's stages on the embedded stack vs a private Airflow."""
    if results.get("loop_not_run"):
        return [f"not run: {results['loop_not_run']}"]
    samples = results["samples"]

    def wall(stack: str, stage: str) -> float:
        return stats(samples.get(f"loop_{stack}_{stage}", []))["wall"]

    if all(math.isnan(wall(s, "total")) for s in ("local", "airflow")):
        return ["not run (`python -m bench --only stacks`)"]
    retrain = results.get("loop_retrain", {})
    lines = [
        "Training, batch inference and one drifted monitoring window whose retrain (training +",
        "promotion) runs on the same stack; each stage launched uncached through",
        "`orchestration.launch.launch` until its run ends (Airflow: LocalExecutor, temp home).",
        "",
        "| stage | local wall s | airflow wall s | airflow/local | reps |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for stage in LOOP_STAGES:
        local, airflow = wall("local", stage), wall("airflow", stage)
        label = "**total**" if stage == "total" else stage
        reps = len(samples.get(f"loop_airflow_{stage}", []))
        lines.append(
            f"| {label} | {fmt(local)} | {fmt(airflow)} | {fmt(airflow / local, 2)} | {reps} |"
        )
    lines.append("")
    for stack in ("local", "airflow"):
        lines.append(f"- retrain on {stack}: {_outcome(retrain.get(stack, []))}")
    load = results.get("loop_load", {})
    if load:
        loads = {k: ", ".join(fmt(x, 2) for x in v) for k, v in load.items()}
        lines.append(
            f"- load average before / after: {loads.get('before', 'n/a')} / "
            f"{loads.get('after', 'n/a')}"
        )
    return lines


TASK_PHASES = {
    "ready_to_queued": "ready → queued",
    "queued_to_start": "queued → start",
    "before_step": "start → step start",
    "step": "step",
    "after_step": "step end → task end",
}


def task_rows(results: dict[str, Any]) -> list[str]:
    """Seconds per Airflow task: our training DAG vs the same shape of empty steps."""
    if results.get("tasks_not_run"):
        return [f"not run: {results['tasks_not_run']}"]
    tasks = results.get("airflow_tasks")
    if not tasks:
        return ["not run (`python -m bench --only tasks`, or `--full`)"]
    lines = [
        "The training DAG and a DAG of the same tasks and dependencies whose ZenML steps do",
        "nothing (bench/airflow_tasks.py), one run each on a private Airflow 3 (LocalExecutor);",
        "means per task from Airflow's task-instance times and ZenML's step times, seconds.",
        "",
        "| DAG | tasks | DAG run wall | wall/task | "
        + " | ".join(TASK_PHASES.values())
        + " | task total |",
        "| --- | ---: | ---: | ---: | " + " | ".join("---:" for _ in TASK_PHASES) + " | ---: |",
    ]
    for key, label in (("training", "training (ours)"), ("empty", "same shape, empty steps")):
        dag = tasks.get(key)
        if not dag:
            continue
        mean = dag["mean"]
        total = sum(mean.values())
        lines.append(
            f"| {label} | {dag['tasks']} | {fmt(dag['dag_wall'])} "
            f"| {fmt(dag['dag_wall'] / dag['tasks'], 2)} | "
            + " | ".join(fmt(mean[p], 2) for p in TASK_PHASES)
            + f" | {fmt(total, 2)} |"
        )
    empty, process = tasks.get("empty"), tasks.get("process", {})
    if empty and process:
        mean = empty["mean"]
        total = sum(mean.values())
        top = max(mean, key=lambda p: mean[p])
        lines += [
            "",
            f"- a fresh `python -c pass` takes {fmt(process['python_start'], 2)} s; with the "
            f"imports of a task's entrypoint {fmt(process['imports_empty'], 2)} s (empty step), "
            f"{fmt(process['imports_training'], 2)} s (with the training steps' modules)",
            f"- empty steps: the biggest share of a task's {fmt(total, 2)} s is "
            f"**{TASK_PHASES[top]}** ({fmt(mean[top], 2)} s, {100 * mean[top] / total:.0f} %)",
        ]
    hand = tasks.get("by_hand")
    if hand:
        lines.append(
            f"- one task's process by hand (`{hand['step']}` of the empty DAG, no Airflow, "
            f"medians of {len(hand['runs']['shipped'])} alternating runs): "
            f"{fmt(hand['shipped'], 2)} s as shipped (forked from the warm process), "
            f"{fmt(hand['plain'], 2)} s as a fresh process "
            f"(ratio {fmt(hand['shipped'] / hand['plain'], 2)}), {fmt(hand['eager'], 2)} s as "
            f"a fresh process with ZenML's eager activation of every installed integration "
            f"(ratio {fmt(hand['plain'] / hand['eager'], 2)} of the fresh one)"
        )
    return lines
