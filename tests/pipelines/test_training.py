"""The real training pipeline on the embedded stack: registration, gate, promotion policy."""

from __future__ import annotations

import pytest

from tests.pipelines.helpers import run_config, run_metadata, step_output

pytestmark = pytest.mark.pipeline

ROWS = "data.sample.rows=3000"
# Only the weakest signals: a model that is clearly worse than one using every feature.
WEAK = "data.drop=[tenure_months,contract,monthly_charges,total_charges,support_calls]"
ONE_CANDIDATE = "candidates=[{name: logreg, kind: logistic_regression}]"
LOW_GATE = ("gate.min_accuracy=0.5", "gate.min_roc_auc=0.5")  # weak models may still compete


def _stage_of(model: str, version: str) -> str:
    from zenml.client import Client

    return str(Client().get_model_version(model, version).stage)


def test_stack_up_creates_the_local_mlflow_store(local_stack: str) -> None:
    """Set-up, not the first run, pays for the sqlite store's schema migrations."""
    import sqlite3

    from stacks.register import stack_up

    done = stack_up(local_stack, activate=True)
    ready = [line for line in done if line.startswith("MLflow tracking store ready: sqlite:///")]
    assert len(ready) == 1, done
    path = ready[0].split("sqlite:///", 1)[1]
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("select name from sqlite_master")}
    assert {"experiments", "runs", "registered_models", "model_versions"} <= tables


def test_training_registers_evaluates_and_promotes_first_model(local_stack: str) -> None:
    import pyarrow.parquet as pq
    from mlflow.tracking import MlflowClient
    from zenml.client import Client
    from zenml.io import fileio

    run = run_config("training", ROWS, "model.name=first_model")
    assert run.status.value == "completed"

    metrics = step_output(run, "evaluate_model", "holdout_metrics")
    assert set(metrics) >= {"accuracy", "f1", "roc_auc"}
    assert 0.6 < metrics["roc_auc"] <= 1.0
    report = step_output(run, "evaluate_model", "evaluation_report")
    assert report.count("<svg ") == 2

    decision = step_output(run, "promote_model", "promotion_decision")
    assert decision["promoted"] is True, decision
    assert "no current champion" in decision["reason"]
    summary = step_output(run, "notify_training", "output")  # the log line, alerts or not
    assert summary.startswith(f"model version {decision['model_version']}: accuracy 0.")
    assert summary.endswith(f"; PROMOTED: {decision['reason']}")
    version = Client().get_model_version("first_model", "production")
    assert version.name == decision["model_version"]
    meta = dict(version.run_metadata)
    assert meta["data_fingerprint"] == step_output(run, "fingerprint_source", "source_fingerprint")
    assert meta["holdout"]["roc_auc"] == pytest.approx(metrics["roc_auc"])
    assert meta["git_commit"]
    assert meta["config"]["model"]["name"] == "first_model"
    # The automatic promotion leaves the same audit entry as a manual one.
    (entry,) = meta["stage_audit"]
    assert entry["stage"] == "production" and entry["previous_stage"] == "none"
    assert entry["reason"] == decision["reason"] and entry["run"] == run.name
    assert entry["forced"] is False and entry["overridden"] == [] and entry["user"]

    # MLflow mirrors the ZenML stage: the alias 'champion' points at the registered version.
    registered = step_output(run, "register_model", "mlflow_model_version")
    client = MlflowClient(tracking_uri=_mlflow_uri())
    assert client.get_model_version_by_alias("first_model", "champion").version == int(registered)
    source = client.get_model_version("first_model", registered).source
    assert source.startswith("models:/m-")

    # DataFrames are stored by our zstd Parquet materializer and load back whole.
    stored = run.steps["validate_training_data"].outputs["clean_data"][0]
    assert stored.materializer.import_path == "integrations.parquet.ZstdParquetMaterializer"
    with fileio.open(f"{stored.uri}/df.parquet", "rb") as handle:
        parquet = pq.ParquetFile(handle)
        assert parquet.metadata.row_group(0).column(0).compression == "ZSTD"
        assert parquet.metadata.num_rows == len(stored.load())

    selection = step_output(run, "select_best", "selection")
    assert set(selection.leaderboard) == {"logreg", "forest", "hgb"}
    assert run_metadata(run, "validate_training_data")["rows_quarantined"] >= 0


def test_worse_challenger_is_not_promoted_and_better_one_is(local_stack: str) -> None:
    name = "model.name=contest"
    first = run_config("training", ROWS, name, ONE_CANDIDATE, WEAK, *LOW_GATE)
    first_version = step_output(first, "promote_model", "promotion_decision")["model_version"]
    assert _stage_of("contest", first_version) == "production"

    worse = run_config(
        "training",
        ROWS,
        name,
        ONE_CANDIDATE,
        *LOW_GATE,
        "data.drop=[tenure_months,contract,monthly_charges,total_charges,support_calls,"
        "internet_service,payment_method,num_products]",
    )
    decision = step_output(worse, "promote_model", "promotion_decision")
    assert decision["promoted"] is False, decision
    assert "champion" in decision["reason"]
    assert _stage_of("contest", first_version) == "production"

    better = run_config("training", ROWS, name)
    decision = step_output(better, "promote_model", "promotion_decision")
    assert decision["promoted"] is True, decision
    assert "beats champion" in decision["reason"]
    assert _stage_of("contest", decision["model_version"]) == "production"
    assert _stage_of("contest", first_version) == "archived"


def test_gate_failure_registers_but_never_promotes(local_stack: str) -> None:
    from zenml.client import Client

    run = run_config("training", ROWS, "model.name=gated", "gate.min_roc_auc=0.999", ONE_CANDIDATE)
    gate = step_output(run, "quality_gate", "gate_result")
    assert gate.passed is False and "roc_auc" in gate.failures[0]
    decision = step_output(run, "promote_model", "promotion_decision")
    assert decision["promoted"] is False
    assert "gate" in decision["reason"]
    versions = Client().list_model_versions("gated")
    assert len(versions) == 1 and str(versions[0].stage) in ("None", "none")


def test_reruns_reproduce_metrics_and_cached_ones_reuse_the_mlflow_version(
    local_stack: str,
) -> None:
    from mlflow.tracking import MlflowClient
    from zenml.client import Client

    args = ("training", ROWS, "model.name=repro", "promotion.policy=never")
    runs = [run_config(*args), run_config(*args), run_config(*args, no_cache=True)]
    metrics = [step_output(run, "evaluate_model", "holdout_metrics") for run in runs]
    assert metrics[0] == metrics[1] == metrics[2]

    # The cached re-run trains nothing new, so it must not log a second copy to MLflow; the
    # uncached one trains a new model artifact, which gets its own MLflow version.
    mlflow_versions = [step_output(run, "register_model", "mlflow_model_version") for run in runs]
    assert mlflow_versions[0] == mlflow_versions[1] != mlflow_versions[2]
    versions = sorted(Client().list_model_versions("repro"), key=lambda v: v.number)
    assert [v.run_metadata["mlflow_version_reused"] for v in versions] == [False, True, False]
    registered = MlflowClient(tracking_uri=_mlflow_uri()).search_model_versions("name='repro'")
    assert sorted(v.version for v in registered) == sorted(int(v) for v in {*mlflow_versions})


def _mlflow_uri() -> str:
    from zenml.client import Client

    tracker = Client().active_stack.experiment_tracker
    assert tracker is not None
    return tracker.get_tracking_uri()  # type: ignore[attr-defined]
