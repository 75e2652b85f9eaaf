"""The plot (`results.png`): bars for the cases, lines for the scale case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.figures import stats
from bench.report import CASES
from bench.tables import SCALE_PIPELINES


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
