"""A generated project is a working project: its own `make test` passes in it.

Its full `make test` (every pipeline, every server) is too slow for this suite. A project with
alerts off and only the airflow stack runs its own `make test` for real (its own venv from its
pruned pyproject.toml and uv.lock via `uv sync --frozen`, `make` prerequisites included) on a
selection: unit tests, step retries + the on_failure hook's log line, and one real training
run. (A default project is the reference project itself, test_reference.py, so this
repository's own suite is its suite.) All pipeline tests of that project, with this
repository's interpreter, run in the full matrix (LOOPSTACK_TEMPLATE_MATRIX=full, CI's
template-matrix job).
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
    "alerts": False,
    "ci_provider": "gitlab",
    "candidates": ["random_forest", "extra_trees"],
    "promotion_policy": "always",
    "promotion_stage": "staging",
    "license": "MIT",
}
MAKE_TEST_SELECTION = (
    "tests/unit",
    "tests/operate/test_retries.py",
    "tests/pipelines/test_training.py::test_training_registers_evaluates_and_promotes_first_model",
)


def _clean_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ZENML_", "PYTEST_", "VIRTUAL_ENV", "UV_PROJECT"))
    }
    return {**env, "PYTHONDONTWRITEBYTECODE": "1"}


def _check(result: subprocess.CompletedProcess[str]) -> None:
    tail = result.stdout[-3000:] + result.stderr[-2000:]
    assert result.returncode == 0, tail
    assert " passed" in result.stdout and " failed" not in result.stdout, tail


def run_tests(project: Path, *args: str) -> None:
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
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    _check(result)


@pytest.mark.pipeline
def test_project_without_alerts_passes_its_own_make_test(projects: Any) -> None:
    project = projects(NON_DEFAULT)
    selection = " ".join(MAKE_TEST_SELECTION)
    result = subprocess.run(
        ["make", "test", f"PYTHON={sys.executable}"],
        cwd=project,
        env={**_clean_env(), "PYTEST_ADDOPTS": f"-q -x -p no:cacheprovider {selection}"},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    _check(result)
    venv = project / ".venv" / "bin"
    assert (venv / "zenml").is_file(), "make test created the project's own venv"
    assert not (venv / "weed").exists(), "no local-services group without local-services"
    assert not list((project / ".venv").glob("lib/python*/site-packages/kfp")), "no kubeflow group"


@pytest.mark.pipeline
@pytest.mark.skipif(
    os.environ.get("LOOPSTACK_TEMPLATE_MATRIX") != "full",
    reason="runs in the full template matrix (LOOPSTACK_TEMPLATE_MATRIX=full)",
)
def test_non_default_project_runs_its_pipeline_tests(projects: Any) -> None:
    run_tests(projects(NON_DEFAULT), "tests/pipelines")
