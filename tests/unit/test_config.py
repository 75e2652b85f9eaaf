"""Config validation: every shipped config loads; mistakes are one line naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import (
    BatchInferenceConfig,
    MonitoringConfig,
    NightlyConfig,
    TrainingConfig,
    load_any_config,
    load_config,
    parse_config,
    require_scopes_match,
)
from core.errors import ConfigError

CONFIGS = Path(__file__).resolve().parents[2] / "configs"


@pytest.mark.parametrize("path", sorted(CONFIGS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_config_is_valid(path: Path) -> None:
    config = load_any_config(path)  # a nightly config is checked with its stages
    if isinstance(config, NightlyConfig):
        from cli.nightly import load_stages

        assert [stage.pipeline for _, _, stage in load_stages(config, path)]
    assert config.pipeline == path.stem or path.stem.startswith(config.pipeline)


def test_overrides_are_parsed_as_yaml() -> None:
    config = load_config(
        CONFIGS / "training.yaml",
        ["data.sample.rows=123", "candidates=[{name: a, kind: random_forest}]", "gate.min_f1=0.5"],
    )
    assert isinstance(config, TrainingConfig)
    assert config.data.sample.rows == 123
    assert [c.kind for c in config.candidates] == ["random_forest"]
    assert config.gate.min_f1 == 0.5


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("data.sample.rowz=5", "data.sample.rowz: unknown key"),
        ("split.holdout_share=2", "split.holdout_share:"),
        ("promotion.policy=sometimes", "promotion.policy:"),
        ("candidates=[{name: a, kind: svm}]", "candidates.0.kind:"),
        ("candidates=[]", "candidates:"),
        ("pipeline=serving", "pipeline: must be one of"),
    ],
)
def test_bad_values_name_file_and_key(override: str, expected: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(CONFIGS / "training.yaml", [override])
    message = str(error.value)
    assert message.startswith(str(CONFIGS / "training.yaml"))
    assert expected in message
    assert "\n" not in message


def test_training_needs_a_target_and_unique_candidates() -> None:
    base = {
        "pipeline": "training",
        "data": {"source": "x.csv"},
        "candidates": [{"name": "a", "kind": "random_forest"}],
    }
    with pytest.raises(ConfigError, match=r"data.target"):
        parse_config(base, "t.yaml")
    twice = {**base, "data": {"source": "x.csv", "target": "y"}}
    twice["candidates"] = [{"name": "a", "kind": "random_forest"}] * 2
    with pytest.raises(ConfigError, match="unique"):
        parse_config(twice, "t.yaml")


def test_inference_target_is_optional() -> None:
    config = parse_config(
        {"pipeline": "batch_inference", "data": {"source": "b.parquet"}}, "b.yaml"
    )
    assert isinstance(config, BatchInferenceConfig) and config.data.target is None


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "none.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("pipeline: training\ndata: [unclosed\n")
    with pytest.raises(ConfigError, match=r"broken.yaml: line \d+ invalid YAML"):
        load_config(broken)
    with pytest.raises(ConfigError, match=r"expected dotted\.key=value"):
        load_config(CONFIGS / "training.yaml", ["no-equals-sign"])


def test_nightly_config_errors_are_one_line(tmp_path: Path) -> None:
    path = tmp_path / "n.yaml"
    path.write_text("pipeline: nightly\nstages: {a: {config: x.yaml, overides: []}}\n")
    with pytest.raises(ConfigError, match=r"n\.yaml: stages\.a\.overides: unknown key"):
        load_any_config(path)
    with pytest.raises(ConfigError, match=r"n\.yaml: a nightly config runs other configs"):
        load_config(path)


def test_a_scoped_override_reaches_only_its_pipeline() -> None:
    sets = ["training:model.name=scoped", "monitoring:loop.enabled=false", "data.sample.rows=500"]
    training = load_config(CONFIGS / "training.yaml", sets)
    monitoring = load_config(CONFIGS / "monitoring.yaml", sets)
    inference = load_config(CONFIGS / "batch_inference.yaml", sets)
    assert training.model.name == "scoped" and monitoring.model.name != "scoped"
    assert isinstance(monitoring, MonitoringConfig) and monitoring.loop.enabled is False
    assert inference.model.name != "scoped"
    assert {training.data.sample.rows, monitoring.data.sample.rows} == {500}
    source = load_config(CONFIGS / "batch_inference.yaml", ["data.source=s3://bucket/a:b.csv"])
    assert source.data.source == "s3://bucket/a:b.csv"  # a colon in the value is no scope


def test_a_scope_must_name_a_pipeline_and_reach_a_config() -> None:
    with pytest.raises(ConfigError, match="'trainig' is not a pipeline"):
        load_config(CONFIGS / "training.yaml", ["trainig:model.name=x"])
    with pytest.raises(ConfigError, match="no --config runs the monitoring pipeline"):
        require_scopes_match(["monitoring:loop.enabled=false"], ["training", "batch_inference"])
    require_scopes_match(["monitoring:loop.enabled=false", "seed=1"], ["monitoring"])
