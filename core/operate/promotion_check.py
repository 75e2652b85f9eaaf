"""May this version move to that stage? Gate and champion checks, overridable with force."""

from __future__ import annotations

import math

from pydantic import BaseModel

from core.errors import ConfigError
from core.operate.versions import STAGES, VersionInfo


class PromotionCheck(BaseModel):
    """`allowed` is the final answer; `problems` are what force overrode (or would have to)."""

    allowed: bool
    problems: list[str]
    message: str


def check_promotion(
    candidate: VersionInfo,
    stage: str,
    champion: VersionInfo | None,
    metric: str = "roc_auc",
    force: bool = False,
) -> PromotionCheck:
    """Refuse a version that failed the gate or is worse than the champion unless `force`.

    Moving the production champion elsewhere (staging, archived) also needs `force`: batch
    inference would have no production model. The champion is the production version; the
    comparison uses the holdout metrics each version recorded when it was trained.
    """
    if stage not in STAGES:
        raise ConfigError(f"stage: {stage!r} is not one of {', '.join(STAGES)}")
    target = f"version {candidate.name} -> {stage}"
    problems: list[str] = []
    if candidate.stage == stage:
        return PromotionCheck(allowed=True, problems=[], message=f"{target}: already there")
    if candidate.stage == "production":
        problems.append("it is the production champion and no other version would serve")
    if stage != "archived":  # archiving needs no quality checks
        problems.extend(_quality_problems(candidate, champion, metric))
    if not problems:
        return PromotionCheck(allowed=True, problems=[], message=f"{target}: checks passed")
    why = "; ".join(problems)
    if force:
        return PromotionCheck(
            allowed=True, problems=problems, message=f"{target}: forced although {why}"
        )
    return PromotionCheck(
        allowed=False,
        problems=problems,
        message=f"refused {target}: {why}; set force=true to promote anyway",
    )


def _quality_problems(
    candidate: VersionInfo, champion: VersionInfo | None, metric: str
) -> list[str]:
    problems = []
    if candidate.gate_passed is False:
        problems.append("it failed the quality gate")
    elif candidate.gate_passed is None:
        problems.append("it has no quality gate result")
    if champion is not None and champion.name != candidate.name:
        new = float(candidate.holdout.get(metric, math.nan))
        old = float(champion.holdout.get(metric, math.nan))
        if math.isnan(new):
            problems.append(f"it has no holdout {metric}")
        elif not math.isnan(old) and new < old:
            problems.append(
                f"its holdout {metric} {new:.3f} is worse than champion {champion.name}'s {old:.3f}"
            )
    return problems
