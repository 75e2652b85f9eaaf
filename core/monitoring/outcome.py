"""The retrain outcome of a monitoring window (`launch_retraining`'s output) and its words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel


class RetrainOutcome(BaseModel):
    """What `launch_retraining` did: skipped (and why), or the training run it launched.

    `status` is `skipped`, `failed`, `submitted` or the training run's final status; the
    promotion fields are set once that run completed.
    """

    status: str
    action: str | None = None
    reason: str | None = None
    error: str | None = None
    data_rows: int | None = None
    data_uri: str | None = None
    training_run: str | None = None
    model_version: str | None = None
    promoted: bool | None = None
    promotion_reason: str | None = None


def retrain_text(outcome: RetrainOutcome | Mapping[str, Any]) -> str:
    """One readable phrase for `launch_retraining`'s outcome (a run stored before the outcome
    was a record holds the same keys in a dict)."""
    if not isinstance(outcome, RetrainOutcome):
        outcome = RetrainOutcome.model_validate(dict(outcome))
    status = outcome.status
    if status == "skipped" and outcome.action not in (None, "retrain"):
        return f"not launched (decision: {outcome.action})"
    if status == "skipped":
        return f"skipped: {outcome.reason or ''}".rstrip(": ")
    if status == "failed":
        return f"failed: {outcome.error or ''}"
    text = f"run {outcome.training_run} {status}"
    if outcome.model_version is not None:
        promoted = "promoted" if outcome.promoted else "not promoted"
        text += f", version {outcome.model_version} {promoted}"
        if outcome.promotion_reason:
            text += f" ({outcome.promotion_reason})"
    return text
