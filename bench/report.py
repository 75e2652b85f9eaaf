"""Turn measured samples into the Markdown table (`results.md`) and the plot (`results.png`)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from bench.figures import fmt, stats
from bench.machine_speed import describe as describe_speed
from bench.measure import median
from bench.orchestrator_tables import fanout_rows, loop_rows, task_rows
from bench.tables import memory_growth, scale_rows, serving_rows
from bench.versus import versus_rows

# (case number, key, what is measured)
CASES: list[tuple[str, str, str]] = [
    ("1", "bare", "bare limit: the same ML work as one plain scikit-learn + Evidently script"),
    ("2", "floor", "ZenML floor: the same number of trivial steps, uncached, one process"),
    ("2c", "floor_cached", "ZenML floor, fully cached re-run"),
    ("3", "ours", "ours: `make run` (3 pipelines in one process), first run (uncached)"),
    ("4", "ours_cached", "ours: re-run of 3 (cached where allowed)"),
    ("6a", "drift_ours", "drift check `detect_drift` (default sampling) on the drift batch"),
    ("6b", "drift_ours_all_rows", "drift check `detect_drift`, `sample_rows: null` (every row)"),
    ("6c", "drift_evidently", "bare Evidently `Report([DataDriftPreset()]).run(...)`"),
]
MEMORY_LIMIT_MIB = 24 * 1024
# run in turn in every repetition (2c since the floor's steps all run uncached)
PAIRED_CASES = ("bare", "floor", "floor_cached", "ours", "ours_cached")
RATIO_NAMES = {
    "per_step_overhead_s": "per-step overhead (3-1)/steps, s",
    "floor_per_step_s": "ZenML floor per step 2/steps, s",
    "ours_over_bare": "3/1",
    "overhead_over_floor": "(3-1)/2",
    "make_run_over_floor_bare": "3/(2+1)",
    "cached_over_floor_bare": "4/(2+1)",
    "cached_over_floor": "4/2",
    "cached_over_floor_cached": "4/2c",
    "drift_over_evidently": "6 = 6a/6c",
    "drift_all_rows_over_evidently": "6b/6c",
}
# (label, ratio key, limit)
TARGETS = [
    ("(3-1)/2: our per-step overhead vs the trivial-step floor", "overhead_over_floor", 1.3),
    ("3/(2+1): `make run` uncached vs floor + bare", "make_run_over_floor_bare", 1.25),
    ("4/(2+1): `make run` cached vs floor + bare", "cached_over_floor_bare", 1.25),
    ("4/2: fully cached re-run vs the floor (same step count)", "cached_over_floor", 1.15),
    ("6: drift check vs bare Evidently (same batch)", "drift_over_evidently", 2.0),
]


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
        "make_run_over_floor_bare": ours / (floor + bare),
        "cached_over_floor_bare": cached / (floor + bare),
        "cached_over_floor": cached / floor,
        "cached_over_floor_cached": cached / m("floor_cached"),
        "drift_over_evidently": m("drift_ours") / m("drift_evidently"),
        "drift_all_rows_over_evidently": m("drift_ours_all_rows") / m("drift_evidently"),
    }


def repetition_ratios(results: dict[str, Any]) -> list[dict[str, float]]:
    """The wall ratios of each repetition on its own (cases 1-4 of one repetition)."""
    samples = results["samples"]
    paired = [key for key in PAIRED_CASES if samples.get(key)]
    count = min((len(samples[key]) for key in paired), default=0)
    return [
        ratios({**results, "samples": {k: [samples[k][i]] for k in paired}}, "wall")
        for i in range(count)
    ]


def paired_ratios(results: dict[str, Any]) -> dict[str, float]:
    """The median over repetitions of each wall ratio taken within one repetition: cases 1-4 of
    a repetition run minutes apart, so a machine that slows down or speeds up between
    repetitions moves both sides of these ratios alike."""
    per_repetition = repetition_ratios(results)
    return {key: median([r[key] for r in per_repetition]) for key in RATIO_NAMES}


def targets(results: dict[str, Any]) -> list[str]:
    """One line per target: value (wall, CPU, paired wall), the range over single repetitions,
    and the verdict: `holds` when all three values and every repetition are within the limit,
    `holds on medians` when only the three values are, else `MISSED`."""
    wall, cpu, paired = ratios(results, "wall"), ratios(results, "cpu"), paired_ratios(results)
    per_repetition = repetition_ratios(results)
    peak = max(
        (stats(v)["rss_mib"] for k, v in results["samples"].items() if k.startswith("scale_")),
        default=math.nan,
    )

    def verdict(values: list[float], singles: list[float], limit: float) -> str:
        measured = [v for v in values if not math.isnan(v)]
        if not measured:
            return "not measured"
        if max(measured) > limit:
            return "MISSED"
        return "holds on medians" if any(v > limit for v in singles) else "holds"

    lines = [
        "| target | wall | CPU | paired wall | single repetitions (wall) | limit | verdict |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, key, limit in TARGETS:
        values = [wall[key], cpu[key], paired[key]]
        singles = [r[key] for r in per_repetition if not math.isnan(r[key])]
        spread = f"{fmt(min(singles), 2)}-{fmt(max(singles), 2)}" if singles else "n/a"
        shown = " | ".join(fmt(v, 2) for v in values)
        lines.append(
            f"| {label} | {shown} | {spread} | ≤ {limit} | {verdict(values, singles, limit)} |"
        )
    holds = "holds" if peak <= MEMORY_LIMIT_MIB else "MISSED"
    lines.append(
        f"| biggest loop step inside 24 GiB (peak RSS MiB) | {fmt(peak, 0)} | | | | ≤ 24,576 "
        f"| {'not measured' if math.isnan(peak) else holds} |"
    )
    return lines


def markdown(results: dict[str, Any]) -> str:
    """The whole results page: cases, derived ratios, targets, then one section per part."""
    drift_rows = results.get("drift_rows")
    lines = [
        "# loopstack benchmark results",
        "",
        f"{results.get('when', '')} · {results.get('machine', '')} · mode `{results['mode']}` · "
        f"medians of {results.get('case_reps', results['reps'])} repetition(s) (cases 1-4), "
        f"{results['reps']} (other parts) · {results.get('steps_total', '?')} steps "
        f"per loop {results.get('step_counts', {})} · drift batch "
        f"{f'{drift_rows:,}' if drift_rows else '?'} rows · suite time "
        f"{fmt(results.get('suite_seconds', math.nan) / 60)} min"
        + (f" · {results['page_cache']}" if results.get("page_cache") else ""),
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
            f"| {number} | {what} | {fmt(s['wall'])} | {fmt(s['cpu'])} "
            f"| {fmt(s['rss_mib'], 0)} | {len(samples) or 'not run'} |"
        )
    lines.append(
        f"| 5 | scale: {', '.join(f'{r:,}' for r in results.get('scale_sizes', []))} rows "
        "x ~30 columns (table below) | | | | |"
    )
    wall, cpu, paired = ratios(results, "wall"), ratios(results, "cpu"), paired_ratios(results)
    lines += [
        "",
        "## Ratios",
        "",
        "Wall and CPU: ratios of the cases' medians. Paired wall: the median of the ratios taken",
        "within each repetition (cases 1-4 of one repetition run minutes apart).",
        "",
        "| ratio | wall | CPU | paired wall |",
        "| --- | ---: | ---: | ---: |",
    ]
    for key, label in RATIO_NAMES.items():
        cells = " | ".join(fmt(v[key], 2) for v in (wall, cpu, paired))
        lines.append(f"| {label} | {cells} |")
    lines += ["", "## Targets", "", *targets(results)]
    if results.get("machine_speed"):
        lines += ["", describe_speed(results["machine_speed"])]
    lines += ["", "## Scale", "", *scale_rows(results)]
    lines += ["", *memory_growth(results), ""]
    lines += ["## Online service (serving/)", "", *serving_rows(results), ""]
    lines += ["## Cost per Airflow task", "", *task_rows(results), ""]
    lines += ["## The loop on local vs Airflow", "", *loop_rows(results), ""]
    lines += ["## Candidate fan-out on Airflow", "", *fanout_rows(results), ""]
    lines += ["## Against ZenML's e2e_batch template", "", *versus_rows(results), ""]
    for part, error in results.get("errors", {}).items():
        lines.append(f"**{part} failed:** {error}")
    return "\n".join(lines)


def write(results: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    """Write results.md and results.png into `out_dir`; return both paths."""
    from bench.plot import plot

    out_dir.mkdir(parents=True, exist_ok=True)
    table, image = out_dir / "results.md", out_dir / "results.png"
    table.write_text(markdown(results))
    plot(results, image)
    return table, image
