"""Runs that score a batch with a pinned model: batch inference and monitoring."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.metadata_keys import DRIFT, ROWS_SCORED
from core.monitoring.outcome import RetrainOutcome, retrain_text
from observe.run_summary.record import RunRecord, aligned, quarantine_line

if TYPE_CHECKING:
    from core.monitoring.decision import WindowRecord
    from core.monitoring.drift_result import ColumnDrift

MAX_COLUMNS = 5  # drifted / unseen-category columns listed


def _batch_rows(run: RunRecord) -> list[tuple[str, str]]:
    """Rows read and quarantined, and unseen categories (validate step metadata)."""
    rows: list[tuple[str, str]] = []
    read = run.metadata("ingest_data").get("rows")
    if read is not None:
        rows.append(("rows read", f"{int(read):,}"))
    meta = run.metadata("validate_batch")
    if meta:
        rows.append(("quarantined", quarantine_line(meta)))
    unseen: dict[str, Any] = meta.get("unseen_categories") or {}
    shares = sorted(((c, float(s)) for c, s in unseen.items() if float(s) > 0), key=lambda x: -x[1])
    if shares:
        text = ", ".join(f"{col} {share:.1%}" for col, share in shares[:MAX_COLUMNS])
        rows.append(("unseen categories", text))
    return rows


def batch_inference_lines(run: RunRecord, model_version: str | None = None) -> list[str]:
    """Rows read, scored, quarantined; unseen categories; where predictions went; the model."""
    rows = _batch_rows(run)
    scored = run.metadata("predict").get(ROWS_SCORED)
    if scored is not None:
        rows.insert(1 if rows else 0, ("rows scored", f"{int(scored):,}"))
    summary = run.metadata("check_drift").get("drift_summary")
    if summary:
        rows.append(("data drift", str(summary)))
    artifact = run.uri("predict", "predictions")
    if artifact:
        rows.append(("predictions", artifact))
    copy = run.output("export_predictions", "predictions_uri")
    if copy:
        rows.append(("copy (output.uri)", str(copy)))
    if model_version:
        rows.append(("model version", model_version))
    return aligned(rows)


def drift_rows(drift: dict[str, Any]) -> list[tuple[str, str]]:
    """Data-drift share and the drifted columns with their scores (check_drift metadata)."""
    if not drift:
        return []
    share = float(drift.get("drift_share") or 0.0)
    verdict = "dataset drift" if drift.get("dataset_drift") else "no dataset drift"
    line = f"{share:.0%} of {drift.get('n_columns', '?')} columns drifted ({verdict})"
    rows = [("data drift", line)]
    names = list(drift.get("drifted_column_names") or [])
    scores = drift.get("column_scores") or {}
    methods = drift.get("column_methods") or {}
    if names:
        listed = [
            f"{name} ({methods.get(name, 'score')} {float(scores[name]):.3g})"
            if isinstance(scores.get(name), int | float)
            else name
            for name in names[:MAX_COLUMNS]
        ]
        more = f", +{len(names) - MAX_COLUMNS} more" if len(names) > MAX_COLUMNS else ""
        rows.append(("drifted columns", ", ".join(listed) + more))
    return rows


def monitoring_lines(run: RunRecord, model_version: str | None = None) -> list[str]:
    """Drift figures, prediction drift, the decision and why, and the retrain's outcome."""
    rows = _batch_rows(run)
    rows += drift_rows(run.metadata("check_drift").get(DRIFT) or {})
    predicted: ColumnDrift | None = run.output("check_prediction_drift", "prediction_drift")
    if predicted:
        verdict = "drifted" if predicted.drifted else "not drifted"
        rows.append(("prediction drift", f"{verdict} ({predicted.method} {predicted.score:.3g})"))
    window: WindowRecord | None = run.output("decide_retraining", "monitoring_window")
    if window:
        rows.append(("decision", f"{window.action}: {window.reason}"))
    outcome: RetrainOutcome | dict[str, Any] | None = run.output(
        "launch_retraining", "retrain_outcome"
    )
    if outcome:
        rows.append(("retraining", retrain_text(outcome)))
    if model_version:
        rows.append(("model version", model_version))
    return aligned(rows)
