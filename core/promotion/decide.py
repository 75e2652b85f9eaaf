"""The automatic promotion decision of a training run (champion/challenger).

Both metric dicts must come from the same holdout table (the caller re-evaluates the
current champion on the challenger's holdout); otherwise the comparison is meaningless.
"""

from __future__ import annotations

from pydantic import BaseModel

from core.promotion import rules


class PromotionDecision(BaseModel):
    """Whether the challenger replaces the champion, and why (one line)."""

    promote: bool
    reason: str


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
    rules.require_policy(policy)
    has_champion = champion is not None
    gate = rules.gate_problem(gate_passed, subject="challenger")
    if gate:
        return PromotionDecision(promote=False, reason=rules.not_promoted(gate, has_champion))
    if policy != "compare":
        reason = rules.policy_reason(policy, has_champion)
        return PromotionDecision(promote=policy == "always", reason=reason)
    if champion is None:
        return PromotionDecision(promote=True, reason="promoted: no current champion")
    comparison = rules.compare(challenger, champion, metric, margin)
    promote = comparison.beats and not comparison.missing
    return PromotionDecision(promote=promote, reason=rules.comparison_reason(comparison))
