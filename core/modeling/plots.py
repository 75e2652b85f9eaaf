"""Self-contained HTML evaluation report (metrics, confusion matrix, ROC curves)."""

from __future__ import annotations

import base64
import html
import io
import math
from typing import Any

from core.modeling.metrics import EvaluationResult

FIGSIZE = (4.0, 4.0)
DPI = 80
MAX_ANNOTATED = 10  # more classes: colours only (no counts, no legend)

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:16px;
color:#1f2933;background:#fff}
h1{font-size:18px;margin:0 0 12px}
table{border-collapse:collapse;margin-bottom:16px}
th,td{border:1px solid #d9e2ec;padding:4px 10px;text-align:left;font-size:13px}
th{background:#f0f4f8}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.figs{display:flex;flex-wrap:wrap;gap:16px}
figure{margin:0}
figcaption{font-size:12px;color:#52606d;text-align:center}
"""


def _new_figure() -> tuple[Any, Any]:
    """A figure on the Agg canvas, without pyplot (no global state, thread-safe)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=FIGSIZE, dpi=DPI)
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _png_data_uri(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _confusion_png(labels: list[str], confusion: list[list[int]]) -> str:
    fig, ax = _new_figure()
    n = len(labels)
    image = ax.imshow(confusion or [[0]], cmap="Blues")
    peak = max((max(row) for row in confusion if row), default=0)
    size = 10 if n <= 5 else 7
    for i, row in enumerate(confusion if n <= MAX_ANNOTATED else []):
        for j, count in enumerate(row):
            color = "white" if peak and count > peak / 2 else "black"
            ax.text(j, i, str(count), ha="center", va="center", color=color, fontsize=size)
    ax.set_xticks(range(n), labels, rotation=45 if n > 3 else 0, ha="right" if n > 3 else "center")
    ax.set_yticks(range(n), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title("Confusion matrix", fontsize=11)
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    return _png_data_uri(fig)


def _roc_png(curves: dict[str, tuple[list[float], list[float]]], auc: float) -> str:
    fig, ax = _new_figure()
    ax.plot([0, 1], [0, 1], linestyle="--", color="#9aa5b1", linewidth=1)
    for label, (fpr, tpr) in curves.items():
        ax.plot(fpr, tpr, linewidth=1.5, label=label)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.01)
    ax.set_xlabel("false positive rate")
    ax.set_ylabel("true positive rate")
    shown = "n/a" if math.isnan(auc) else f"{auc:.3f}"
    kind = "macro AUC" if len(curves) > 1 else "AUC"
    ax.set_title(f"ROC ({kind} {shown})", fontsize=11)
    if 0 < len(curves) <= MAX_ANNOTATED:
        ax.legend(loc="lower right", fontsize=8, title="positive class", title_fontsize=8)
    if not curves:
        ax.text(0.5, 0.5, "not available", ha="center", va="center")
    return _png_data_uri(fig)


def _format(name: str, value: float) -> str:
    if math.isnan(value):
        return "n/a"
    return f"{int(value):,}" if name == "n_rows" else f"{value:.4f}"


def evaluation_html(result: EvaluationResult, title: str) -> str:
    """One HTML page with inline CSS and PNGs embedded as base64 data URIs."""
    rows = "".join(
        f"<tr><th>{html.escape(name)}</th><td class='num'>{_format(name, value)}</td></tr>"
        for name, value in result.metrics.items()
    )
    figures = [
        (_confusion_png(result.labels, result.confusion), "rows: true class, columns: predicted"),
        (
            _roc_png(result.roc_curves, result.metrics.get("roc_auc", math.nan)),
            "one-vs-rest per class" if len(result.roc_curves) > 1 else "positive class",
        ),
    ]
    images = "".join(
        f'<figure><img src="{uri}" alt="{html.escape(caption)}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        for uri, caption in figures
    )
    safe_title = html.escape(title)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{safe_title}</title><style>{_CSS}</style></head><body>"
        f"<h1>{safe_title}</h1>"
        f"<table><thead><tr><th>metric</th><th>value</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<div class='figs'>{images}</div></body></html>"
    )
