"""Training run: candidates and scores, the chosen one, gate, promotion, excluded columns and
quarantined rows."""

from __future__ import annotations

from typing import Any

from cli.summary.record import RunRecord, aligned, quarantine_line


def training_lines(run: RunRecord) -> list[str]:
    """The training summary lines of a finished training run."""
    rows: list[tuple[str, str]] = []
    selection: dict[str, Any] = run.output("select_best", "selection") or {}
    metric = str(selection.get("metric", "score"))
    board = selection.get("leaderboard") or {}
    if board:
        ranked = sorted(board.items(), key=lambda kv: -float(kv[1]))
        scores = ", ".join(f"{name} {float(score):.3f}" for name, score in ranked)
        rows.append((f"candidates ({metric})", scores))
        rows.append(("chosen", str(selection.get("selected"))))
    gate: dict[str, Any] | None = run.output("quality_gate", "gate_result")
    if gate:
        verdict = "passed" if gate.get("passed") else "failed"
        rows.append(("quality gate", str(gate.get("summary") or verdict)))
    decision: dict[str, Any] | None = run.output("promote_model", "promotion_decision")
    if decision:
        version = decision.get("model_version")
        if decision.get("promoted"):
            outcome = f"version {version} promoted to {decision.get('stage')}"
        else:
            outcome = f"version {version} not promoted: {decision.get('reason')}"
        rows.append(("promotion", outcome))
    schema = run.output("validate_training_data", "table_schema")
    excluded: dict[str, str] = dict(getattr(schema, "excluded", None) or {})
    if schema is not None:
        text = "; ".join(f"{col} ({why})" for col, why in sorted(excluded.items()))
        rows.append(("excluded columns", text or "none"))
    meta = run.metadata("validate_training_data")
    if meta:
        rows.append(("quarantined", quarantine_line(meta)))
    return aligned(rows)
