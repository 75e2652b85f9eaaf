"""A `schedule:` becomes a KFP recurring run: ZenML's Kubeflow orchestrator uploads through kfp's
real client, which talks to a recording KFP API on 127.0.0.1 (the only replaced part)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from orchestration.kfp_spec import load_spec, spec_dag
from orchestration.kubeflow_spec import compile_all

IMAGE = "localhost:5000/loopstack/steps:test"
START, END = "2030-01-01T02:00:00+00:00", "2030-06-30T00:00:00+00:00"


def _compile(tmp: Path, pipeline: str, schedule: str) -> tuple[dict[str, Any], Path, list[str]]:
    lines = compile_all(tmp, [f"schedule={schedule}"], image=IMAGE, pipelines=[pipeline])
    request = json.loads((tmp / f"{pipeline}.recurring-run.json").read_text())
    return request, tmp / f"{pipeline}.yaml", lines


@pytest.fixture(scope="module")
def cron(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path, list[str]]:
    schedule = f"{{cron: '0 2 * * 1-5', start: '{START}', end: '{END}', catchup: true}}"
    return _compile(tmp_path_factory.mktemp("cron"), "training", schedule)


def test_cron_schedule_is_a_recurring_run_with_our_times(
    cron: tuple[dict[str, Any], Path, list[str]],
) -> None:
    request, _, lines = cron
    trigger = request["trigger"]
    assert set(trigger) == {"cron_schedule"}
    # KFP's cron has a seconds field first: 02:00 on weekdays, as the config says
    assert trigger["cron_schedule"] == {
        "cron": "0 0 2 * * 1-5",
        "start_time": START,
        "end_time": END,
    }
    assert request["no_catchup"] is False  # catchup: true
    assert request["mode"] == "ENABLE" and request["experiment_id"]
    assert request["display_name"].startswith("training-pipeline-")  # the orchestrator run name
    assert lines == [line for line in lines if "recurring run: cron '0 0 2 * * 1-5'" in line]


def test_the_recurring_run_carries_a_valid_training_spec(
    cron: tuple[dict[str, Any], Path, list[str]],
) -> None:
    request, path, _ = cron
    spec = load_spec(path.read_text(), str(path))  # the spec inside the request, strictly parsed
    embedded = request["pipeline_spec"]
    assert yaml.safe_load(path.read_text()) == embedded.get("pipeline_spec", embedded)
    dag = spec_dag(spec)
    assert dag["select_best"] == {"train_logreg", "train_forest", "train_hgb"}
    assert dag["record_feature_transform"] == {"fingerprint_source"}
    executors = yaml.safe_load(path.read_text())["deploymentSpec"]["executors"]
    assert {e["container"]["image"] for e in executors.values()} == {IMAGE}


def test_interval_schedule_is_a_periodic_recurring_run(tmp_path: Path) -> None:
    schedule = f"{{interval_minutes: 90, start: '{START}'}}"
    request, path, _ = _compile(tmp_path, "batch_inference", schedule)
    periodic = request["trigger"]["periodic_schedule"]
    assert set(request["trigger"]) == {"periodic_schedule"}
    assert int(periodic["interval_second"]) == 90 * 60 and periodic["start_time"] == START
    assert "end_time" not in periodic and request["no_catchup"] is True
    dag = spec_dag(load_spec(path.read_text(), str(path)))
    assert dag["validate_batch"] == {"ingest_data"}
