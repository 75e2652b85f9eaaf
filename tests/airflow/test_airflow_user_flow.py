"""The user's commands on the airflow stack, verbatim: `zenml stack set airflow`, then
`python run.py --config ...` and `python run.py promote ...`. Every run starts by itself in
Airflow and `run.py` reports its end; the drift retrain a monitoring task launches runs on
Airflow too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from servers.airflow.home import AirflowHome
from tests.operate.test_nightly import nightly_file
from tests.pipelines.helpers import step_output

pytestmark = [pytest.mark.server, pytest.mark.pipeline]

REPO = Path(__file__).resolve().parents[2]
MODEL = "airflow_nightly"
ONE = "candidates=[{name: logreg, kind: logistic_regression}]"
# One drifted window is enough to retrain; the retrained model cannot pass its gate, so the
# champion stays and the version is left for a manual promotion.
RETRAIN = (
    "data.sample.drift=0.8",
    "loop.debounce.windows=1",
    "loop.debounce.min_drifted=1",
    f'loop.retrain.overrides=["{ONE}", "gate.min_roc_auc=0.999"]',
)


def _command(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        list(args), cwd=REPO, env=dict(os.environ), capture_output=True, text=True, timeout=1800
    )
    assert done.returncode == 0, (args, done.stdout[-3000:], done.stderr[-3000:])
    return done


def _newest_runs(count: int) -> list[Any]:
    from zenml.client import Client

    return list(reversed(Client().list_pipeline_runs(sort_by="desc:created", size=count).items))


def test_nightly_and_promotion_run_on_airflow_with_the_users_commands(
    airflow: AirflowHome, tmp_path: Path
) -> None:
    from zenml.client import Client

    _command(str(Path(sys.executable).parent / "zenml"), "stack", "set", "airflow")
    path = nightly_file(tmp_path, model=MODEL, monitoring=list(RETRAIN))
    done = _command(sys.executable, "run.py", "--config", str(path))
    assert "nightly: all 4 stages completed" in done.stdout.splitlines(), done.stdout

    # feature -> training -> batch inference -> monitoring, and the retrain it launched
    runs = _newest_runs(5)
    assert [run.pipeline.name for run in runs] == [
        "feature_pipeline",
        "training_pipeline",
        "batch_inference_pipeline",
        "monitoring_pipeline",
        "training_pipeline",
    ]
    for run in runs:
        assert run.status.value == "completed", run.name
        assert run.stack.name == "airflow" and run.orchestrator_run_id, run.name
    dag_runs = {run.orchestrator_run_id for run in runs}
    assert len(dag_runs) == 5  # five DAG runs in Airflow, none of them triggered by hand
    assert all(not run_id.startswith("manual__") for run_id in dag_runs), dag_runs

    monitoring, retrain = runs[3], runs[4]
    outcome = step_output(monitoring, "launch_retraining", "retrain_outcome").model_dump()
    assert outcome["status"] == "completed", outcome
    assert outcome["training_run"] == retrain.name
    assert outcome["promoted"] is False and "quality gate" in outcome["promotion_reason"]
    assert "loopstack-retrain" in {tag.name for tag in retrain.tags}
    new = outcome["model_version"]
    lineage = dict(Client().get_model_version(MODEL, new).run_metadata)["trigger"]
    assert lineage["monitoring_run_id"] == str(monitoring.id)
    champion = str(Client().get_model_version(MODEL, "production").name)
    assert champion != new

    promoted = _command(
        sys.executable, "run.py", "promote", "--model", MODEL, "--version", new,
        "--stage", "staging", "--force", "--reason", "manual review on airflow",
    )  # fmt: skip
    assert promoted.stdout.startswith("promoted: "), promoted.stdout
    (promotion,) = _newest_runs(1)
    assert promotion.pipeline.name == "promotion_pipeline" and promotion.stack.name == "airflow"
    assert str(Client().get_model_version(MODEL, "staging").name) == new
