"""`run.py serve ...`: the online inference service (deploy, status, logs, stop)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from cli.choices import STACK_HELP, StackName, value
from cli.errors import fail
from core.errors import LoopstackError

DEFAULT_CONFIG = Path("configs/serve.yaml")
serve_app = typer.Typer(
    help="The production model behind an HTTP endpoint (a ZenML deployment); it follows "
    "promotions without a redeploy.",
    no_args_is_help=True,
)


def deploy_config(config: Path, overrides: list[str], stack: str | None = None) -> None:
    """Deploy from a `pipeline: serve` config (on `stack` if given) and print how to call it."""
    from core.config import load_any_config
    from core.serving.config import ServeConfig

    try:
        cfg = load_any_config(config, overrides)
        if not isinstance(cfg, ServeConfig):
            raise LoopstackError(f"{config}: pipeline: expected 'serve', got '{cfg.pipeline}'")
        if stack:
            from cli.run_pipeline import switch_stack

            switch_stack(stack)
        from serving.deploy import deploy, ensure_deployer, status_lines

        ensure_deployer()
        typer.echo(f"serve: deploying {cfg.name} ({cfg.model.name}, {cfg.stage}) ...", err=True)
        deploy(cfg)
        for line in status_lines(cfg.name):
            typer.echo(line)
    except LoopstackError as exc:
        fail(str(exc))
    except Exception as exc:  # ZenML's deploy errors: one line, the log has the rest
        fail(f"serve: deploy failed: {type(exc).__name__}: {exc}", code=1)


@serve_app.command("deploy")
def deploy_command(
    config: Path = typer.Option(DEFAULT_CONFIG, "--config", "-c", help="a `pipeline: serve` file"),
    overrides: list[str] = typer.Option([], "--set", metavar="KEY=VALUE", help="override"),
    stack: StackName | None = typer.Option(None, "--stack", help=STACK_HELP),
) -> None:
    """Deploy or update the service on the active stack's deployer (127.0.0.1)."""
    deploy_config(config, overrides, value(stack))


def _echo(lines: Callable[[], list[str]]) -> None:
    """Print the lines a serving call returns; its error is the one `error:` line."""
    try:
        for line in lines():
            typer.echo(line)
    except LoopstackError as exc:
        fail(str(exc))


@serve_app.command("status")
def status_command(
    name: str = typer.Option("loopstack-serve", "--name"),
    show_key: bool = typer.Option(False, "--show-key", help="print the auth key"),
) -> None:
    """Status, URL, process and auth of the service."""
    from serving.deploy import status_lines

    _echo(lambda: status_lines(name, show_key))


@serve_app.command("logs")
def logs_command(
    name: str = typer.Option("loopstack-serve", "--name"),
    tail: int = typer.Option(100, "--tail", min=1, help="last N lines"),
) -> None:
    """The service's log."""
    from serving.deploy import logs

    _echo(lambda: logs(name, tail))


@serve_app.command("stop")
def stop_command(
    name: str = typer.Option("loopstack-serve", "--name"),
    delete: bool = typer.Option(False, "--delete", help="also delete the deployment record"),
) -> None:
    """Stop the service's process (by the deployer, which tracks its PID)."""
    from serving.deploy import stop

    _echo(lambda: [stop(name, delete)])
