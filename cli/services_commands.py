"""`python run.py services up|down|status`: the local-services stack's servers."""

from __future__ import annotations

import typer

from cli.errors import fail
from cli.progress import waiting
from core.errors import LoopstackError

app = typer.Typer(help="Start, stop and check the local S3, MLflow and ZenML servers.")


@app.command("up")
def up_command(
    s3_port: int | None = typer.Option(
        None, "--s3-port", envvar="LOOPSTACK_S3_PORT", help="S3 (SeaweedFS) port [default: 8333]"
    ),
    mlflow_port: int | None = typer.Option(
        None, "--mlflow-port", envvar="LOOPSTACK_MLFLOW_PORT", help="MLflow port [default: 5000]"
    ),
    zenml_port: int | None = typer.Option(
        None, "--zenml-port", envvar="LOOPSTACK_ZENML_PORT", help="ZenML port [default: 8237]"
    ),
) -> None:
    """Start S3, MLflow and the ZenML server (connects the client); wait until healthy."""
    from servers.local_services.manager import Settings, up

    try:
        settings = Settings.resolve(s3=s3_port, mlflow=mlflow_port, zenml=zenml_port)
        with waiting("starting S3, MLflow and the ZenML server"):
            endpoints = up(settings)
        for endpoint in endpoints:
            typer.echo(endpoint.line())
    except LoopstackError as exc:
        fail(str(exc))
    typer.echo("next: python run.py stack up local-services")


@app.command("down")
def down_command() -> None:
    """Stop the servers by PID; the ZenML client goes back to the local database."""
    from servers.local_services.manager import Settings, down

    try:
        for line in down(Settings.resolve().state_dir):
            typer.echo(line)
    except LoopstackError as exc:
        fail(str(exc))


@app.command("status")
def status_command() -> None:
    """One line per service: healthy, running or stopped, URL and PID."""
    from servers.local_services.manager import Settings, status

    endpoints = status(Settings.resolve().state_dir)
    for endpoint in endpoints:
        typer.echo(endpoint.line())
    if not all(e.healthy for e in endpoints):
        raise typer.Exit(1)
