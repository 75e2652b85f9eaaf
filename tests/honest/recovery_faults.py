"""The faults test_recovery_cases.py injects (each returns the `run.py` arguments that meet
it) and the state each must leave behind, on the session's ZenML store and MLflow."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from tests.test_cli_errors import REPO, cli

MODEL = "recovery_churn"  # its own model: the faults below must not touch other tests' models
QUICK = ("data.sample.rows=1500", "candidates=[{name: logreg, kind: logistic_regression}]")


def training(*overrides: str) -> list[str]:
    args = ["--config", "configs/training.yaml"]
    for item in (*QUICK, f"model.name={MODEL}", *overrides):
        args += ["--set", item]
    return args


def client() -> Any:
    from zenml.client import Client

    return Client()


def versions() -> list[Any]:
    try:
        return list(client().list_model_versions(MODEL, size=100, hydrate=True).items)
    except KeyError:
        return []


def empty_versions() -> list[str]:
    return [str(v.name) for v in versions() if not v.model_artifact_ids and not v.stage]


def production() -> str | None:
    staged = [str(v.name) for v in versions() if str(v.stage) == "production"]
    return staged[0] if staged else None


@dataclass
class Case:
    id: str
    fault: Callable[[Path], list[str]]  # injects the fault, returns run.py's arguments
    exit_code: int
    messages: tuple[str, ...]
    state: Callable[[], None]


MEMO: dict[str, Any] = {}


def bad_data(tmp: Path) -> list[str]:
    data = tmp / "no_target.csv"
    pd.DataFrame({"a": range(50), "b": ["x", "y"] * 25}).to_csv(data, index=False)
    MEMO["versions_before_failure"] = len(versions())
    return training(f"data.source={data}", "data.id_column=null", "validation.ranges={}")


def no_empty_version() -> None:
    assert empty_versions() == [], empty_versions()
    assert len(versions()) == MEMO["versions_before_failure"]


def kill_a_run(tmp: Path) -> list[str]:
    """Start a training run, SIGKILL it once ZenML records it running; the next run cleans up."""
    known = {run.id for run in client().list_pipeline_runs(size=100).items}
    cmd = [sys.executable, str(REPO / "run.py"), *training()]
    process = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    run = None
    while time.time() < deadline and run is None:
        time.sleep(0.5)
        fresh = [r for r in client().list_pipeline_runs(size=100).items if r.id not in known]
        run = next(
            (r for r in fresh if str(r.status) in ("running", "ExecutionStatus.RUNNING")), None
        )
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert run is not None, "the run was never recorded as running"
    MEMO["killed_run"] = run.id
    return training()


def killed_run_failed() -> None:
    run = client().get_pipeline_run(MEMO["killed_run"])
    assert run.status.value == "failed"
    assert empty_versions() == [], empty_versions()
    assert production() is not None
    MEMO["production"] = production()


def delete_artifact_store(tmp: Path) -> list[str]:
    shutil.rmtree(client().active_stack.artifact_store.path)
    return training()


def production_kept() -> None:
    assert production() == MEMO["production"]


def score_with_lost_files(tmp: Path) -> list[str]:
    return ["--config", "configs/batch_inference.yaml", "--set", f"model.name={MODEL}"]


def replace_with_always(tmp: Path) -> list[str]:
    return training("promotion.policy=always")


def production_replaced() -> None:
    assert production() not in (None, MEMO["production"])


def mlflow_uri() -> str:
    return str(client().active_stack.experiment_tracker.get_tracking_uri())


def delete_mlflow_store(tmp: Path) -> list[str]:
    Path(mlflow_uri().split("sqlite:///", 1)[1]).unlink()
    return training("promotion.policy=never")


def alias_holder(alias: str) -> str:
    """The ZenML version MLflow's `alias` points at, read by a fresh process (this one may
    still hold a connection to the deleted database file)."""
    code = (
        "import sys; from mlflow.tracking import MlflowClient; "
        "v = MlflowClient(tracking_uri=sys.argv[1]).get_model_version_by_alias(sys.argv[2], "
        "sys.argv[3]); print(v.tags['zenml_model_version'])"
    )
    found = subprocess.run(
        [sys.executable, "-c", code, mlflow_uri(), MODEL, alias],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert found.returncode == 0, found.stderr[-2000:]
    return found.stdout.strip()


def champion_alias_restored() -> None:
    assert alias_holder("champion") == production()


def delete_mlflow_store_then_promote(tmp: Path) -> list[str]:
    Path(mlflow_uri().split("sqlite:///", 1)[1]).unlink()
    return ["promote", "--model", MODEL, "--version", "latest", "--stage", "staging", "--force"]


def staging_alias_restored() -> None:
    staged = [str(v.name) for v in versions() if str(v.stage) == "staging"]
    assert [alias_holder("staging")] == staged


WEAK = "data.drop=[tenure_months,contract,monthly_charges,total_charges,support_calls]"
LOW_GATE = ("gate.min_accuracy=0.5", "gate.min_roc_auc=0.5")


def race(tmp: Path) -> list[str]:
    """A weak production model, then two training runs at once that both beat it."""
    weak = cli(*training(WEAK, *LOW_GATE, "promotion.policy=always"))
    assert weak.returncode == 0, weak.stderr[-3000:]
    MEMO["known"] = {str(v.name) for v in versions()}
    args = [*training("data.sample.seed=7"), "--no-cache"]
    cmd = [sys.executable, str(REPO / "run.py"), *args]
    MEMO["first"] = subprocess.Popen(
        cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    return args


def one_promotion() -> None:
    first = MEMO["first"]
    output, _ = first.communicate(timeout=600)
    assert first.returncode == 0, output[-3000:]
    new = [v for v in versions() if str(v.name) not in MEMO["known"]]
    outcomes = {str(v.name): dict(v.run_metadata)["promotion"] for v in new}
    promoted = [name for name, outcome in outcomes.items() if outcome["promoted"]]
    assert len(new) == 2 and len(promoted) == 1, outcomes
    assert production() == promoted[0]
    other = next(outcome for name, outcome in outcomes.items() if name != promoted[0])
    assert other["champion_version"] == promoted[0], outcomes
