"""run.py commands for day-2 operations: `promote` and `serve-promotion`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cli.choices import STACK_HELP, StackName, Stage, value
from cli.errors import fail
from core.errors import LoopstackError

if TYPE_CHECKING:  # imported when a command runs: `run.py --help` does not need the models
    from core.config import PromotionRunConfig

DEFAULT_CONFIG = Path("configs/promotion.yaml")


def _load(config: Path, overrides: list[str], stack: str | None) -> PromotionRunConfig:
    from core.config import PromotionRunConfig, load_config

    cfg = load_config(config, overrides)
    if not isinstance(cfg, PromotionRunConfig):
        raise LoopstackError(f"{config}: pipeline: expected 'promotion', got '{cfg.pipeline}'")
    if stack or cfg.run.stack:
        from cli.run_pipeline import switch_stack

        switch_stack(stack or cfg.run.stack or "")
    return cfg


def promote_command(
    version: str = typer.Option("latest", "--version", help="'latest', a number or a name"),
    stage: Stage = typer.Option(Stage("staging"), "--stage"),
    reason: str = typer.Option("", "--reason", help="recorded in the audit trail"),
    force: bool = typer.Option(False, "--force", help="override the gate/champion checks"),
    model: str | None = typer.Option(None, "--model", help="default: model.name in the config"),
    config: Path = typer.Option(DEFAULT_CONFIG, "--config", "-c"),
    stack: StackName | None = typer.Option(None, "--stack", help=STACK_HELP),
) -> None:
    """Move a model version to a stage (refuses a gate-failed or worse version unless --force)."""
    overrides = [f"version={version}", f"stage={value(stage)}", f"force={str(force).lower()}"]
    if model:
        overrides.append(f"model.name={model}")
    try:
        cfg = _load(config, overrides, value(stack))
        cfg.reason = reason
        from cli.promotion import promote

        outcome = promote(cfg, config)
    except LoopstackError as exc:
        fail(str(exc))
    except Exception as exc:
        fail(f"promotion run failed: {type(exc).__name__}: {exc} (step logs above)", code=1)
    else:
        typer.echo(f"{outcome['status']}: {outcome['message']}")
        if outcome["status"] != "promoted":
            raise typer.Exit(1)


def serve_promotion_command(
    name: str = typer.Option("promotion", "--name", help="deployment name"),
    config: Path = typer.Option(DEFAULT_CONFIG, "--config", "-c"),
    stack: StackName | None = typer.Option(None, "--stack", help=STACK_HELP),
) -> None:
    """Deploy the promotion pipeline so the dashboard's Deployments -> Playground can run it."""
    try:
        cfg = _load(config, [], value(stack))
        from cli.promotion import serve_promotion
        from serving.deploy import ensure_deployer

        for line in ensure_deployer():
            typer.echo(line)
        deployment = serve_promotion(cfg, name)
    except LoopstackError as exc:
        fail(str(exc))
    else:
        typer.echo(f"deployment '{deployment.name}' {deployment.status}: {deployment.url}")
