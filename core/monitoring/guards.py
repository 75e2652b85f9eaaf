"""Guard rails around automatic retraining: cool-down (windows, hours) and a daily maximum."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel

from core.config import GuardConfig


class PastWindow(BaseModel):
    """What the guard rails need from one earlier monitoring window."""

    created: datetime
    retrained: bool  # a retraining run was launched from this window


class GuardResult(BaseModel):
    allowed: bool
    reason: str


def check_guards(history: list[PastWindow], now: datetime, cfg: GuardConfig) -> GuardResult:
    """May a retrain start now? `history` holds earlier windows, oldest first."""
    launched = [i for i, w in enumerate(history) if w.retrained]
    if launched:
        windows_since = len(history) - launched[-1]  # 1 = the previous window retrained
        if windows_since <= cfg.cooldown_windows:
            return GuardResult(
                allowed=False,
                reason=f"cool-down: last retrain {windows_since} window(s) ago "
                f"(cool-down {cfg.cooldown_windows} windows)",
            )
        last = history[launched[-1]].created
        if cfg.cooldown_hours and now - last < timedelta(hours=cfg.cooldown_hours):
            hours = (now - last).total_seconds() / 3600
            return GuardResult(
                allowed=False,
                reason=f"cool-down: last retrain {hours:.1f} h ago "
                f"(cool-down {cfg.cooldown_hours:g} h)",
            )
    today = sum(1 for w in history if w.retrained and now - w.created < timedelta(days=1))
    if today >= cfg.max_retrains_per_day:
        return GuardResult(
            allowed=False,
            reason=f"daily limit: {today} retrain(s) in the last 24 h "
            f"(max_retrains_per_day {cfg.max_retrains_per_day})",
        )
    return GuardResult(allowed=True, reason="guard rails pass")
