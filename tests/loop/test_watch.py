"""`run.py watch` on a folder: each file once, across restarts; bad files rejected with a reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.data.builtin import generate_churn
from tests.pipelines.helpers import run_config

pytestmark = pytest.mark.pipeline

NAME = "watched"
ONE = "candidates=[{name: logreg, kind: logistic_regression}]"


def _batch_runs() -> int:
    from zenml.client import Client

    return int(Client().list_pipeline_runs(pipeline="batch_inference_pipeline", size=1).total)


def _watch(inbox: Path, state: Path) -> str:
    from run import app

    args = ["watch", "--source", str(inbox), "--config", "configs/batch_inference.yaml"]
    args += ["--set", f"model.name={NAME}", "--set", "output.uri=null"]
    args += ["--state", str(state), "--once", "--settle", "0.2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.output


def test_watcher_processes_each_file_once_across_restarts(local_stack: str, tmp_path: Path) -> None:
    run_config("training", f"model.name={NAME}", "data.sample.rows=1500", ONE)
    inbox, state = tmp_path / "inbox", tmp_path / "manifest.json"
    inbox.mkdir()
    generate_churn(300, batch=11).to_csv(inbox / "batch_11.csv", index=False)
    before = _batch_runs()

    out = _watch(inbox, state)
    assert "1 file(s) handled" in out
    assert _batch_runs() == before + 1
    first = json.loads(state.read_text())[str(inbox / "batch_11.csv")]
    assert first["status"] == "done" and first["reason"].startswith("none: no retrain")

    # New arrivals, one of them broken and one still being uploaded; then a restart.
    generate_churn(300, batch=12).to_parquet(inbox / "batch_12.parquet", index=False)
    pd_bad = generate_churn(50, batch=13).drop(columns=["tenure_months", "contract"])
    pd_bad.to_csv(inbox / "batch_13.csv", index=False)
    (inbox / "batch_14.csv.part").write_text("customer_id,tenure")
    out = _watch(inbox, state)
    assert "2 file(s) handled" in out
    assert _batch_runs() == before + 3  # batch_12 and the failed run of batch_13; not batch_11
    manifest = json.loads(state.read_text())
    assert manifest[str(inbox / "batch_11.csv")] == first  # untouched: not processed again
    assert manifest[str(inbox / "batch_12.parquet")]["status"] == "done"
    rejected = manifest[str(inbox / "batch_13.csv")]
    assert rejected["status"] == "rejected"
    assert "tenure_months" in rejected["reason"], rejected["reason"]
    assert set(manifest) == {
        str(inbox / f) for f in ("batch_11.csv", "batch_12.parquet", "batch_13.csv")
    }

    out = _watch(inbox, state)  # nothing new: nothing runs
    assert "0 file(s) handled" in out and _batch_runs() == before + 3
