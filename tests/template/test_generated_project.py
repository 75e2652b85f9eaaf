"""A generated project is a working project: its own unit tests pass in it.

The full `make test` of a generated project (new venv, pipeline runs) is too slow for this
suite; the unit tests use this repository's interpreter, which has the same lockfile.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any


def test_generated_project_runs_its_own_unit_tests(projects: Any) -> None:
    project = projects({})
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZENML_", "PYTEST_"))}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/unit",
            "-q",
            "-p",
            "no:cacheprovider",
            "-x",
            f"--rootdir={project}",
        ],
        cwd=project,
        env={**env, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    tail = result.stdout[-3000:] + result.stderr[-2000:]
    assert result.returncode == 0, tail
    assert " passed" in result.stdout and " failed" not in result.stdout, tail
