"""The project's version has one source, pyproject.toml, and `run.py --version` shows it."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_run_py_version_is_the_pyproject_version() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    result = subprocess.run(
        [sys.executable, str(REPO / "run.py"), "--version"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == f"{project['name']} {project['version']}"
