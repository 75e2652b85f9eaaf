"""The command line as a user reads it: help layout, choices, environment variables, progress."""

from __future__ import annotations

import importlib.util
import io
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.choices import StackName
from cli.progress import waiting
from core.promotion.stages import STAGES
from run import app

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_top_level_help_keeps_one_command_per_line() -> None:
    result = runner.invoke(app, ["--help"], terminal_width=100)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any(line.strip() == "python run.py stack list" for line in lines), result.output
    assert any(line.strip().startswith("python run.py kubeflow compile") for line in lines)


def test_stage_is_a_choice() -> None:
    result = runner.invoke(app, ["promote", "--stage", "prod"])
    assert result.exit_code == 2
    assert "'prod' is not one of 'staging', 'production', 'archived'" in result.output
    assert set(STAGES) == {"staging", "production", "archived"}


def test_stack_is_one_of_the_project_stacks() -> None:
    shipped = {path.stem for path in (REPO / "stacks").glob("*.yaml")}
    assert "local" in shipped and {member.value for member in StackName} == shipped
    result = runner.invoke(app, ["--stack", "nope", "--config", "configs/training.yaml"])
    assert result.exit_code == 2
    assert "'nope' is not one of" in result.output and "'local'" in result.output


def _command(args: list[str], variable: str, module: str | None = None) -> Any:
    """A parameter case; a generated project without that stack has no such command."""
    missing = module is not None and importlib.util.find_spec(module) is None
    return pytest.param(
        args, variable, marks=pytest.mark.skipif(missing, reason=f"no {module} in this project")
    )


@pytest.mark.parametrize(
    ("args", "variable"),
    [
        _command(["services", "up", "--help"], "LOOPSTACK_S3_PORT", "cli.services_commands"),
        _command(["airflow", "up", "--help"], "LOOPSTACK_AIRFLOW_PORT", "cli.airflow_commands"),
        _command(["metrics", "serve", "--help"], "LOOPSTACK_METRICS_PORT"),
    ],
)
def test_ports_name_their_environment_variable(args: list[str], variable: str) -> None:
    result = runner.invoke(app, args, terminal_width=200)
    assert result.exit_code == 0
    assert f"env var: {variable}" in result.output


def test_a_port_from_the_environment_is_checked_by_the_option() -> None:
    result = runner.invoke(app, ["metrics", "serve"], env={"LOOPSTACK_METRICS_PORT": "eighty"})
    assert result.exit_code == 2
    assert "(env var: 'LOOPSTACK_METRICS_PORT')" in result.output
    assert "valid integer" in result.output


def test_a_long_wait_prints_progress_lines_and_a_short_one_none() -> None:
    out = io.StringIO()
    with waiting("starting things", lambda: "2/3 ready", first_after=0.1, every=0.1, out=out):
        time.sleep(0.35)
    lines = out.getvalue().splitlines()
    assert len(lines) >= 2, lines
    assert lines[0].startswith("… starting things (") and lines[0].endswith("s): 2/3 ready")
    quiet = io.StringIO()
    with waiting("quick", first_after=5.0, out=quiet):
        pass
    assert quiet.getvalue() == ""


def test_a_failing_detail_never_breaks_the_wait() -> None:
    out = io.StringIO()

    def broken() -> str:
        raise RuntimeError("api down")

    with waiting("waiting for a DAG run", broken, first_after=0.05, every=1.0, out=out):
        time.sleep(0.15)
    assert out.getvalue().startswith("… waiting for a DAG run (")
