"""The loop decision for one monitoring window: retrain, or why not, in one line.

Debounce looks at windows of the current champion version only (drift is measured against
its reference data); guard rails look at every window of the model (retrains are per model).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from core.config import LoopConfig
from core.monitoring.debounce import DebounceResult, debounce
from core.monitoring.guards import GuardResult, PastWindow, check_guards
from core.monitoring.signals import Signal

Action = Literal["none", "retrain", "blocked", "dry_run", "disabled"]


class WindowRecord(BaseModel):
    """One monitoring window as kept in run metadata: the debounce and guard-rail history."""

    run_id: str
    run_name: str
    model: str
    model_version: str
    created: datetime
    batch_artifact_id: str | None = None
    drifted: bool
    signals: list[Signal]
    action: Action
    reason: str

    @property
    def retrained(self) -> bool:
        return self.action == "retrain"


class LoopDecision(BaseModel):
    drifted: bool  # this window, from the configured signals
    signals: list[Signal]
    debounce: DebounceResult
    guard: GuardResult | None = None
    action: Action
    reason: str  # one line a person can read

    @property
    def retrain(self) -> bool:
        return self.action == "retrain"


def decide(
    signals: list[Signal],
    history: list[WindowRecord],
    cfg: LoopConfig,
    now: datetime,
    model_version: str,
) -> LoopDecision:
    """Decide for the current window; `history` holds earlier windows of the model, oldest first."""
    active = [s for s in signals if s.name in cfg.signals]
    drifted = any(s.fired for s in active)
    flags = [w.drifted for w in history if w.model_version == model_version]
    bounce = debounce([*flags, drifted], cfg.debounce)
    evidence = "; ".join(s.line() for s in active)
    if not bounce.fired:
        return LoopDecision(
            drifted=drifted,
            signals=signals,
            debounce=bounce,
            action="none",
            reason=f"no retrain: {bounce.reason} [{evidence}]",
        )
    past = [PastWindow(created=w.created, retrained=w.retrained) for w in history]
    guard = check_guards(past, now, cfg.guard)
    if not guard.allowed:
        action: Action = "blocked"
        reason = f"retrain blocked by {guard.reason}; {bounce.reason}"
    elif cfg.guard.dry_run:
        action, reason = "dry_run", f"dry run: would retrain, {bounce.reason}"
    elif not cfg.enabled:
        action, reason = "disabled", f"would retrain but loop.enabled is false: {bounce.reason}"
    else:
        action, reason = "retrain", f"retrain: {bounce.reason}"
    return LoopDecision(
        drifted=drifted,
        signals=signals,
        debounce=bounce,
        guard=guard,
        action=action,
        reason=f"{reason} [{evidence}]",
    )
