"""What a person reads at the end of `run.py`: a summary of the finished run, or one `error:`
line naming the full log, never a traceback on the console. Real runs on the local stack."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.test_cli_errors import cli

pytestmark = pytest.mark.pipeline


@dataclass(frozen=True)
class Case:
    id: str
    config: str
    sets: tuple[str, ...]  # `{tmp}` is the test's tmp_path
    code: int
    stdout: tuple[str, ...] = ()
    stderr: tuple[str, ...] = ()
    needs_model: bool = False
    attempts: dict[str, int] = field(default_factory=dict)  # step -> runs recorded


CASES = [
    Case(
        "training-summary",
        "configs/training.yaml",
        ("data.sample.rows=1500",),
        0,
        stdout=(
            "training: run ",
            "candidates (roc_auc):",
            "chosen:",
            "quality gate:",
            "promotion:",
            "excluded columns:",
            "quarantined:",
        ),
    ),
    Case(
        "batch-inference-summary",
        "configs/batch_inference.yaml",
        ("data.sample.rows=500", "output.uri={tmp}/predictions"),
        0,
        stdout=(
            "batch_inference: run ",
            "rows read:",
            "rows scored:",
            "quarantined:",
            "predictions:",
            "copy (output.uri): {tmp}/predictions/predictions-",
            "model version:",
        ),
        needs_model=True,
    ),
    Case(
        "monitoring-summary",
        "configs/monitoring.yaml",
        ("data.sample.rows=800",),
        0,
        stdout=(
            "monitoring: run ",
            "data drift:",
            "drifted columns:",
            "prediction drift:",
            "decision:",
            "retraining:",
        ),
        needs_model=True,
    ),
    Case(
        "data-error-fails-once",
        "configs/training.yaml",
        ("data.source={tmp}/empty.csv",),
        2,
        stderr=("error: training: ", "empty.csv: the file is empty", "(full log: "),
        attempts={"ingest_data": 1},
    ),
    Case(
        "unwritable-output-uri",
        "configs/batch_inference.yaml",
        ("output.uri=/proc/nope/out",),
        2,
        stderr=(
            "error: output.uri /proc/nope/out: cannot write there (",
            "point output.uri at a writable folder or bucket",
        ),
        needs_model=True,
    ),
]


def _production_model() -> None:
    """Batch inference and monitoring need a production version: train one if there is none."""
    from zenml.client import Client

    try:
        Client().get_model_version("churn_classifier", "production")
    except KeyError:
        done = cli("--config", "configs/training.yaml", "--set", "data.sample.rows=1500")
        assert done.returncode == 0, done.stderr[-3000:]


def _newest_run_id() -> str:
    from zenml.client import Client

    return str(Client().list_pipeline_runs(sort_by="desc:created", size=1).items[0].id)


def _attempts(run_id: str, step: str) -> int:
    from zenml.client import Client

    return Client().list_run_steps(pipeline_run_id=run_id, name=step).total


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_run_output(case: Case, local_stack: str, tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("")
    if case.needs_model:
        _production_model()
    args = ["--config", case.config]
    for value in case.sets:
        args += ["--set", value.format(tmp=tmp_path)]
    done: subprocess.CompletedProcess[str] = cli(*args)
    output = done.stdout + done.stderr
    assert done.returncode == case.code, output[-3000:]
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout, output[-3000:]
    for fragment in case.stdout:
        assert fragment.format(tmp=tmp_path) in done.stdout, done.stdout[-3000:]
    for fragment in case.stderr:
        assert fragment.format(tmp=tmp_path) in done.stderr, done.stderr[-3000:]
    if case.code == 0:
        assert "{'" not in done.stdout  # summaries are words, not dicts
        assert not [line for line in done.stderr.splitlines() if line.startswith("error:")]
        return
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and done.stderr.rstrip().endswith(errors[0]), done.stderr[-3000:]
    logged = re.search(r"\(full log: (.+)\)$", errors[0])
    if case.attempts:  # the run started: its traceback is in the log file, not on the console
        assert logged is not None, errors[0]
        assert "Traceback" in Path(logged.group(1)).read_text()
        run_id = _newest_run_id()
        for step, expected in case.attempts.items():
            assert _attempts(run_id, step) == expected
