"""Reference-vs-current distribution charts as small inline SVG (shares, not counts).

Numeric columns: a histogram over bins shared by both sides (edges from the pooled 1st-99th
percentiles, so one outlier does not squash the rest). Categorical columns: the most common
categories of either side, the rest pooled as "other". Missing values get a bar of their own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.reports.page import CURRENT_COLOR, REFERENCE_COLOR, esc

WIDTH, HEIGHT = 320, 150
LEFT, TOP, BOTTOM = 36, 22, 34
BINS = 16
TOP_CATEGORIES = 8
MISSING = "(missing)"


def _numeric_shares(ref: pd.Series, cur: pd.Series) -> tuple[list[str], list[float], list[float]]:
    """(bin labels, reference shares, current shares) over shared bins, plus missing values."""
    a = pd.to_numeric(ref, errors="coerce").to_numpy(dtype=float)
    b = pd.to_numeric(cur, errors="coerce").to_numpy(dtype=float)
    pooled = np.concatenate([a[~np.isnan(a)], b[~np.isnan(b)]])
    lo, hi = np.percentile(pooled, [1, 99]) if pooled.size else (0.0, 1.0)
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    edges = np.linspace(lo, hi, BINS + 1)

    def shares(values: np.ndarray) -> list[float]:
        present = values[~np.isnan(values)]
        counts, _ = np.histogram(np.clip(present, lo, hi), bins=edges)
        found = [*counts.tolist(), int(np.isnan(values).sum())]
        return [c / max(len(values), 1) for c in found]

    labels = [f"{edges[i]:.4g} to {edges[i + 1]:.4g}" for i in range(BINS)] + [MISSING]
    return labels, shares(a), shares(b)


def _category_shares(ref: pd.Series, cur: pd.Series) -> tuple[list[str], list[float], list[float]]:
    """(categories, reference shares, current shares): the most common ones, then other/missing."""
    a = ref.astype("string").fillna(MISSING).value_counts(normalize=True)
    b = cur.astype("string").fillna(MISSING).value_counts(normalize=True)
    both = pd.concat([a, b], axis=1).fillna(0.0)
    order = both.max(axis=1).sort_values(ascending=False, kind="stable").index.tolist()
    shown = order[:TOP_CATEGORIES]
    labels = [str(c) for c in shown]
    ref_shares = [float(a.get(c, 0.0)) for c in shown]
    cur_shares = [float(b.get(c, 0.0)) for c in shown]
    if len(order) > TOP_CATEGORIES:
        labels.append(f"other ({len(order) - TOP_CATEGORIES})")
        ref_shares.append(1.0 - sum(ref_shares))
        cur_shares.append(1.0 - sum(cur_shares))
    return labels, ref_shares, cur_shares


def distribution_svg(column: str, reference: pd.Series, current: pd.Series, numeric: bool) -> str:
    """Grouped bars of reference (grey) and current (blue) shares; hover shows the values."""
    shares = _numeric_shares if numeric else _category_shares
    labels, ref, cur = shares(reference, current)
    if numeric and ref[-1] == 0 and cur[-1] == 0:  # no missing values: no empty bar
        labels, ref, cur = labels[:-1], ref[:-1], cur[:-1]
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - TOP - BOTTOM
    peak = max([*ref, *cur, 1e-9])
    slot = plot_w / max(len(labels), 1)
    bar = max(slot * 0.4, 1.0)
    parts = [
        f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" '
        'stroke="#9aa5b1"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 8}" font-size="9" text-anchor="end">{peak:.0%}</text>',
        f'<text x="{LEFT - 4}" y="{TOP + plot_h}" font-size="9" text-anchor="end">0%</text>',
    ]
    for i, label in enumerate(labels):
        for offset, value, color, side in ((0.1, ref[i], REFERENCE_COLOR, "reference"),
                                           (0.5, cur[i], CURRENT_COLOR, "current")):  # fmt: skip
            height = plot_h * value / peak
            x, y = LEFT + slot * (i + offset), TOP + plot_h - height
            tip = f"{label}: {side} {value:.1%}"
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" '
                f'fill="{color}"><title>{esc(tip)}</title></rect>'
            )
    first, last = labels[0], labels[-1]
    if numeric:
        first, last = first.split(" to ")[0], (labels[BINS - 1] if len(labels) > BINS else last)
        last = last.split(" to ")[-1]
    parts.append(
        f'<text x="{LEFT}" y="{TOP + plot_h + 12}" font-size="9">{esc(first[:18])}</text>'
        f'<text x="{LEFT + plot_w}" y="{TOP + plot_h + 12}" font-size="9" text-anchor="end">'
        f"{esc(last[:18])}</text>"
    )
    if not numeric:
        parts.append(
            f'<text x="{LEFT + plot_w / 2}" y="{TOP + plot_h + 24}" font-size="9" '
            f'text-anchor="middle">{len(labels)} categories shown, most common first</text>'
        )
    return (
        f'<svg role="img" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">'
        f"<title>{esc(column)}</title>"
        f'<text x="{LEFT}" y="14" font-size="12">{esc(column)}</text>{"".join(parts)}</svg>'
    )
