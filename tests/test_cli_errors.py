"""Bad input gets one clear line naming the file, the key or column, and the fix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parent.parent


def cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "run.py"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )


def train_with(*overrides: str) -> subprocess.CompletedProcess[str]:
    """`run.py --config configs/training.yaml --set O ...` for each override O."""
    sets = [arg for override in overrides for arg in ("--set", override)]
    return cli("--config", "configs/training.yaml", *sets)


def _error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert lines, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    return lines[-1]


def test_unknown_config_key(tmp_path: Path) -> None:
    config = tmp_path / "training.yaml"
    text = (
        (REPO / "configs" / "training.yaml").read_text().replace("seed: 42\n", "seed: 42\nsed: 1\n")
    )
    config.write_text(text)
    result = cli("--config", str(config))
    assert result.returncode == 2
    line = _error_line(result)
    assert str(config) in line and "sed" in line and "unknown key" in line


def test_wrong_type_in_config(tmp_path: Path) -> None:
    result = train_with("split.holdout_share=lots")
    assert result.returncode == 2
    line = _error_line(result)
    assert "configs/training.yaml" in line and "split.holdout_share" in line


def test_every_config_is_checked_before_the_first_one_runs() -> None:
    result = cli("--config", "configs/training.yaml", "--config", "configs/nope.yaml")
    assert result.returncode == 2
    assert "configs/nope.yaml" in _error_line(result)
    assert "training: run" not in result.stdout  # nothing ran


def test_missing_config_file() -> None:
    result = cli("--config", "configs/nope.yaml")
    assert result.returncode == 2
    assert "configs/nope.yaml" in _error_line(result)


@pytest.mark.pipeline
def test_missing_target_column(local_stack: str, tmp_path: Path) -> None:
    data = tmp_path / "no_target.csv"
    pd.DataFrame({"a": range(50), "b": ["x", "y"] * 25}).to_csv(data, index=False)
    result = train_with(
        f"data.source={data}", "data.target=churn", "data.id_column=null", "validation.ranges={}"
    )
    assert result.returncode == 2, result.stderr[-3000:]
    line = _error_line(result)
    assert "churn" in line and str(data) in line and "data.target" in line


@pytest.mark.pipeline
def test_empty_file(local_stack: str, tmp_path: Path) -> None:
    data = tmp_path / "empty.csv"
    data.write_text("")
    result = train_with(f"data.source={data}")
    assert result.returncode == 2, result.stderr[-3000:]
    assert str(data) in _error_line(result)


@pytest.mark.pipeline
def test_wrong_types_quarantine_over_limit(local_stack: str, tmp_path: Path) -> None:
    data = tmp_path / "bad_types.csv"
    frame = pd.DataFrame({"id": range(200), "x": [1.5] * 200, "label": [0, 1] * 100})
    frame["x"] = frame["x"].astype(object)
    frame.loc[:49, "x"] = "not-a-number"
    frame.to_csv(data, index=False)
    result = train_with(
        f"data.source={data}",
        "data.target=label",
        "data.id_column=id",
        "data.numeric=[x]",
        "validation.ranges={}",
    )
    assert result.returncode == 2, result.stderr[-3000:]
    line = _error_line(result)
    assert str(data) in line and "x" in line and "max_quarantine_share" in line


@pytest.mark.pipeline
def test_no_production_model(local_stack: str) -> None:
    result = cli("--config", "configs/batch_inference.yaml", "--set", "model.name=never_trained")
    assert result.returncode == 2
    line = _error_line(result)
    assert "never_trained" in line and "configs/training.yaml" in line
