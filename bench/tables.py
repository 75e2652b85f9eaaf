"""Results tables without Airflow: scale (5) and the online service."""

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


def serving_rows(results: dict[str, Any]) -> list[str]:
    """Requests per second and latency of `POST /predict` per load level, and the floor."""
    serving = results.get("serving")
    if not serving:
        return ["not run (`python -m bench --only serving`)"]
    lines = [
        f"`run.py serve deploy` (ZenML's local deployer, 127.0.0.1) serving {serving['model']} "
        f"version {serving['version']}; {serving['seconds']:.0f} s of keep-alive `POST /predict`",
        "per level from a stdlib client in the same machine (its threads share the 2 cores).",
        "",
        "| rows/request | clients | req/s | rows/s | p50 ms | p95 ms | server CPU ms/req "
        "| errors |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for level in serving["http"]:
        lines.append(
            f"| {level['rows']} | {level['clients']} | {fmt(level['rps'])} "
            f"| {fmt(level['rps'] * level['rows'], 0)} | {fmt(level['p50_ms'])} "
            f"| {fmt(level['p95_ms'])} | {fmt(level['service_cpu_ms'])} | {level['errors']} |"
        )
    lines += [
        "",
        "Floor: the same rows in one process, no HTTP (medians of repeated calls).",
        "",
        "| rows/request | `predict_proba` ms | `score_rows` ms (validation + transform) "
        "| HTTP p50 at 1 client ms | HTTP p50 / `predict_proba` |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for rows, floor in serving["floor"].items():
        single = next(
            (x for x in serving["http"] if x["rows"] == int(rows) and x["clients"] == 1), None
        )
        p50 = single["p50_ms"] if single else math.nan
        lines.append(
            f"| {rows} | {fmt(floor['predict_proba_ms'], 2)} | {fmt(floor['score_rows_ms'], 2)} "
            f"| {fmt(p50)} | {fmt(p50 / floor['predict_proba_ms'], 1)} |"
        )
    return lines
