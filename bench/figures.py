"""Medians of the repetitions and how a figure is printed."""

from __future__ import annotations

import math

from bench.measure import median


def stats(samples: list[dict[str, float]]) -> dict[str, float]:
    """Medians of wall, CPU and peak RSS over the repetitions."""
    return {
        key: median([s[key] for s in samples if key in s]) for key in ("wall", "cpu", "rss_mib")
    }


def fmt(value: float, digits: int = 1) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:,.{digits}f}"
