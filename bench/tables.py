"""Results tables without Airflow: scale (5)."""

from __future__ import annotations

import math
from typing import Any

from bench.figures import fmt, stats

SCALE_PIPELINES = ("training", "batch_inference", "monitoring")


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
                f"| {rows:,} | {pipeline} | {fmt(s['wall'])} | {fmt(s['cpu'])} "
                f"| {fmt(s['rss_mib'], 0)} | {len(samples)} |"
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
