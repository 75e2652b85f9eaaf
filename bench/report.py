"""Turn measured samples into the Markdown table (`results.md`) and the plot (`results.png`)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from bench.measure import median

# (case number, key, what is measured)
CASES: list[tuple[str, str, str]] = [
    ("1", "bare", "bare limit: the same ML work as one plain scikit-learn + Evidently script"),
    ("2", "floor", "ZenML floor: the same number of trivial steps, uncached"),
    ("2c", "floor_cached", "ZenML floor, fully cached re-run"),
    ("3", "ours", "ours: training + batch inference + monitoring, first run (uncached)"),
    ("4", "ours_cached", "ours: re-run of 3 (cached where allowed)"),
    ("6a", "drift_ours", "drift check `detect_drift` (default sampling) on the big batch"),
    ("6b", "drift_ours_all_rows", "drift check `detect_drift`, `sample_rows: null` (every row)"),
    ("6c", "drift_evidently", "bare Evidently `Report([DataDriftPreset()]).run(...)`"),
]
SCALE_PIPELINES = ("training", "batch_inference", "monitoring")
MEMORY_LIMIT_MIB = 24 * 1024


def stats(samples: list[dict[str, float]]) -> dict[str, float]:
    """Medians of wall, CPU and peak RSS over the repetitions."""
    return {
        key: median([s[key] for s in samples if key in s]) for key in ("wall", "cpu", "rss_mib")
    }


def _fmt(value: float, digits: int = 1) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:,.{digits}f}"


def ratios(results: dict[str, Any], basis: str) -> dict[str, float]:
    """The benchmark's ratios, on `basis` = 'wall' or 'cpu' medians."""
    samples = results["samples"]

    def m(key: str) -> float:
        return stats(samples.get(key, []))[basis]

    steps = float(results.get("steps_total") or math.nan)
    bare, floor, ours, cached = m("bare"), m("floor"), m("ours"), m("ours_cached")
    return {
        "per_step_overhead_s": (ours - bare) / steps,
        "floor_per_step_s": floor / steps,
        "ours_over_bare": ours / bare,
        "overhead_over_floor": (ours - bare) / floor,
        "cached_over_floor": cached / floor,
        "cached_over_floor_cached": cached / m("floor_cached"),
        "drift_over_evidently": m("drift_ours") / m("drift_evidently"),
        "drift_all_rows_over_evidently": m("drift_ours_all_rows") / m("drift_evidently"),
    }


def scale_rows(results: dict[str, Any]) -> list[str]:
    lines = [
        "| rows | pipeline | wall s | CPU s | peak RSS MiB | reps |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for rows in results.get("scale_sizes", []):
        for pipeline in SCALE_PIPELINES:
            samples = results["samples"].get(f"scale_{rows}_{pipeline}", [])
            s = stats(samples)
            lines.append(
                f"| {rows:,} | {pipeline} | {_fmt(s['wall'])} | {_fmt(s['cpu'])} "
                f"| {_fmt(s['rss_mib'], 0)} | {len(samples)} |"
            )
    return lines


def memory_growth(results: dict[str, Any]) -> list[str]:
    """Peak RSS growth per 10x rows, per pipeline (10x would be exactly linear)."""
    sizes = results.get("scale_sizes", [])
    out = []
    for pipeline in SCALE_PIPELINES:
        rss = [stats(results["samples"].get(f"scale_{r}_{pipeline}", []))["rss_mib"] for r in sizes]
        steps = [
            f"{sizes[i]:,}->{sizes[i + 1]:,}: x{rss[i + 1] / rss[i]:.2f}"
            for i in range(len(sizes) - 1)
            if rss[i] and not math.isnan(rss[i])
        ]
        out.append(f"- {pipeline}: peak RSS growth " + ("; ".join(steps) or "n/a"))
    return out


def targets(results: dict[str, Any]) -> list[str]:
    """One line per target: value (wall and CPU) and whether it holds."""
    wall, cpu = ratios(results, "wall"), ratios(results, "cpu")
    peak = max(
        (stats(v)["rss_mib"] for k, v in results["samples"].items() if k.startswith("scale_")),
        default=math.nan,
    )

    def verdict(w: float, c: float, limit: float) -> str:
        if math.isnan(w) and math.isnan(c):
            return "not measured"
        return "holds" if max(v for v in (w, c) if not math.isnan(v)) <= limit else "MISSED"

    rows = [
        ("(3-1)/2: our per-step overhead vs the trivial-step floor", "overhead_over_floor", 1.3),
        ("4/2: fully cached re-run vs the floor (same step count)", "cached_over_floor", 1.2),
        ("6: drift check vs bare Evidently (same batch)", "drift_over_evidently", 2.0),
    ]
    lines = ["| target | wall | CPU | limit | verdict |", "| --- | ---: | ---: | ---: | --- |"]
    for label, key, limit in rows:
        w, c = wall[key], cpu[key]
        lines.append(
            f"| {label} | {_fmt(w, 2)} | {_fmt(c, 2)} | ≤ {limit} | {verdict(w, c, limit)} |"
        )
    holds = "holds" if peak <= MEMORY_LIMIT_MIB else "MISSED"
    lines.append(
        f"| biggest loop step inside 24 GiB (peak RSS MiB) | {_fmt(peak, 0)} | | ≤ 24,576 "
        f"| {'not measured' if math.isnan(peak) else holds} |"
    )
    return lines


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
            f"| {mode} | {_fmt(wall)} | {len(samples.get(f'fanout_{key}', []))} "
            f"| {sum(runs)}/{len(runs)} |"
        )
    lines += [
        "",
        f"speed-up sequential/parallel: **{_fmt(sequential / parallel, 2)}x** "
        f"(load average after the part: {', '.join(_fmt(x, 2) for x in load)})",
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
            f"| {label} | {_fmt(local)} | {_fmt(airflow)} | {_fmt(airflow / local, 2)} | {reps} |"
        )
    lines.append("")
    for stack in ("local", "airflow"):
        lines.append(f"- retrain on {stack}: {_outcome(retrain.get(stack, []))}")
    load = results.get("loop_load", {})
    if load:
        loads = {k: ", ".join(_fmt(x, 2) for x in v) for k, v in load.items()}
        lines.append(
            f"- load average before / after: {loads.get('before', 'n/a')} / "
            f"{loads.get('after', 'n/a')}"
        )
    return lines


