"""The manual promotion check (`run.py promote`, the dashboard): may this version move to
that stage? The shared rules, overridable with `force`."""

from __future__ import annotations

from pydantic import BaseModel

from core.errors import ConfigError
from core.promotion import rules
from core.promotion.stages import STAGES
from core.promotion.versions import VersionInfo


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
    margin: float = 0.0,
) -> PromotionCheck:
    """Refuse a version that failed the gate or falls short of the champion unless `force`.

    Falling short: its holdout `metric` is below the champion's plus `margin` (with the default
    0, worse; a tie passes). Moving the production champion elsewhere (staging, archived) also
    needs `force`: batch inference would have no production model. The champion is the
    production version; the comparison uses the holdout metrics each version recorded when it
    was trained. Archiving needs no quality checks.
    """
    if stage not in STAGES:
        raise ConfigError(f"stage: {stage!r} is not one of {', '.join(STAGES)}")
    target = f"version {candidate.name} -> {stage}"
    if candidate.stage == stage:
        return PromotionCheck(allowed=True, problems=[], message=f"{target}: already there")
    problems: list[str] = []
    if candidate.stage == "production":
        problems.append(rules.CHAMPION_LEAVES)
    if stage != "archived":
        problems.extend(_quality_problems(candidate, champion, metric, margin))
    allowed, message = rules.forced(target, problems, force)
    return PromotionCheck(allowed=allowed, problems=problems, message=message)


def _quality_problems(
    candidate: VersionInfo, champion: VersionInfo | None, metric: str, margin: float
) -> list[str]:
    found = [rules.gate_problem(candidate.gate_passed)]
    if champion is not None and champion.name != candidate.name:
        comparison = rules.compare(candidate.holdout, champion.holdout, metric, margin)
        found.append(rules.comparison_problem(comparison, champion.name))
    return [problem for problem in found if problem]
