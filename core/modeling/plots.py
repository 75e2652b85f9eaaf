"""Self-contained HTML evaluation report (metrics, confusion matrix, ROC curves).

The charts are inline SVG written here: no plotting library is imported or rasterised, the
page stays a single file, and the charts scale crisply in the dashboard and MLflow.
"""

from __future__ import annotations

import math

from core.modeling.metrics import EvaluationResult
from core.reports.page import document
from core.reports.page import esc as _esc

MAX_ANNOTATED = 10  # more classes: colours only (no counts, no legend)
SIZE = 240  # side of each chart's plot area, px
LEFT, TOP, BOTTOM = 96, 28, 72  # room for tick labels, the title and the axis titles
# Colour-blind-safe palette for ROC curves (cycled when there are more classes).
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
           "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")  # fmt: skip
LIGHT, DARK = (247, 251, 255), (8, 48, 107)  # the ends of the confusion-matrix colour scale


def _svg(body: str, title: str) -> str:
    width, height = LEFT + SIZE + 16, TOP + SIZE + BOTTOM
    return (
        f'<svg role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{_esc(title)}</title>'
        f'<text x="{LEFT + SIZE / 2}" y="18" font-size="14" text-anchor="middle">{_esc(title)}'
        f"</text>{body}</svg>"
    )


def _shade(share: float) -> str:
    """A colour between LIGHT (0) and DARK (1)."""
    r, g, b = (round(lo + (hi - lo) * share) for lo, hi in zip(LIGHT, DARK, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def confusion_svg(labels: list[str], confusion: list[list[int]]) -> str:
    """Cells shaded by count (counts written up to MAX_ANNOTATED classes; hover for any)."""
    n = max(len(labels), 1)
    cell = SIZE / n
    peak = max((max(row) for row in confusion if row), default=0)
    parts = []
    for i, row in enumerate(confusion):
        for j, count in enumerate(row):
            share = count / peak if peak else 0.0
            x, y = LEFT + j * cell, TOP + i * cell
            tip = f"true {labels[i]}, predicted {labels[j]}: {count:,}"
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell:.1f}" height="{cell:.1f}" '
                f'fill="{_shade(share)}" stroke="#fff"><title>{_esc(tip)}</title></rect>'
            )
            if n <= MAX_ANNOTATED:
                color = "#fff" if share > 0.5 else "#1f2933"
                parts.append(
                    f'<text x="{x + cell / 2:.1f}" y="{y + cell / 2 + 4:.1f}" font-size="12" '
                    f'text-anchor="middle" style="fill:{color}">{count:,}</text>'
                )
    if n <= MAX_ANNOTATED:
        for k, label in enumerate(labels):
            mid = k * cell + cell / 2
            parts.append(
                f'<text x="{LEFT - 6}" y="{TOP + mid + 4:.1f}" font-size="11" '
                f'text-anchor="end">{_esc(label)}</text>'
                f'<text transform="translate({LEFT + mid:.1f},{TOP + SIZE + 12}) rotate(-40)" '
                f'font-size="11" text-anchor="end">{_esc(label)}</text>'
            )
    parts.append(_axis_titles("predicted", "true"))
    return _svg("".join(parts), "Confusion matrix")


def _axis_titles(x_title: str, y_title: str) -> str:
    return (
        f'<text x="{LEFT + SIZE / 2}" y="{TOP + SIZE + BOTTOM - 8}" font-size="12" '
        f'text-anchor="middle">{_esc(x_title)}</text>'
        f'<text transform="translate(14,{TOP + SIZE / 2}) rotate(-90)" font-size="12" '
        f'text-anchor="middle">{_esc(y_title)}</text>'
    )


def roc_svg(curves: dict[str, tuple[list[float], list[float]]], auc: float) -> str:
    """ROC curves on the unit square, the chance diagonal dashed, a legend up to MAX_ANNOTATED."""
    x0, y0 = LEFT, TOP + SIZE  # the plot's (0, 0)

    def point(fpr: float, tpr: float) -> str:
        return f"{x0 + fpr * SIZE:.1f},{y0 - tpr * SIZE:.1f}"

    parts = [
        f'<rect x="{x0}" y="{TOP}" width="{SIZE}" height="{SIZE}" fill="none" stroke="#9aa5b1"/>',
        f'<polyline points="{point(0, 0)} {point(1, 1)}" fill="none" stroke="#9aa5b1" '
        'stroke-dasharray="4 3"/>',
    ]
    for tick in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        parts.append(
            f'<text x="{x0 + tick * SIZE:.1f}" y="{y0 + 16}" font-size="10" '
            f'text-anchor="middle">{tick:.1f}</text>'
            f'<text x="{x0 - 6}" y="{y0 - tick * SIZE + 3:.1f}" font-size="10" '
            f'text-anchor="end">{tick:.1f}</text>'
        )
    for k, (label, (fpr, tpr)) in enumerate(curves.items()):
        color = PALETTE[k % len(PALETTE)]
        points = " ".join(point(f, t) for f, t in zip(fpr, tpr, strict=True))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="1.5">'
            f"<title>{_esc(label)}</title></polyline>"
        )
        if len(curves) <= MAX_ANNOTATED:
            y = y0 - 10 - 14 * (len(curves) - 1 - k)
            parts.append(
                f'<line x1="{x0 + SIZE - 96}" x2="{x0 + SIZE - 80}" y1="{y - 4}" y2="{y - 4}" '
                f'stroke="{color}" stroke-width="2"/><text x="{x0 + SIZE - 76}" y="{y}" '
                f'font-size="10">{_esc(label)}</text>'
            )
    if not curves:
        parts.append(
            f'<text x="{x0 + SIZE / 2}" y="{TOP + SIZE / 2}" font-size="12" '
            'text-anchor="middle">not available</text>'
        )
    parts.append(_axis_titles("false positive rate", "true positive rate"))
    shown = "n/a" if math.isnan(auc) else f"{auc:.3f}"
    kind = "macro AUC" if len(curves) > 1 else "AUC"
    return _svg("".join(parts), f"ROC ({kind} {shown})")


def _format(name: str, value: float) -> str:
    if math.isnan(value):
        return "n/a"
    return f"{int(value):,}" if name == "n_rows" else f"{value:.4f}"


def evaluation_html(result: EvaluationResult, title: str) -> str:
    """One HTML page with inline CSS and inline SVG charts (nothing fetched, nothing linked)."""
    rows = "".join(
        f"<tr><th>{_esc(name)}</th><td class='num'>{_format(name, value)}</td></tr>"
        for name, value in result.metrics.items()
    )
    figures = [
        (confusion_svg(result.labels, result.confusion), "rows: true class, columns: predicted"),
        (
            roc_svg(result.roc_curves, result.metrics.get("roc_auc", math.nan)),
            "one-vs-rest per class" if len(result.roc_curves) > 1 else "positive class",
        ),
    ]
    charts = "".join(
        f"<figure>{svg}<figcaption>{_esc(caption)}</figcaption></figure>"
        for svg, caption in figures
    )
    head = "<thead><tr><th>metric</th><th>value</th></tr></thead>"
    table = f"<table>{head}<tbody>{rows}</tbody></table>"
    return document(title, f"{table}<div class='figs'>{charts}</div>")
