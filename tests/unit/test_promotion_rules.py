"""The shared promotion rules: gate, champion comparison with margin, force, and the manual
check's margin."""

from __future__ import annotations

import math

from core.promotion import rules
from core.promotion.check import check_promotion
from core.promotion.versions import VersionInfo


def test_gate_problem_names_the_subject_and_treats_no_result_as_a_failure() -> None:
    assert rules.gate_problem(True) is None
    assert rules.gate_problem(False) == "it failed the quality gate"
    assert rules.gate_problem(None) == "it has no quality gate result"
    assert rules.gate_problem(False, "challenger") == "challenger failed the quality gate"


def test_comparison_beats_strictly_and_falls_short_below_the_margin() -> None:
    tie = rules.compare({"auc": 0.8}, {"auc": 0.8}, "auc")
    assert not tie.beats and not tie.falls_short and tie.missing is None
    better = rules.compare({"auc": 0.83}, {"auc": 0.8}, "auc", margin=0.05)
    assert not better.beats and better.falls_short
    assert rules.compare({"auc": 0.9}, {"auc": 0.8}, "auc", margin=0.05).beats


def test_comparison_names_the_side_without_a_value() -> None:
    assert rules.compare({}, {"auc": 0.8}, "auc").missing == "challenger"
    assert rules.compare({"auc": 0.8}, {"auc": math.nan}, "auc").missing == "champion"
    reason = rules.comparison_reason(rules.compare({"auc": 0.8}, {}, "auc"))
    assert reason == "not promoted: champion has no auc to compare; the current champion stays"


def test_force_overrides_problems_and_says_so() -> None:
    assert rules.forced("v", [], False) == (True, "v: checks passed")
    assert rules.forced("v", ["a", "b"], True) == (True, "v: forced although a; b")
    allowed, message = rules.forced("v", ["a"], False)
    assert not allowed and message == "refused v: a; set force=true to promote anyway"


def test_manual_check_takes_a_margin() -> None:
    champion = VersionInfo(
        name="1", number=1, stage="production", gate_passed=True, holdout={"roc_auc": 0.9}
    )
    close = VersionInfo(name="2", number=2, gate_passed=True, holdout={"roc_auc": 0.92})
    assert check_promotion(close, "production", champion).allowed
    refused = check_promotion(close, "production", champion, margin=0.05)
    assert not refused.allowed
    assert refused.problems == ["its holdout roc_auc 0.920 is not 0.050 above champion 1's 0.900"]
