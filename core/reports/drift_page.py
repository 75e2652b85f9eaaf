"""The drift report: verdict, loop decision, per-column table and charts, readable without scripts.

The statistics are Evidently's (`DriftResult`); this page only lays them out. Columns are
ranked by how far their score is past (or short of) its threshold, on a log scale, so p-value
tests (drift below the threshold) and distances (drift at or above it) sort together.
"""

from __future__ import annotations

import math

import pandas as pd

from core.monitoring.drift_result import ColumnDrift, DriftResult
from core.reports.distribution import distribution_svg
from core.reports.page import document, esc, legend, lines, table, verdict

CHARTED = 4  # distribution charts for the most drifted columns
EVIDENTLY_ARTIFACT = "drift_report_evidently"
TINY = 1e-300


def drift_strength(column: ColumnDrift) -> float:
    """How strongly a column drifted: > 0 past its threshold, < 0 short of it (log ratio)."""
    if not (math.isfinite(column.score) and column.threshold > 0):
        return math.inf if column.drifted else -math.inf
    ratio = math.log(max(column.score, TINY) / column.threshold)
    p_value_test = column.drifted == (column.score < column.threshold)
    return -ratio if p_value_test else ratio


def ranked(result: DriftResult) -> list[tuple[str, ColumnDrift]]:
    """Columns, most drifted first (drifted before undrifted, then by strength)."""
    return sorted(
        result.columns.items(),
        key=lambda item: (not item[1].drifted, -drift_strength(item[1]), item[0]),
    )


def headline(result: DriftResult) -> str:
    """E.g. 'Dataset drift: 3 of 5 columns drifted (60%), at or above the 50% threshold'."""
    counted = f"{result.drifted_columns} of {result.n_columns} columns drifted"
    share, limit = f"{result.drift_share:.0%}", f"{result.threshold_share:.0%}"
    if result.dataset_drift:
        return f"Dataset drift: {counted} ({share}), at or above the {limit} threshold"
    return f"No dataset drift: {counted} ({share}), below the {limit} threshold"


def prediction_line(prediction: ColumnDrift | None) -> str:
    if prediction is None:
        return "Prediction drift: not checked"
    state = "drifted" if prediction.drifted else "no drift"
    return (
        f"Prediction drift: {state} ({prediction.method} score {prediction.score:.4g}, "
        f"threshold {prediction.threshold:.4g})"
    )


def drift_html(
    result: DriftResult,
    reference: pd.DataFrame,
    current: pd.DataFrame,
    numeric: list[str],
    prediction: ColumnDrift | None = None,
    decision: str | None = None,
) -> str:
    """The whole page; `decision` is the loop's action and reason when monitoring ran one."""
    order = ranked(result)
    rows_line = f"Compared {result.current_rows:,} current rows with {result.reference_rows:,} "
    rows_line += "reference rows" + (" (sampled)" if result.sampled else "")
    texts = [prediction_line(prediction), rows_line]
    if decision:
        texts.insert(0, f"Loop decision: {decision}")
    rows = [
        (
            name,
            "numeric" if name in numeric else "categorical",
            column.method,
            f"{column.score:.4g}",
            f"{column.threshold:.4g}",
            "yes" if column.drifted else "no",
        )
        for name, column in order
    ]
    charted = [name for name, _ in order[:CHARTED] if name in reference and name in current]
    figures = "".join(
        f"<figure>{distribution_svg(name, reference[name], current[name], name in numeric)}"
        "</figure>"
        for name in charted
    )
    body = (
        verdict(headline(result), result.dataset_drift)
        + lines(texts)
        + "<h2>Columns, most drifted first</h2>"
        + table(
            ["column", "type", "test", "score", "threshold", "drifted"],
            rows,
            numeric=(3, 4),
            marked=[column.drifted for _, column in order],
        )
        + (f"<h2>Reference vs current</h2>{legend()}<div class='figs'>{figures}</div>")
        + f"<p class='muted'>Evidently's interactive report: the artifact "
        f"<b>{esc(EVIDENTLY_ARTIFACT)}</b> of this step (open it in a browser).</p>"
    )
    return document("Data drift", body)