def markdown(results: dict[str, Any]) -> str:
    """The whole results page: cases, derived ratios, targets, scale."""
    lines = [
        "# loopstack benchmark results",
        "",
        f"{results.get('when', '')} · {results.get('machine', '')} · mode `{results['mode']}` · "
        f"median of {results['reps']} repetition(s) · {results.get('steps_total', '?')} steps "
        f"per loop {results.get('step_counts', {})} · suite time "
        f"{_fmt(results.get('suite_seconds', math.nan) / 60)} min",
        "",
        "Wall seconds are what a user waits; CPU seconds (user + sys of the process tree) are far",
        "less sensitive to other load on a shared machine. Compare ratios within one run only.",
        "",
        "| case | what | wall s | CPU s | peak RSS MiB | reps |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for number, key, what in CASES:
        samples = results["samples"].get(key, [])
        s = stats(samples)
        lines.append(
            f"| {number} | {what} | {_fmt(s['wall'])} | {_fmt(s['cpu'])} "
            f"| {_fmt(s['rss_mib'], 0)} | {len(samples) or 'not run'} |"
        )
    lines.append(
        f"| 5 | scale: {', '.join(f'{r:,}' for r in results.get('scale_sizes', []))} rows "
        "x ~30 columns (table below) | | | | |"
    )
    wall, cpu = ratios(results, "wall"), ratios(results, "cpu")
    lines += ["", "## Ratios", "", "| ratio | wall | CPU |", "| --- | ---: | ---: |"]
    names = {
        "per_step_overhead_s": "per-step overhead (3-1)/steps, s",
        "floor_per_step_s": "ZenML floor per step 2/steps, s",
        "ours_over_bare": "3/1",
        "overhead_over_floor": "(3-1)/2",
        "cached_over_floor": "4/2",
        "cached_over_floor_cached": "4/2c",
        "drift_over_evidently": "6 = 6a/6c",
        "drift_all_rows_over_evidently": "6b/6c",
    }
    for key, label in names.items():
        lines.append(f"| {label} | {_fmt(wall[key], 2)} | {_fmt(cpu[key], 2)} |")
    lines += ["", "## Targets", "", *targets(results), "", "## Scale", "", *scale_rows(results)]
    lines += ["", *memory_growth(results), ""]
    lines += ["## The loop on local vs Airflow", "", *loop_rows(results), ""]
    lines += ["## Candidate fan-out on Airflow", "", *fanout_rows(results), ""]
    for part, error in results.get("errors", {}).items():
        lines.append(f"**{part} failed:** {error}")
    return "\n".join(lines)


def plot(results: dict[str, Any], path: Path) -> None:
    """Bars for cases 1-4 and 6, lines for the scale case (log-log)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (bars, scale) = plt.subplots(1, 2, figsize=(12, 4.5))
    keys = [(n, k) for n, k, _ in CASES if results["samples"].get(k)]
    for offset, basis in ((-0.2, "wall"), (0.2, "cpu")):
        values = [stats(results["samples"][k])[basis] for _, k in keys]
        bars.bar([i + offset for i in range(len(keys))], values, width=0.4, label=basis)
    bars.set_xticks(range(len(keys)), [n for n, _ in keys])
    bars.set_ylabel("seconds (median)")
    bars.set_title("cases (see results.md)")
    bars.legend()
    sizes = results.get("scale_sizes", [])
    rss_axis = scale.twinx()
    measured = False
    for pipeline in SCALE_PIPELINES:
        s = [stats(results["samples"].get(f"scale_{r}_{pipeline}", [])) for r in sizes]
        measured = measured or any(x["wall"] > 0 for x in s)
        scale.plot(sizes, [x["wall"] for x in s], marker="o", label=f"{pipeline} wall s")
        rss_axis.plot(sizes, [x["rss_mib"] for x in s], linestyle="--", marker="x")
    if measured:
        for axis in (scale, rss_axis):
            axis.set_xscale("log")
            axis.set_yscale("log")
    else:
        scale.text(0.5, 0.5, "not run", ha="center", va="center", transform=scale.transAxes)
    scale.set_xlabel("rows")
    scale.set_ylabel("wall seconds (solid)")
    rss_axis.set_ylabel("peak RSS MiB (dashed)")
    scale.set_title("scale (~30 columns)")
    scale.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def write(results: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    """Write results.md and results.png into `out_dir`; return both paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    table, image = out_dir / "results.md", out_dir / "results.png"
    table.write_text(markdown(results))
    plot(results, image)
    return table, image
