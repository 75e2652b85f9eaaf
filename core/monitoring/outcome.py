"""The retrain outcome of a monitoring window as words a person reads."""

from __future__ import annotations

from typing import Any


def retrain_text(outcome: dict[str, Any]) -> str:
    """One readable phrase for `launch_retraining`'s outcome (never a dict)."""
    status = str(outcome.get("status", "?"))
    if status == "skipped" and outcome.get("action") not in (None, "retrain"):
        return f"not launched (decision: {outcome['action']})"
    if status == "skipped":
        return f"skipped: {outcome.get('reason', '')}".rstrip(": ")
    if status == "failed":
        return f"failed: {outcome.get('error', '')}"
    text = f"run {outcome.get('training_run', '?')} {status}"
    if outcome.get("model_version") is not None:
        promoted = "promoted" if outcome.get("promoted") else "not promoted"
        text += f", version {outcome['model_version']} {promoted}"
        if outcome.get("promotion_reason"):
            text += f" ({outcome['promotion_reason']})"
    return text
