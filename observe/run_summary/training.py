"""Training run: candidates and scores, the chosen one, gate, promotion, excluded columns and
quarantined rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from observe.run_summary.record import RunRecord, aligned, quarantine_line

if TYPE_CHECKING:
    from core.modeling.gate import GateResult
    from core.modeling.selection import Selection


def training_lines(run: RunRecord) -> list[str]:
    """The training summary lines of a finished training run."""
    rows: list[tuple[str, str]] = []
    selection: Selection | None = run.output("select_best", "selection")
    metric = selection.metric if selection else "score"
    board = selection.leaderboard if selection else {}
    if board:
        ranked = sorted(board.items(), key=lambda kv: -float(kv[1]))
        scores = ", ".join(f"{name} {float(score):.3f}" for name, score in ranked)
        rows.append((f"candidates ({metric})", scores))
        rows.append(("chosen", str(selection.selected if selection else None)))
    gate: GateResult | None = run.output("quality_gate", "gate_result")
    if gate:
        rows.append(("quality gate", gate.summary or ("passed" if gate.passed else "failed")))
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
