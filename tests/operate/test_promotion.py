"""The promotion pipeline and `run.py promote` on the embedded stack, with real trained models."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from cli.promotion import promotion_outcome
from pipelines.promotion import promotion_pipeline
from run import app
from tests.operate.seed_models import seed_versions
from tests.pipelines.helpers import run_config, step_output

pytestmark = pytest.mark.pipeline

MODEL = "op_model"
BASE = ("data.sample.rows=1500", f"model.name={MODEL}", "promotion.policy=never")
ONE = "candidates=[{name: logreg, kind: logistic_regression}]"


@pytest.fixture(scope="module")
def trained(local_stack: str) -> dict[str, Any]:
    """Version 1 is trained and passes the gate; training promotes nothing (policy never).
    Version 2 carries the metadata training records for a gate failure."""
    passing = run_config("training", *BASE, ONE)
    (failing,) = seed_versions(MODEL, [{"roc_auc": 0.99, "passed": False}])
    return {
        "summary": step_output(passing, "notify_training", "output"),
        "passing": step_output(passing, "promote_model", "promotion_decision")["model_version"],
        "failing": failing,
        "mlflow_passing": step_output(passing, "register_model", "mlflow_model_version"),
    }


def _promote(**params: Any) -> dict[str, Any]:
    return promotion_outcome(promotion_pipeline(model=MODEL, **params))


def _version(name: str) -> Any:
    from zenml.client import Client

    return Client().get_model_version(MODEL, name)


def _alias_version(alias: str) -> str:
    from mlflow.tracking import MlflowClient
    from zenml.client import Client

    tracker = Client().active_stack.experiment_tracker
    client = MlflowClient(tracking_uri=tracker.get_tracking_uri())  # type: ignore[union-attr]
    return str(client.get_model_version_by_alias(MODEL, alias).version)


def test_training_summarises_its_outcome_and_that_nothing_changed(
    trained: dict[str, Any],
) -> None:
    summary = trained["summary"]
    assert summary.startswith(f"model version {trained['passing']}: ")
    assert "; gate passed" in summary and "roc_auc 0." in summary
    assert summary.endswith("; not promoted: not promoted: policy is 'never'; there is no champion")


def test_defaults_promote_latest_passing_version_to_staging_with_audit(
    trained: dict[str, Any],
) -> None:
    outcome = _promote()  # what a person gets by pressing Run without editing anything
    assert outcome["status"] == "promoted", outcome
    assert outcome["version"] == trained["passing"] and outcome["stage"] == "staging"
    assert str(_version(trained["passing"]).stage) == "staging"
    audit = dict(_version(trained["passing"]).run_metadata)["stage_audit"]
    assert audit[-1]["stage"] == "staging" and audit[-1]["previous_stage"] == "none"
    assert audit[-1]["user"] == "default" and audit[-1]["forced"] is False
    assert audit[-1]["reason"] == "(no reason given)" and audit[-1]["at"]
    assert outcome["mlflow_alias"] == "staging"
    assert _alias_version("staging") == trained["mlflow_passing"]


def test_gate_failed_version_is_refused_unless_forced(trained: dict[str, Any]) -> None:
    failing = trained["failing"]
    refused = _promote(version=failing, stage="production", reason="try")
    assert refused["status"] == "refused"
    assert refused["message"] == (
        f"refused version {failing} -> production: it failed the quality gate; "
        "set force=true to promote anyway"
    )
    assert str(_version(failing).stage) in ("None", "none")

    forced = _promote(version=failing, stage="archived", reason="inspected, not useful")
    assert forced["status"] == "promoted" and str(_version(failing).stage) == "archived"
    entry = dict(_version(failing).run_metadata)["stage_audit"][-1]
    assert entry["reason"] == "inspected, not useful" and entry["stage"] == "archived"


def test_cli_promotes_mirrors_alias_and_names_unknown_versions(trained: dict[str, Any]) -> None:
    runner = CliRunner()
    unknown = runner.invoke(app, ["promote", "--model", MODEL, "--version", "99"])
    assert unknown.exit_code == 2
    assert f"error: model '{MODEL}' has no version '99'; existing versions: " in unknown.output
    assert f"{trained['passing']} (staging)" in unknown.output

    args = ["promote", "--model", MODEL, "--version", trained["passing"], "--stage", "production"]
    done = runner.invoke(app, [*args, "--reason", "release 1"])
    assert done.exit_code == 0, done.output
    assert f"promoted: version {trained['passing']} -> production: checks passed" in done.output
    assert str(_version(trained["passing"]).stage) == "production"
    assert _alias_version("champion") == trained["mlflow_passing"]
    entry = dict(_version(trained["passing"]).run_metadata)["stage_audit"][-1]
    assert entry["previous_stage"] == "staging" and entry["reason"] == "release 1"

    demote = runner.invoke(app, ["promote", "--model", MODEL, "--version", trained["passing"]])
    assert demote.exit_code == 1
    assert "refused" in demote.output and "production champion" in demote.output


def test_worse_than_champion_is_refused_unless_forced(local_stack: str) -> None:
    champion, worse = seed_versions(
        "seeded",
        [{"roc_auc": 0.9, "passed": True, "stage": "production"}, {"roc_auc": 0.8, "passed": True}],
    )
    outcome = promotion_outcome(
        promotion_pipeline(model="seeded", version=worse, stage="production")
    )
    assert outcome["status"] == "refused"
    assert f"holdout roc_auc 0.800 is worse than champion {champion}'s 0.900" in outcome["message"]
    forced = promotion_outcome(
        promotion_pipeline(model="seeded", version=int(worse), stage="production", force=True)
    )
    assert forced["status"] == "promoted" and "forced although" in forced["message"]
    assert forced["audit"]["forced"] is True and forced["audit"]["overridden"]
    from zenml.client import Client

    assert str(Client().get_model_version("seeded", champion).stage) == "archived"
