"""The promotion rules both paths share: policy, quality gate, champion comparison, force.

The automatic decision (`decide.py`) and the manual check (`check.py`) only put these in
order; every reason and problem a person reads is worded here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from core.errors import ConfigError

POLICIES = ("compare", "always", "never")
CHAMPION_STAYS = "the current champion stays"


def require_policy(policy: str) -> None:
    """Raise `ConfigError` unless `policy` is one of `POLICIES`."""
    if policy not in POLICIES:
        raise ConfigError(f"promotion.policy: {policy!r} is not one of {', '.join(POLICIES)}")


def gate_problem(gate_passed: bool | None, subject: str = "it") -> str | None:
    """Why the quality gate forbids promotion (no result counts as a failure), or None."""
    if gate_passed is None:
        return f"{subject} has no quality gate result"
    return None if gate_passed else f"{subject} failed the quality gate"


@dataclass(frozen=True)
class Comparison:
    """One metric of the challenger against the champion's (NaN: not measured)."""

    metric: str
    new: float
    old: float
    margin: float

    @property
    def missing(self) -> str | None:
        """`challenger` or `champion`: the side without a value; None when both have one."""
        if math.isnan(self.new):
            return "challenger"
        return "champion" if math.isnan(self.old) else None

    @property
    def beats(self) -> bool:
        """Strictly better than the champion by more than the margin."""
        return self.new > self.old + self.margin

    @property
    def falls_short(self) -> bool:
        """Below the champion plus the margin (with margin 0: worse; a tie is not)."""
        return self.new < self.old + self.margin


def compare(
    challenger: dict[str, float], champion: dict[str, float], metric: str, margin: float = 0.0
) -> Comparison:
    """Compare `metric` of two metric dicts from the same holdout table (a missing key: NaN)."""
    return Comparison(metric, _value(challenger, metric), _value(champion, metric), margin)


def _value(metrics: dict[str, float], metric: str) -> float:
    return float(metrics.get(metric, math.nan))


# --- reasons of the automatic decision (one line, "promoted..." / "not promoted...") ---


def stays(has_champion: bool) -> str:
    return CHAMPION_STAYS if has_champion else "there is no champion"


def not_promoted(why: str, has_champion: bool = True) -> str:
    return f"not promoted: {why}; {stays(has_champion)}"


def policy_reason(policy: str, has_champion: bool) -> str:
    if policy == "always":
        return "promoted: policy is 'always' (no comparison with a champion)"
    return not_promoted(f"policy is {policy!r}", has_champion)


def incomparable_reason(champion_version: object) -> str:
    """The champion was trained on other columns: it cannot be scored on this holdout."""
    return (
        f"champion version {champion_version} uses other columns, so it cannot be "
        "scored on this holdout; promote by hand (run.py promote) or use policy 'always'"
    )


def comparison_reason(comparison: Comparison) -> str:
    """Why the challenger does or does not replace the champion."""
    c = comparison
    if c.missing:
        return not_promoted(f"{c.missing} has no {c.metric} to compare")
    verb = "beats" if c.beats else "does not beat"
    line = (
        f"challenger {c.metric} {c.new:.3f} {verb} champion {c.old:.3f} "
        f"by more than margin {c.margin:.3f}"
    )
    return line if c.beats else f"{line}; {CHAMPION_STAYS}"


# --- problems and messages of the manual check ---

CHAMPION_LEAVES = "it is the production champion and no other version would serve"


def comparison_problem(comparison: Comparison, champion: str) -> str | None:
    """What speaks against the candidate: no value, or short of the champion (plus margin)."""
    c = comparison
    if c.missing == "challenger":
        return f"it has no holdout {c.metric}"
    if c.missing or not c.falls_short:
        return None
    against = f"champion {champion}'s {c.old:.3f}"
    if c.margin:
        return f"its holdout {c.metric} {c.new:.3f} is not {c.margin:.3f} above {against}"
    return f"its holdout {c.metric} {c.new:.3f} is worse than {against}"


def forced(target: str, problems: list[str], force: bool) -> tuple[bool, str]:
    """Problems refuse the change unless `force`: (allowed, message)."""
    if not problems:
        return True, f"{target}: checks passed"
    why = "; ".join(problems)
    if force:
        return True, f"{target}: forced although {why}"
    return False, f"refused {target}: {why}; set force=true to promote anyway"
