"""The batch-inference report: what was read, scored and quarantined (with the top reasons),
the predicted classes against the model's predictions on its training reference, and drift."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from core.data.validation import REASON_COLUMN
from core.monitoring.drift_result import DriftResult
from core.reports.distribution import distribution_svg
from core.reports.drift_page import headline, ranked
from core.reports.page import document, legend, lines, table, verdict

TOP_REASONS = 5
TOP_DRIFTED = 5


def quarantine_reasons(quarantined: pd.DataFrame) -> list[tuple[str, int]]:
    """(reason, rows) most common first; a row with several reasons counts for each."""
    if quarantined.empty or REASON_COLUMN not in quarantined:
        return []
    counts = Counter(
        reason for text in quarantined[REASON_COLUMN].astype(str) for reason in text.split("; ")
    )
    return counts.most_common()


def class_shares(reference: pd.Series, current: pd.Series) -> list[tuple[str, str, str]]:
    """(class, reference share, current share) for every class either side predicted."""
    ref = reference.astype(str).value_counts(normalize=True)
    cur = current.astype(str).value_counts(normalize=True)
    classes = sorted(set(ref.index) | set(cur.index))
    return [(c, f"{ref.get(c, 0.0):.1%}", f"{cur.get(c, 0.0):.1%}") for c in classes]


def batch_html(
    predicted: pd.Series,
    reference_predicted: pd.Series,
    quarantined: pd.DataFrame,
    drift: DriftResult,
    model: str,
) -> str:
    """The page: counts first, then reasons, class shares, and the drift verdict."""
    scored, held = len(predicted), len(quarantined)
    read = scored + held
    share = held / read if read else 0.0
    summary = f"Scored {scored:,} of {read:,} rows with {model}; {held:,} quarantined ({share:.1%})"
    reasons = quarantine_reasons(quarantined)
    texts = [f"Drift: {headline(drift)}"]
    if reasons:
        top = reasons[0]
        texts.insert(0, f"Most common quarantine reason: {top[0]} ({top[1]:,} rows)")
    drifted = [(n, c) for n, c in ranked(drift) if c.drifted][:TOP_DRIFTED]
    body = verdict(summary, held > 0 or drift.dataset_drift) + lines(texts)
    if reasons:
        body += "<h2>Quarantine reasons</h2>" + table(
            ["reason", "rows"], reasons[:TOP_REASONS], numeric=(1,)
        )
    chart = distribution_svg("predicted class", reference_predicted, predicted, numeric=False)
    body += (
        "<h2>Predicted classes: this batch vs the training reference</h2>"
        + table(
            ["class", "reference", "this batch"],
            class_shares(reference_predicted, predicted),
            numeric=(1, 2),
        )
        + legend()
        + f"<div class='figs'><figure>{chart}</figure></div>"
    )
    if drifted:
        body += "<h2>Most drifted columns</h2>" + table(
            ["column", "test", "score", "threshold"],
            [(n, c.method, f"{c.score:.4g}", f"{c.threshold:.4g}") for n, c in drifted],
            numeric=(2, 3),
        )
    return document("Batch inference", body)
