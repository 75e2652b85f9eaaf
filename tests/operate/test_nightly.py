"""The composite nightly config: feature -> training -> batch inference -> monitoring."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.pipelines.helpers import CONFIGS, PINNED

pytestmark = pytest.mark.pipeline

SMALL: dict[str, tuple[str, ...]] = {
    "feature": ("data.sample.rows=1500",),
    "training": ("data.sample.rows=1500", "candidates=[{name: logreg, kind: logistic_regression}]"),
}


def nightly_file(tmp_path: Path, model: str = "nightly_model", **extra: list[str]) -> Path:
    """configs/nightly.yaml with absolute stage paths, pinned data (see PINNED), small data,
    `extra` overrides per stage appended and `model` as every stage's model."""
    raw = yaml.safe_load((CONFIGS / "nightly.yaml").read_text())
    for name, stage in raw["stages"].items():
        pipeline = yaml.safe_load((CONFIGS / stage["config"]).read_text())["pipeline"]
        stage["config"] = str(CONFIGS / stage["config"])
        stage["overrides"] = [
            *PINNED.get(pipeline, ()),
            *stage.get("overrides", []),
            *SMALL.get(pipeline, ()),
            *extra.get(name, []),
            f"model.name={model}",  # its own champion: the stages chain on this model
        ]
    path = tmp_path / "nightly.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    return path


def invoke(path: Path) -> tuple[int, str]:
    from run import app

    result = CliRunner().invoke(app, ["--config", str(path)])
    return result.exit_code, result.output


def test_failed_training_stops_the_nightly_before_inference(
    local_stack: str, tmp_path: Path
) -> None:
    from zenml.client import Client

    runs_before = Client().list_pipeline_runs(size=1).total
    path = nightly_file(tmp_path, training=[f"data.source={tmp_path / 'missing.csv'}"])
    code, output = invoke(path)
    assert code == 1, output
    lines = output.strip().splitlines()
    stages = [line for line in lines if line.startswith("nightly: ")]
    assert stages[0].startswith("nightly: feature: run ") and stages[0].endswith(" completed")
    # the failed training run's model version held no model: it is not left behind
    assert any(line.startswith("deleted model version nightly_model ") for line in lines)
    assert lines[-1].startswith("error: nightly stage 'training' failed: ")
    assert "missing.csv: data file not found" in lines[-1]
    assert lines[-1].endswith("; skipped: batch_inference, monitoring")
    # only the feature run and the failed training run exist: nothing ran after training
    newest = Client().list_pipeline_runs(sort_by="desc:created", size=2).items
    assert Client().list_pipeline_runs(size=1).total == runs_before + 2
    assert [run.pipeline.name for run in newest] == ["training_pipeline", "feature_pipeline"]
    assert newest[0].status.value == "failed"


def test_nightly_runs_all_four_stages_in_order(local_stack: str, tmp_path: Path) -> None:
    from zenml.client import Client

    code, output = invoke(nightly_file(tmp_path))
    assert code == 0, output
    stages = [
        line.split(":")[1].strip()
        for line in output.splitlines()
        if line.startswith("nightly: ") and " run " in line
    ]
    assert stages == ["feature", "training", "batch_inference", "monitoring"]
    assert "nightly: all 4 stages completed" in output.splitlines(), output[-2000:]
    for summary in ("  feature table:", "    chosen:", "    rows scored:", "    decision:"):
        assert summary in output, output[-3000:]  # each stage's summary, indented
    newest = Client().list_pipeline_runs(sort_by="desc:created", size=4).items
    assert [run.pipeline.name for run in reversed(newest)] == [
        "feature_pipeline",
        "training_pipeline",
        "batch_inference_pipeline",
        "monitoring_pipeline",
    ]
    assert all(run.status.value == "completed" for run in newest)
    # no columns dropped: the model trained on the table's derived columns, and batch inference
    # and monitoring derived them from their raw batches with the table's recorded transform
    derived = {"charges_per_tenure_month", "support_calls_per_product"}
    assert derived <= set(
        newest[2].steps["validate_training_data"].outputs["table_schema"][0].load().numeric
    )
    for run in newest[:2]:
        assert derived <= set(run.steps["validate_batch"].run_metadata["created_columns"])
