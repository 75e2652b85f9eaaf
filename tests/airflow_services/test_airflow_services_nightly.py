"""`airflow-services` against the other stacks: the nightly chain on Airflow, and the same
training (config, data, seed) giving the same holdout metrics on local, local-services and
airflow-services."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.airflow_services.user_flow import (
    MODEL,
    ONE,
    PINNED_TRAINING,
    PREDICTIONS,
    RETRAIN_WITH,
    TRAINING,
    Outcome,
    UserShell,
    assert_on_airflow_and_services,
)
from tests.services.helpers import BUCKET

pytestmark = [pytest.mark.server, pytest.mark.pipeline]

NIGHTLY_MODEL = "airflow_services_nightly"
TABLE = "airflow_services_nightly_features"
SAME = "airflow_services_same"


def _stage(name: str, overrides: list[str]) -> str:
    return f"stages.{name}.overrides=" + json.dumps(overrides)


def test_nightly_and_its_drift_retrain_run_on_airflow(shell: UserShell) -> None:
    """feature -> training -> batch inference -> monitoring, whose drifted window retrains on
    Airflow and advances production; every run on the ZenML server, artifacts in the bucket."""
    model = f"model.name={NIGHTLY_MODEL}"
    retrain = [
        "data.sample.drift=0.8",
        "loop.debounce.windows=1",  # one drifted window is enough here
        "loop.debounce.min_drifted=1",
        RETRAIN_WITH,
    ]
    sets = [
        _stage("feature", ["data.sample.rows=1500", f"features.name={TABLE}"]),
        _stage("training", [*PINNED_TRAINING, f"data.source=artifact:{TABLE}", model, ONE]),
        _stage("batch_inference", [model, "data.sample.rows=500", f"output.uri={PREDICTIONS}"]),
        _stage("monitoring", [model, "data.sample.rows=1500", *retrain]),
    ]
    args = [arg for value in sets for arg in ("--set", value)]
    started = time.monotonic()
    done = shell.command("run.py", "--config", "configs/nightly.yaml", *args)
    print(f"nightly: {time.monotonic() - started:.0f} s")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert done.stdout.strip().endswith("nightly: all 4 stages completed"), done.stdout[-3000:]
    stages = [line.split() for line in done.stdout.splitlines() if line.startswith("nightly: ")]
    runs = {words[1].rstrip(":"): words[3] for words in stages if words[2] == "run"}
    assert list(runs) == ["feature", "training", "batch_inference", "monitoring"]
    for pipeline, name in runs.items():
        outcome = Outcome(pipeline, name, "completed", 0.0, done.stdout)
        record = assert_on_airflow_and_services(shell, outcome)
        if pipeline == "feature":
            assert any(TABLE in uri for uri in record["artifact_uris"]), record
    keys = shell.services.s3_client().list_objects_v2(Bucket=BUCKET, Prefix="predictions/")
    assert keys.get("KeyCount", 0) > 0  # the predictions copy went to S3, not a worker's disk
    first = shell.record("run", runs["training"])["model_version"]
    scored = shell.record("output", runs["batch_inference"], "predict", "predictions")
    assert set(scored["model_version"].values()) == {first}

    window = shell.record("output", runs["monitoring"], "decide_retraining", "monitoring_window")
    assert window["action"] == "retrain", window["reason"]
    outcome = shell.record("output", runs["monitoring"], "launch_retraining", "retrain_outcome")
    assert outcome["status"] == "completed" and outcome["promoted"] is True, outcome
    retrained = shell.record("run", outcome["training_run"])
    assert (retrained["orchestrator"], retrained["status"]) == ("airflow", "completed")
    assert retrained["stack"] == "airflow-services"
    new = shell.record("version", NIGHTLY_MODEL, "production")["name"]
    assert new == outcome["model_version"] != first
    assert shell.record("active") == "airflow-services"  # the retrain left the user's stack


def test_same_training_gives_the_same_holdout_metrics_on_every_stack(
    shell: UserShell, trained: Outcome, tmp_path: Path
) -> None:
    """The airflow-services run is `trained`; the same config runs on local-services and on
    local (a ZenML config of its own, no server). Switches stacks, then sets it back."""
    version = shell.record("run", trained.run)["model_version"]
    metrics = {"airflow-services": shell.record("version", MODEL, version)["run_metadata"]}
    local_env = {**shell.env, "ZENML_CONFIG_PATH": str(tmp_path / "zenml")}
    try:
        for stack, env in (("local-services", None), ("local", local_env)):
            model = f"{SAME}_{stack.replace('-', '_')}"
            done = shell.pipeline(
                "training",
                *TRAINING,
                f"model.name={model}",
                flags=("--stack", stack, "--no-cache"),
                env=env,
            )
            assert done.status == "completed", done.output[-3000:]
            metrics[stack] = shell.record("version", model, "latest", env=env)["run_metadata"]
    finally:
        shell.zenml("stack", "set", "airflow-services")
    holdout = {stack: found["holdout"] for stack, found in metrics.items()}
    assert set(holdout["local"]) >= {"accuracy", "f1", "roc_auc"}
    for stack in ("local-services", "airflow-services"):
        assert holdout[stack] == pytest.approx(holdout["local"], abs=1e-9), holdout
