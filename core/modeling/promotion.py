"""Champion/challenger promotion decision.

Both metric dicts must come from the same holdout table (the caller re-evaluates the
current champion on the challenger's holdout); otherwise the comparison is meaningless.
"""

from __future__ import annotations

import math

from pydantic import BaseModel

from core.errors import ConfigError

POLICIES = ("compare", "always", "never")


class PromotionDecision(BaseModel):
    """Whether the challenger replaces the champion, and why (one line)."""

    promote: bool
    reason: str


def _value(metrics: dict[str, float], metric: str) -> float:
    return float(metrics.get(metric, math.nan))


def decide_promotion(
    policy: str,
    gate_passed: bool,
    challenger: dict[str, float],
    champion: dict[str, float] | None,
    metric: str,
    margin: float,
) -> PromotionDecision:
    """Apply the policy; a challenger that failed the gate is never promoted.

    `compare` promotes when there is no champion, or when
    `challenger[metric] > champion[metric] + margin` (strictly). A metric that is
    missing or NaN on either side means no promotion: the champion stays.
    """
    if policy not in POLICIES:
        raise ConfigError(f"promotion.policy: {policy!r} is not one of {', '.join(POLICIES)}")
    stays = "the current champion stays" if champion is not None else "there is no champion"
    if not gate_passed:
        return PromotionDecision(
            promote=False, reason=f"not promoted: challenger failed the quality gate; {stays}"
        )
    if policy == "never":
        return PromotionDecision(promote=False, reason=f"not promoted: policy is 'never'; {stays}")
    if policy == "always":
        return PromotionDecision(
            promote=True, reason="promoted: policy is 'always' (no comparison with a champion)"
        )
    if champion is None:
        return PromotionDecision(promote=True, reason="promoted: no current champion")
    new, old = _value(challenger, metric), _value(champion, metric)
    if math.isnan(new) or math.isnan(old):
        side = "challenger" if math.isnan(new) else "champion"
        return PromotionDecision(
            promote=False,
            reason=f"not promoted: {side} has no {metric} to compare; the current champion stays",
        )
    if new > old + margin:
        return PromotionDecision(
            promote=True,
            reason=(
                f"challenger {metric} {new:.3f} beats champion {old:.3f} "
                f"by more than margin {margin:.3f}"
            ),
        )
    return PromotionDecision(
        promote=False,
        reason=(
            f"challenger {metric} {new:.3f} does not beat champion {old:.3f} "
            f"by more than margin {margin:.3f}; the current champion stays"
        ),
    )
