"""The end-of-run summary lines, the retry choice and the output.uri check, without ZenML runs."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from core.config import RetryConfig
from core.errors import DataError
from core.launch.output_check import require_writable_output
from core.launch.retry import local_io_steps, retry_overrides
from core.modeling.gate import GateResult
from core.modeling.selection import Selection
from core.monitoring.decision import WindowRecord
from core.monitoring.drift_result import ColumnDrift
from observe.run_summary import pipeline_lines


class FakeRun:
    """A finished run as dicts: {(step, artifact): value}, {step: metadata}."""

    def __init__(
        self, outputs: dict[tuple[str, str], Any], metadata: dict[str, dict[str, Any]]
    ) -> None:
        self.outputs, self.meta = outputs, metadata

    def output(self, step: str, name: str) -> Any:
        return self.outputs.get((step, name))

    def uri(self, step: str, name: str) -> str | None:
        return f"/store/{step}/{name}" if (step, name) in self.outputs else None

    def metadata(self, step: str) -> dict[str, Any]:
        return self.meta.get(step, {})

    def steps(self) -> list[str]:
        return sorted({step for step, _ in self.outputs} | set(self.meta))


def test_training_summary_names_scores_choice_gate_promotion_exclusions() -> None:
    run = FakeRun(
        {
            ("select_best", "selection"): Selection(
                selected="forest", metric="roc_auc", leaderboard={"logreg": 0.81, "forest": 0.86}
            ),
            ("quality_gate", "gate_result"): GateResult(
                passed=False, failures=["f1 0.4 < 0.5"], summary="failed: f1 0.4 < 0.5"
            ),
            ("promote_model", "promotion_decision"): {
                "promoted": False,
                "model_version": "3",
                "reason": "quality gate failed",
            },
            ("validate_training_data", "table_schema"): SimpleNamespace(
                excluded={"signup_date": "timestamp", "note": "free text"}
            ),
        },
        {
            "validate_training_data": {
                "rows_quarantined": 7,
                "quarantine_reasons": {"range: age": 5, "missing: plan": 2},
            }
        },
    )
    lines = pipeline_lines("training", run)
    text = "\n".join(lines)
    assert "forest 0.860, logreg 0.810" in text and "roc_auc" in text
    assert "chosen:" in text and "failed: f1 0.4 < 0.5" in text
    assert "version 3 not promoted: quality gate failed" in text
    assert "note (free text); signup_date (timestamp)" in text
    assert "7 rows (range: age 5, missing: plan 2)" in text
    assert "{" not in text
    value_columns = {re.match(r"\s*[^:]+:\s+", line).end() for line in lines}  # type: ignore[union-attr]
    assert len(value_columns) == 1  # the values are aligned


def test_batch_summary_rows_output_model_and_unseen_categories() -> None:
    run = FakeRun(
        {
            ("predict", "predictions"): object(),
            ("export_predictions", "predictions_uri"): "/out/predictions-ab-v2.parquet",
        },
        {
            "ingest_data": {"rows": 1200},
            "predict": {"rows_scored": 1190},
            "validate_batch": {
                "rows_quarantined": 10,
                "quarantine_reasons": {"range: age": 10},
                "unseen_categories": {"plan": 0.125, "region": 0.0},
            },
        },
    )
    text = "\n".join(pipeline_lines("batch_inference", run, "2"))
    for fragment in ("1,200", "1,190", "10 rows (range: age 10)", "plan 12.5%"):
        assert fragment in text
    assert "region" not in text
    assert "/store/predict/predictions" in text and "/out/predictions-ab-v2.parquet" in text
    assert "model version:" in text and text.rstrip().endswith("2")


def test_monitoring_summary_drift_decision_and_retrain_outcome() -> None:
    run = FakeRun(
        {
            ("check_prediction_drift", "prediction_drift"): ColumnDrift(
                drifted=True, score=0.001, method="chisquare", threshold=0.05
            ),
            ("decide_retraining", "monitoring_window"): WindowRecord(
                run_id="r",
                run_name="monitoring_pipeline-x",
                model="m",
                model_version="3",
                created=datetime(2026, 1, 1, tzinfo=UTC),
                drifted=True,
                signals=[],
                action="retrain",
                reason="drift in 2 of last 3 windows",
            ),
            ("launch_retraining", "retrain_outcome"): {
                "action": "retrain",
                "status": "completed",
                "training_run": "training_pipeline-x",
                "model_version": "4",
                "promoted": True,
                "promotion_reason": "better than the champion",
            },
        },
        {
            "check_drift": {
                "drift": {
                    "dataset_drift": True,
                    "drift_share": 0.75,
                    "n_columns": 4,
                    "drifted_column_names": ["age", "plan", "tenure"],
                    "column_scores": {"age": 0.0001, "plan": 0.2, "tenure": 0.01},
                    "column_methods": {"age": "ks", "plan": "psi", "tenure": "ks"},
                }
            }
        },
    )
    text = "\n".join(pipeline_lines("monitoring", run, "3"))
    assert "75% of 4 columns drifted (dataset drift)" in text
    assert "age (ks 0.0001), plan (psi 0.2), tenure (ks 0.01)" in text
    assert "prediction drift: drifted (chisquare 0.001)" in text
    assert "retrain: drift in 2 of last 3 windows" in text
    assert "run training_pipeline-x completed, version 4 promoted" in text
    assert "{" not in text and "'action'" not in text


def test_feature_and_promotion_summaries() -> None:
    feature = FakeRun(
        {
            ("write_feature_table", "feature_table_ref"): {
                "name": "churn_features",
                "version": "5",
                "rows": 2000,
                "columns": ["a", "b"],
            }
        },
        {},
    )
    assert "churn_features version 5" in "\n".join(pipeline_lines("feature", feature))
    promotion = FakeRun(
        {
            ("promote_version", "promotion_result"): {
                "status": "promoted",
                "version": "4",
                "stage": "staging",
            }
        },
        {},
    )
    assert pipeline_lines("promotion", promotion) == ["  promotion: version 4 promoted to staging"]


def test_a_step_that_did_not_run_leaves_its_lines_out() -> None:
    assert pipeline_lines("training", FakeRun({}, {})) == []


@pytest.mark.parametrize(
    ("source", "output", "local"),
    [
        (
            "data/churn.csv",
            "outputs/predictions",
            {"fingerprint_source", "ingest_data", "export_predictions"},
        ),
        ("builtin:churn", None, {"fingerprint_source", "ingest_data", "export_predictions"}),
        ("s3://bucket/churn.csv", "s3://bucket/out", set()),
        ("artifact:churn_features", "file:///tmp/out", {"export_predictions"}),
    ],
)
def test_only_remote_io_is_retried(source: str, output: str | None, local: set[str]) -> None:
    assert local_io_steps(source, output) == local
    retried = set(retry_overrides("batch_inference", RetryConfig(), local_io_steps(source, output)))
    assert retried == {"fingerprint_source", "ingest_data", "export_predictions"} - local


def test_unwritable_output_is_one_clear_line(tmp_path: Path) -> None:
    require_writable_output(str(tmp_path / "new" / "folder"))  # created, like the step would
    assert (tmp_path / "new" / "folder").is_dir()
    require_writable_output("s3://bucket/predictions")  # remote: checked by the step
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    with pytest.raises(DataError) as caught:
        require_writable_output(str(blocker / "out"))
    message = str(caught.value)
    assert message.startswith(f"output.uri {blocker / 'out'}: cannot write there (")
    assert message.endswith("point output.uri at a writable folder or bucket")
    assert "\n" not in message


def test_run_log_keeps_tracebacks_in_the_file_only(tmp_path: Path) -> None:
    import io
    import logging

    from cli.run_log import prune, run_log

    stream = io.StringIO()
    console = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(console)
    try:
        with run_log("training", folder=tmp_path) as log:
            try:
                raise ValueError("bad input")
            except ValueError:
                logging.getLogger("zenml.test").error("Step x failed.", exc_info=True)
    finally:
        root.removeHandler(console)
    assert "Step x failed." in stream.getvalue() and "Traceback" not in stream.getvalue()
    text = log.path.read_text()
    assert "Step x failed." in text and "Traceback" in text and "ValueError: bad input" in text
    assert log.suffix() == f" (full log: {log.path})"
    for index in range(5):
        (tmp_path / f"2026010{index}T000000Z-x.log").write_text("x")
    prune(tmp_path, keep=2)
    assert len(list(tmp_path.glob("*.log"))) == 2 and log.path.exists()
