"""Airflow's own virtualenv (Airflow and the project's ZenML must not share dependencies)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from core.errors import LoopstackError
from servers.airflow.home import AIRFLOW_REQUIREMENTS, AIRFLOW_VERSION, AirflowHome


def ensure_venv(home: AirflowHome) -> str:
    """Create `<home>/venv` with uv and the pinned Airflow unless it is already there."""
    marker = home.venv / f".airflow-{AIRFLOW_VERSION}"
    if marker.is_file() and (home.bin / "airflow").is_file():
        return f"airflow venv ready: {home.venv}"
    uv = shutil.which("uv")
    if uv is None:
        raise LoopstackError(
            "uv is not on PATH: install it (`pip install uv`) to create Airflow's venv"
        )
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    _run([uv, "venv", "--quiet", "--allow-existing", "--python", python, str(home.venv)])
    _run(
        [
            uv,
            "pip",
            "install",
            "--quiet",
            "--python",
            str(home.bin / "python"),
            *AIRFLOW_REQUIREMENTS,
        ]
    )
    marker.touch()
    return f"created airflow venv: {home.venv} (apache-airflow=={AIRFLOW_VERSION})"


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise LoopstackError(f"`{' '.join(command[:3])} ...` failed: {last}")
