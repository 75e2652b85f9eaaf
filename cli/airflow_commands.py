"""`python run.py airflow up|down|status|trigger|run`."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.errors import fail
from cli.progress import waiting
from core.errors import LoopstackError
from servers.airflow.home import AirflowHome

airflow_app = typer.Typer(help="The local Airflow 3 behind the `airflow` stack.")

PORT = typer.Option(
    None,
    "--port",
    envvar="LOOPSTACK_AIRFLOW_PORT",
    help="api-server port [default: the last one used, else 8080]",
)


def _home(port: int | None = None) -> AirflowHome:

    return AirflowHome.from_env(port=port)


def _echo(lines: list[str]) -> None:
    for line in lines:
        typer.echo(line)


@airflow_app.command("up")
def up(port: int | None = PORT) -> None:
    """Create Airflow's venv if needed, start api-server, scheduler, dag-processor; wait."""
    from servers.airflow import server

    try:
        with waiting("starting Airflow (its venv on first use, database, 3 processes)"):
            lines = server.up(_home(port))
        _echo(lines)
    except LoopstackError as exc:
        fail(str(exc))


@airflow_app.command("down")
def down() -> None:
    """Stop the three Airflow processes (by the PIDs recorded at start)."""
    from servers.airflow import server

    _echo(server.down(_home()))


@airflow_app.command("status")
def status() -> None:
    """Which Airflow processes run and what the api-server's health check says."""
    from servers.airflow import server

    _echo(server.status(_home()))


@airflow_app.command("trigger")
def trigger(
    dag_id: str | None = typer.Argument(None, help="default: the DAG ZenML wrote last"),
    wait: bool = typer.Option(True, "--wait/--no-wait", help="wait until the DAG run ends"),
) -> None:
    """Start a DAG run through Airflow's REST API (no waiting for a folder rescan)."""
    from servers.airflow.trigger import trigger_dag

    try:
        _echo(trigger_dag(_home(), dag_id, wait=wait))
    except LoopstackError as exc:
        fail(str(exc))


@airflow_app.command("run")
def run(
    config: Path = typer.Option(..., "--config", "-c", help="run config YAML"),
    overrides: list[str] = typer.Option([], "--set", help="override: dotted.key=value"),
    no_cache: bool = typer.Option(False, "--no-cache"),
) -> None:
    """Shortcut: switch to the `airflow` stack and run a config there (same as `zenml stack set
    airflow` + `python run.py --config`): Airflow starts the DAG, this waits and reports."""
    from servers.airflow.trigger import run_on_airflow

    try:
        _echo(run_on_airflow(config, overrides, no_cache=no_cache))
    except LoopstackError as exc:
        fail(str(exc))
