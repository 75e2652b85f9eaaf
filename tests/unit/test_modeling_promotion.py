"""Promotion decision: every policy branch."""

from __future__ import annotations

import math

import pytest

from core.errors import ConfigError
from core.promotion.decide import decide_promotion

CHALLENGER = {"roc_auc": 0.861, "accuracy": 0.8}
CHAMPION = {"roc_auc": 0.842, "accuracy": 0.9}


@pytest.mark.parametrize("policy", ["compare", "always", "never"])
def test_failed_gate_is_never_promoted(policy: str) -> None:
    decision = decide_promotion(policy, False, CHALLENGER, CHAMPION, "roc_auc", 0.0)
    assert not decision.promote
    assert "failed the quality gate" in decision.reason
    assert "current champion stays" in decision.reason


def test_failed_gate_without_champion() -> None:
    decision = decide_promotion("compare", False, CHALLENGER, None, "roc_auc", 0.0)
    assert not decision.promote and "there is no champion" in decision.reason


def test_never_and_always() -> None:
    never = decide_promotion("never", True, CHALLENGER, CHAMPION, "roc_auc", 0.0)
    assert not never.promote and "'never'" in never.reason
    always = decide_promotion("always", True, {"roc_auc": 0.1}, CHAMPION, "roc_auc", 0.0)
    assert always.promote and "'always'" in always.reason


def test_compare_without_champion_promotes() -> None:
    decision = decide_promotion("compare", True, CHALLENGER, None, "roc_auc", 0.0)
    assert decision.promote and decision.reason == "promoted: no current champion"


def test_compare_challenger_wins() -> None:
    decision = decide_promotion("compare", True, CHALLENGER, CHAMPION, "roc_auc", 0.0)
    assert decision.promote
    assert (
        decision.reason == "challenger roc_auc 0.861 beats champion 0.842 by more than margin 0.000"
    )


def test_compare_uses_margin_strictly() -> None:
    decision = decide_promotion("compare", True, CHALLENGER, CHAMPION, "roc_auc", 0.05)
    assert not decision.promote
    assert decision.reason == (
        "challenger roc_auc 0.861 does not beat champion 0.842 by more than margin 0.050; "
        "the current champion stays"
    )
    tie = decide_promotion("compare", True, CHAMPION, CHAMPION, "roc_auc", 0.0)
    assert not tie.promote


def test_compare_uses_the_configured_metric() -> None:
    decision = decide_promotion("compare", True, CHALLENGER, CHAMPION, "accuracy", 0.0)
    assert not decision.promote and "accuracy 0.800" in decision.reason


def test_compare_with_unmeasured_metric_keeps_champion() -> None:
    nan = {"roc_auc": math.nan}
    assert not decide_promotion("compare", True, nan, CHAMPION, "roc_auc", 0.0).promote
    decision = decide_promotion("compare", True, CHALLENGER, {}, "roc_auc", 0.0)
    assert not decision.promote and "champion has no roc_auc" in decision.reason


def test_unknown_policy() -> None:
    with pytest.raises(ConfigError, match=r"promotion\.policy"):
        decide_promotion("sometimes", True, CHALLENGER, None, "roc_auc", 0.0)
