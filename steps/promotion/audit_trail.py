"""Append one entry to a model version's stage audit (its `stage_audit` metadata); used by
the automatic promotion of a training run and by the manual `promote_version` step."""

from __future__ import annotations

from typing import Any

from core.promotion.audit import AUDIT_KEY, append_entry, audit_entry


def stage_name(stage: object) -> str | None:
    """A ZenML stage as plain text; None for no stage."""
    text = str(stage) if stage else None
    return None if text in (None, "none", "None") else text


def record_stage_change(
    model: str,
    version: str,
    *,
    reason: str,
    stage: str,
    previous_stage: str | None,
    forced: bool = False,
    problems: list[str] | None = None,
) -> dict[str, Any]:
    """Append who (the active ZenML user), why, when and which run to the version's audit;
    return the entry."""
    from zenml import get_step_context, log_metadata
    from zenml.client import Client

    client = Client()
    entry = audit_entry(
        user=client.active_user.name,
        reason=reason,
        stage=stage,
        previous_stage=previous_stage,
        forced=forced,
        problems=problems or [],
        run=get_step_context().pipeline_run.name,
    )
    stored = dict(client.get_model_version(model, version).run_metadata)
    history = append_entry(stored.get(AUDIT_KEY), entry)
    log_metadata(metadata={AUDIT_KEY: history}, model_name=model, model_version=version)
    return entry
