"""Plain logic of day-2 operations: version resolution, promotion checks, audit, schedules
and point-in-time features."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest

from core.config import ScheduleConfig, parse_config
from core.errors import ConfigError, ModelNotFoundError
from core.features.point_in_time import past_aggregates
from core.launch.schedule import require_schedulable, schedule_fields
from core.promotion.audit import MAX_ENTRIES, append_entry, audit_entry
from core.promotion.check import check_promotion
from core.promotion.versions import VersionInfo, resolve_version

V1 = VersionInfo(name="1", number=1, stage="production", gate_passed=True, holdout={"roc_auc": 0.9})
V2 = VersionInfo(name="2", number=2, gate_passed=True, holdout={"roc_auc": 0.85})
V3 = VersionInfo(name="3", number=3, gate_passed=False, holdout={"roc_auc": 0.95})
V4 = VersionInfo(name="4", number=4, gate_passed=True, holdout={"roc_auc": 0.93})
ALL = [V1, V2, V3, V4]


def test_latest_is_newest_version_that_passed_the_gate() -> None:
    assert resolve_version("m", "latest", ALL).name == "4"
    assert resolve_version("m", "latest", [V1, V2, V3]).name == "2"
    assert resolve_version("m", "3", ALL).name == "3"
    assert resolve_version("m", "production", ALL).name == "1"


def test_unknown_version_names_the_existing_ones() -> None:
    with pytest.raises(
        ModelNotFoundError, match=r"no version '9'; existing versions: 1 \(production\), 2"
    ):
        resolve_version("m", "9", ALL)
    with pytest.raises(ModelNotFoundError, match="no version that passed the quality gate"):
        resolve_version("m", "latest", [V3])


def test_gate_failed_and_worse_versions_are_refused_unless_forced() -> None:
    refused = check_promotion(V3, "production", V1)
    assert not refused.allowed
    assert refused.message == (
        "refused version 3 -> production: it failed the quality gate; "
        "set force=true to promote anyway"
    )
    worse = check_promotion(V2, "staging", V1)
    assert not worse.allowed and "0.850 is worse than champion 1's 0.900" in worse.message
    forced = check_promotion(V3, "production", V1, force=True)
    assert forced.allowed and forced.problems == ["it failed the quality gate"]
    assert check_promotion(V4, "production", V1).allowed


def test_demoting_the_champion_needs_force_archiving_skips_quality_checks() -> None:
    assert not check_promotion(V1, "staging", V1).allowed
    assert check_promotion(V3, "archived", V1).allowed
    with pytest.raises(ConfigError, match="stage: 'prod' is not one of"):
        check_promotion(V4, "prod", V1)


def test_audit_history_appends_and_is_bounded() -> None:
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    entry = audit_entry(
        user="ana",
        reason="",
        stage="staging",
        previous_stage=None,
        forced=False,
        problems=["x"],
        run="r1",
        now=when,
    )
    assert entry["at"] == "2026-01-02T03:04:05+00:00"
    assert entry["reason"] == "(no reason given)" and entry["overridden"] == []
    history = append_entry(None, entry)
    for _ in range(MAX_ENTRIES + 5):
        history = append_entry(history, entry)
    assert len(history) == MAX_ENTRIES


def test_schedule_config_and_fields() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    fields = schedule_fields(ScheduleConfig(cron="0 2 * * *", start=start), "training-nightly")
    assert fields == {
        "name": "training-nightly",
        "start_time": start,
        "catchup": False,
        "cron_expression": "0 2 * * *",
    }
    every = schedule_fields(ScheduleConfig(interval_minutes=30), "x")
    assert every["interval_second"].total_seconds() == 1800
    # Kubeflow reads cron seconds-first: 02:00 daily must not become minute 2 of every hour
    kfp = schedule_fields(ScheduleConfig(cron="0 2 * * 1-5"), "x", "kubeflow", "c.yaml")
    assert kfp["cron_expression"] == "0 0 2 * * 1-5"
    kfp_every = schedule_fields(ScheduleConfig(interval_minutes=1439), "x", "kubeflow")
    assert kfp_every["interval_second"].total_seconds() == 1439 * 60
    with pytest.raises(ConfigError, match=r"^c.yaml: schedule.interval_minutes: 1440 is a day"):
        schedule_fields(ScheduleConfig(interval_minutes=1440), "x", "kubeflow", "c.yaml")
    assert schedule_fields(ScheduleConfig(interval_minutes=1440), "x", "airflow")["interval_second"]
    with pytest.raises(ConfigError, match="schedule: set exactly one of cron or interval_minutes"):
        parse_config({"pipeline": "promotion", "schedule": {}}, "p.yaml")
    with pytest.raises(ConfigError, match=r"schedule.cron: '0 2' needs 5 fields"):
        parse_config({"pipeline": "promotion", "schedule": {"cron": "0 2"}}, "p.yaml")
    with pytest.raises(ConfigError, match=r"orchestrator 'local_orchestrator' .* system cron"):
        require_schedulable(
            "local_orchestrator", "local", False, "c.yaml", ScheduleConfig(cron="0 2 * * *")
        )


def test_promotion_config_accepts_a_number_as_version() -> None:
    config = parse_config({"pipeline": "promotion", "version": 3, "stage": "production"})
    assert config.version == "3"  # type: ignore[union-attr]
    with pytest.raises(
        ConfigError, match=r"^p.yaml: stage: Input should be 'staging', 'production'"
    ):
        parse_config({"pipeline": "promotion", "stage": "prod"}, "p.yaml")


def test_point_in_time_features_use_only_earlier_rows() -> None:
    events = pd.DataFrame(
        {
            "customer": ["a", "a", "a", "b", "a"],
            "at": ["2024-01-03", "2024-01-01", "2024-01-02", "2024-01-01", "2024-01-02"],
            "spend": [100.0, 1.0, 10.0, 5.0, 20.0],
        }
    )
    out = past_aggregates(events, "customer", "at", ["spend"])
    # row 0 (a, Jan 3) sees Jan 1 and both Jan 2 rows, never itself
    assert out.loc[0, "spend_past_mean"] == pytest.approx((1 + 10 + 20) / 3)
    assert out.loc[0, "spend_past_count"] == 3
    # rows with the same timestamp do not see each other; other entities are never mixed in
    assert out.loc[2, "spend_past_mean"] == out.loc[4, "spend_past_mean"] == 1.0
    assert pd.isna(out.loc[1, "spend_past_mean"]) and pd.isna(out.loc[3, "spend_past_mean"])
    # a later event never changes an earlier row's features
    later = pd.concat(
        [events, pd.DataFrame({"customer": ["a"], "at": ["2024-02-01"], "spend": [1e6]})]
    )
    again = past_aggregates(later.reset_index(drop=True), "customer", "at", ["spend"])
    pd.testing.assert_frame_equal(again.iloc[:5], out)
