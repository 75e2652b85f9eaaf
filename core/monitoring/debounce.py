"""Debounce: a window's drift counts only when it holds in N of the last M windows."""

from __future__ import annotations

from pydantic import BaseModel

from core.config import DebounceConfig


class DebounceResult(BaseModel):
    fired: bool
    drifted: int  # drifted windows among the ones looked at
    looked_at: int
    latest: bool
    reason: str


def debounce(flags: list[bool], cfg: DebounceConfig) -> DebounceResult:
    """`flags` are drift flags oldest first, the current window last.

    Fires when at least `cfg.min_drifted` of the last `cfg.windows` flags are set and, if
    `cfg.require_latest`, the last one is. Fewer than M windows so far: counted as they are.
    """
    recent = flags[-cfg.windows :]
    drifted = sum(recent)
    latest = bool(recent and recent[-1])
    enough = drifted >= cfg.min_drifted
    fired = enough and (latest or not cfg.require_latest)
    counted = f"drift in {drifted} of last {len(recent)} windows (needs {cfg.min_drifted}"
    counted += f" of {cfg.windows}{' incl. latest' if cfg.require_latest else ''})"
    if enough and not fired:
        counted += ", latest window is clean"
    return DebounceResult(
        fired=fired, drifted=drifted, looked_at=len(recent), latest=latest, reason=counted
    )
