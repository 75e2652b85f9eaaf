"""A generated project is a working project: its own tests pass in it.

A generated project's full `make test` (new venv, every pipeline) is too slow for this suite:
the unit tests of a default project always run, with this repository's interpreter (same
lockfile); the real training + inference pipeline tests of a project with non-default answers
run in the full matrix (LOOPSTACK_TEMPLATE_MATRIX=full, CI's template-matrix job).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

NON_DEFAULT = {
    "project_name": "Churn Watch",
    "model_name": "churn_watch",
    "stacks": ["airflow"],
    "ci_provider": "gitlab",
    "candidates": ["random_forest", "extra_trees"],
    "promotion_policy": "always",
    "promotion_stage": "staging",
    "license": "MIT",
}


def run_tests(project: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZENML_", "PYTEST_"))}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *args,
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            f"--rootdir={project}",
        ],
        cwd=project,
        env={**env, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    tail = result.stdout[-3000:] + result.stderr[-2000:]
    assert result.returncode == 0, tail
    assert " passed" in result.stdout and " failed" not in result.stdout, tail


def test_generated_project_runs_its_own_unit_tests(projects: Any) -> None:
    run_tests(projects({}), "tests/unit")


@pytest.mark.pipeline
@pytest.mark.skipif(
    os.environ.get("LOOPSTACK_TEMPLATE_MATRIX") != "full",
    reason="runs in the full template matrix (LOOPSTACK_TEMPLATE_MATRIX=full)",
)
def test_non_default_project_runs_its_pipeline_tests(projects: Any) -> None:
    run_tests(projects(NON_DEFAULT), "tests/pipelines")
