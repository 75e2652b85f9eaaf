"""Run the project's real configs, with overrides, on the active test stack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cli.run_pipeline import run
from core.config import load_config

CONFIGS = Path(__file__).resolve().parents[2] / "configs"


def run_config(name: str, *overrides: str, no_cache: bool = False) -> Any:
    """Load configs/<name>.yaml with `dotted.key=value` overrides and run it; return the run."""
    path = CONFIGS / f"{name}.yaml"
    config = load_config(path, list(overrides))
    return run(config, path, no_cache=no_cache)


def step_output(run_response: Any, step: str, output: str) -> Any:
    """Load one output artifact of a finished run."""
    return run_response.steps[step].outputs[output][0].load()


def run_metadata(run_response: Any, step: str) -> dict[str, Any]:
    return dict(run_response.steps[step].run_metadata)
