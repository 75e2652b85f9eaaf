"""Relative local paths in a config are fixed at submit time (steps on Airflow run elsewhere)."""

from __future__ import annotations

from pathlib import Path

from core.config import BatchInferenceConfig, MonitoringConfig, load_config
from orchestration.launch import with_absolute_paths

CONFIGS = Path(__file__).resolve().parents[2] / "configs"


def test_relative_paths_become_absolute_and_others_stay(tmp_path: Path) -> None:
    config = load_config(
        CONFIGS / "batch_inference.yaml",
        ["data.source=data/batch.csv", "output.uri=outputs/predictions"],
    )
    fixed = with_absolute_paths(config, tmp_path)
    assert isinstance(fixed, BatchInferenceConfig)
    assert fixed.data.source == str(tmp_path / "data" / "batch.csv")
    assert fixed.output.uri == str(tmp_path / "outputs" / "predictions")
    assert config.data.source == "data/batch.csv"  # the loaded config is left as it was
    for kept in ("builtin:churn", "artifact:churn_features:2", "s3://bucket/x.csv", "/abs/x.csv"):
        same = load_config(CONFIGS / "batch_inference.yaml", [f"data.source={kept}"])
        assert with_absolute_paths(same, tmp_path).data.source == kept


def test_delayed_label_source_of_monitoring(tmp_path: Path) -> None:
    config = load_config(
        CONFIGS / "monitoring.yaml",
        ["loop.performance.labels={source: labels/batch3.parquet, target: churned}"],
    )
    fixed = with_absolute_paths(config, tmp_path)
    assert isinstance(fixed, MonitoringConfig) and fixed.loop.performance.labels is not None
    assert fixed.loop.performance.labels.source == str(tmp_path / "labels" / "batch3.parquet")
