"""Debounce, guard rails and the loop decision: plain functions, no ZenML."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from core.config import DebounceConfig, GuardConfig, LoopConfig, parse_config
from core.errors import ConfigError, DataError
from core.monitoring.debounce import debounce
from core.monitoring.decision import WindowRecord, decide
from core.monitoring.guards import PastWindow, check_guards
from core.monitoring.retrain_window import training_window
from core.monitoring.signals import Signal, performance_signal

NOW = datetime(2026, 1, 10, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("flags", "fired"),
    [
        ([True], False),  # 1 of 1 < N=2
        ([True, True], True),
        ([False, True, True], True),
        ([True, False, True], True),  # 2 of 3 incl. latest
        ([True, True, False], False),  # latest clean
        ([True, False, False, True], False),  # the first one fell out of the window
        ([False, False, False], False),
    ],
)
def test_debounce_n_of_last_m_including_latest(flags: list[bool], fired: bool) -> None:
    assert debounce(flags, DebounceConfig(windows=3, min_drifted=2)).fired is fired


def test_debounce_without_latest_requirement_and_reason() -> None:
    cfg = DebounceConfig(windows=3, min_drifted=2, require_latest=False)
    assert debounce([True, True, False], cfg).fired is True
    strict = debounce([True, True, False], DebounceConfig(windows=3, min_drifted=2))
    assert "latest window is clean" in strict.reason
    assert strict.drifted == 2 and strict.looked_at == 3


def test_debounce_config_rejects_n_above_m() -> None:
    raw = {"pipeline": "monitoring", "data": {"source": "builtin:churn"}}
    raw["loop"] = {"debounce": {"windows": 2, "min_drifted": 3}}
    with pytest.raises(ConfigError, match="min_drifted"):
        parse_config(raw, "m.yaml")


def _past(hours_ago: float, retrained: bool) -> PastWindow:
    return PastWindow(created=NOW - timedelta(hours=hours_ago), retrained=retrained)


def test_cooldown_in_windows() -> None:
    cfg = GuardConfig(cooldown_windows=2, max_retrains_per_day=10)
    assert not check_guards([_past(5, True)], NOW, cfg).allowed
    assert not check_guards([_past(5, True), _past(4, False)], NOW, cfg).allowed
    result = check_guards([_past(5, True), _past(4, False), _past(3, False)], NOW, cfg)
    assert result.allowed, result.reason


def test_cooldown_in_hours_and_daily_limit() -> None:
    hours = GuardConfig(cooldown_windows=0, cooldown_hours=6, max_retrains_per_day=10)
    blocked = check_guards([_past(5, True)], NOW, hours)
    assert not blocked.allowed and "5.0 h ago" in blocked.reason
    assert check_guards([_past(7, True)], NOW, hours).allowed
    daily = GuardConfig(cooldown_windows=0, max_retrains_per_day=2)
    two = [_past(20, True), _past(10, True), _past(9, False)]
    assert "daily limit" in check_guards(two, NOW, daily).reason
    old = [_past(30, True), _past(10, True), _past(9, False)]
    assert check_guards(old, NOW, daily).allowed
    assert not check_guards([], NOW, GuardConfig(max_retrains_per_day=0)).allowed


def _signal(fired: bool, name: str = "data_drift") -> Signal:
    return Signal(name=name, fired=fired, value=0.6 if fired else 0.1, threshold=0.5)


def _record(
    drifted: bool, action: str = "none", version: str = "1", ago: float = 1
) -> WindowRecord:
    return WindowRecord(
        run_id="r",
        run_name="r",
        model="m",
        model_version=version,
        created=NOW - timedelta(hours=ago),
        drifted=drifted,
        signals=[_signal(drifted)],
        action=action,  # type: ignore[arg-type]
        reason="",
    )


def test_decision_retrains_after_n_of_m_and_explains_in_one_line() -> None:
    cfg = LoopConfig()
    decision = decide([_signal(True)], [_record(False), _record(True)], cfg, NOW, "1")
    assert decision.action == "retrain" and decision.retrain
    assert "\n" not in decision.reason
    assert decision.reason.startswith("retrain: drift in 2 of last 3 windows")
    assert "data_drift 0.6 vs 0.5 (fired)" in decision.reason
    single = decide([_signal(True)], [_record(False), _record(False)], cfg, NOW, "1")
    assert single.action == "none" and single.reason.startswith("no retrain: drift in 1")


def test_decision_counts_only_the_current_champion_windows() -> None:
    history = [_record(True, version="1"), _record(False, version="2")]
    assert decide([_signal(True)], history, LoopConfig(), NOW, "2").action == "none"


def test_decision_guard_rails_dry_run_and_disabled() -> None:
    history = [_record(True, "retrain"), _record(True)]
    blocked = decide([_signal(True)], history, LoopConfig(), NOW, "1")
    assert blocked.action == "blocked" and "cool-down" in blocked.reason
    dry_cfg = LoopConfig.model_validate({"guard": {"dry_run": True}})
    dry = decide([_signal(True)], [_record(True)], dry_cfg, NOW, "1")
    assert dry.action == "dry_run" and not dry.retrain
    off = decide([_signal(True)], [_record(True)], LoopConfig(enabled=False), NOW, "1")
    assert off.action == "disabled"


def test_only_configured_signals_mark_a_window_drifted() -> None:
    cfg = LoopConfig(signals=["data_drift"], debounce=DebounceConfig(windows=1, min_drifted=1))
    signals = [_signal(False), _signal(True, "prediction_drift")]
    assert decide(signals, [], cfg, NOW, "1").drifted is False
    cfg.signals = ["data_drift", "prediction_drift"]
    assert decide(signals, [], cfg, NOW, "1").action == "retrain"


def test_performance_signal_from_delayed_labels() -> None:
    assert performance_signal(0.70, 0.80, "f1", 0.05).fired is True
    assert performance_signal(0.78, 0.80, "f1", 0.05).fired is False
    skipped = performance_signal(None, 0.8, "f1", 0.05)
    assert skipped.fired is False and "no delayed labels" in skipped.line()


def test_training_window_joins_labelled_rows_and_drops_repeats() -> None:
    ref = pd.DataFrame({"id": ["a", "b"], "x": [1.0, 2.0], "y": [0, 1]})
    batch = pd.DataFrame({"id": ["b", "c", "d"], "x": [5.0, 6.0, 7.0], "y": [0, None, 1]})
    unlabelled = pd.DataFrame({"id": ["e"], "x": [9.0]})
    table = training_window(ref, [batch, unlabelled], "y", "id")
    assert table["id"].tolist() == ["a", "b", "d"]
    assert table.set_index("id").loc["b", "x"] == 5.0  # the newest copy wins
    assert training_window(None, [batch], "y", "id")["id"].tolist() == ["b", "d"]
    for reference in (None, ref):
        with pytest.raises(DataError, match="no recent batch has labels"):
            training_window(reference, [unlabelled], "y", "id")
