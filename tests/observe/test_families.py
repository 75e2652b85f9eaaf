"""The pure record -> metric-family code on hand-made records: shapes real runs do not log yet."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from prometheus_client import generate_latest
from prometheus_client.core import CollectorRegistry, Metric

from observe.exporter import write_atomic
from observe.families import run_families
from observe.model_families import drift_families, training_families
from observe.records import RunRecord, StepRecord, number, retrain_triggered
from tests.observe.conftest import parse, value

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def run(status: str = "completed", minutes: int = 0, **steps: dict[str, Any]) -> RunRecord:
    start = T0 + timedelta(minutes=minutes)
    return RunRecord(
        pipeline="training_pipeline",
        stack="local",
        model="m",
        status=status,
        created=start,
        start=start,
        end=start + timedelta(seconds=90) if status != "running" else None,
        steps=tuple(StepRecord(name, "completed", 1.0, meta) for name, meta in steps.items()),
    )


def exposition(*families: Metric) -> dict[Any, float]:
    class Fixed:
        def collect(self) -> list[Metric]:
            return list(families)

    registry = CollectorRegistry(auto_describe=False)
    registry.register(Fixed())
    return parse(generate_latest(registry).decode())


def promoted(flag: Any) -> dict[str, Any]:
    return {"promotion": {"promoted": flag}}


def test_losing_streak_counts_only_the_latest_run_of_decisions() -> None:
    runs = [
        run(promote_model=promoted(False)),
        run(promote_model=promoted(True)),
        run(promote_model=promoted(False)),
        run(promote_model=promoted("false")),
        run(promote_model={"promotion": "not a dict"}),  # unreadable: not a decision
        run(promote_model=promoted(False)),
    ]
    samples = exposition(*training_families(runs))
    labels = {"model": "m", "stack": "local"}
    assert value(samples, "loopstack_training_consecutive_not_promoted", **labels) == 3
    assert value(samples, "loopstack_training_promotions_total", **labels, outcome="promoted") == 1
    kept = value(samples, "loopstack_training_promotions_total", **labels, outcome="kept_champion")
    assert kept == 4


def test_retrain_decision_is_read_from_any_documented_shape() -> None:
    assert retrain_triggered(run(decide={"retrain_triggered": True})) is True
    assert retrain_triggered(run(decide={"monitoring_decision": {"retrain": False}})) is False
    assert retrain_triggered(run(decide={"decision": {"triggered": "true"}})) is True
    assert retrain_triggered(run(decide={"decision": {"triggered": 1}})) is None
    assert retrain_triggered(run(check_drift={"drift": {"dataset_drift": True}})) is None


def test_drift_and_retrain_counts() -> None:
    drifted = {"drift": {"dataset_drift": True, "drift_share": 0.75}}
    runs = [
        run(check_drift=drifted, decide={"retrain_triggered": True}),
        run(check_drift={"drift": {"dataset_drift": False, "drift_share": "n/a"}}),
    ]
    samples = exposition(*drift_families(runs))
    labels = {"pipeline": "training_pipeline", "stack": "local", "model": "m"}
    assert value(samples, "loopstack_drift_checks_total", **labels, result="drift") == 1
    assert value(samples, "loopstack_drift_checks_total", **labels, result="no_drift") == 1
    assert value(samples, "loopstack_last_drift_detected", **labels) == 0
    assert value(samples, "loopstack_last_drift_share", **labels) == 0.75  # last readable share
    assert value(samples, "loopstack_retrain_triggered_total", **labels) == 1
    assert value(samples, "loopstack_last_retrain_triggered", **labels) == 1


def test_histogram_is_cumulative_and_running_runs_are_not_counted() -> None:
    runs = [run(minutes=0), run("failed", minutes=5), run("running", minutes=10)]
    now = (T0 + timedelta(minutes=20)).timestamp()
    samples = exposition(*run_families(runs, now))
    labels = {"pipeline": "training_pipeline", "stack": "local"}
    bucket = "loopstack_pipeline_run_duration_seconds_bucket"
    assert value(samples, bucket, **labels, le="60.0") == 0
    assert value(samples, bucket, **labels, le="120.0") == 2
    assert value(samples, bucket, **labels, le="+Inf") == 2
    assert value(samples, "loopstack_pipeline_runs_in_progress", **labels) == 1
    assert value(samples, "loopstack_pipeline_active_run_seconds", **labels) == 600
    assert value(samples, "loopstack_pipeline_runs_total", **labels, status="cached") == 0


def test_numbers_reject_bools_text_and_non_finite_values() -> None:
    assert number(3) == 3.0
    assert [number(v) for v in (True, "3", float("nan"), float("inf"), None)] == [None] * 5


def test_textfile_output_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "textfile" / "loopstack.prom"
    write_atomic(target, "old 1\n")
    write_atomic(target, "loopstack_exporter_runs 2.0\n")
    assert target.read_text() == "loopstack_exporter_runs 2.0\n"
    assert [p.name for p in target.parent.iterdir()] == ["loopstack.prom"]
