"""Audit trail of stage changes, stored as model-version metadata (who, why, when, what)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from core.metadata_keys import STAGE_AUDIT

AUDIT_KEY = STAGE_AUDIT
MAX_ENTRIES = 50


def audit_entry(
    *,
    user: str,
    reason: str,
    stage: str,
    previous_stage: str | None,
    forced: bool,
    problems: list[str],
    run: str | None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """One record: plain JSON types only, so any metadata store and the dashboard show it."""
    return {
        "at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "user": user,
        "reason": reason or "(no reason given)",
        "stage": stage,
        "previous_stage": previous_stage or "none",
        "forced": forced,
        "overridden": problems if forced else [],
        "run": run or "",
    }


def append_entry(history: object, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The existing history (a list or nothing) plus `entry`, newest last, bounded."""
    previous = [e for e in history if isinstance(e, dict)] if isinstance(history, list) else []
    return [*previous, entry][-MAX_ENTRIES:]
