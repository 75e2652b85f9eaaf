"""`python run.py kubeflow compile`: compile and validate every pipeline's KFP spec."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.errors import fail
from core.errors import LoopstackError

kubeflow_app = typer.Typer(help="Kubeflow: compile and validate the KFP pipeline specs.")


@kubeflow_app.command("compile")
def compile_specs(
    output: Path = typer.Option(Path("outputs/kubeflow"), "--output", help="spec folder"),
    overrides: list[str] = typer.Option([], "--set", help="override: dotted.key=value"),
    image: str | None = typer.Option(None, "--image", help="step image (LOOPSTACK_STEP_IMAGE)"),
    pipelines: list[str] = typer.Option([], "--pipeline", help="only these (default: all)"),
) -> None:
    """Compile the KFP spec of every pipeline and validate it against kfp's protobuf schema.

    With `--set "schedule={cron: '0 2 * * *'}"` the recurring-run request ZenML sends to KFP is
    captured too (`<name>.recurring-run.json`)."""
    from orchestration.kubeflow_spec import PIPELINES, compile_all

    unknown = sorted(set(pipelines) - set(PIPELINES))
    if unknown:
        fail(f"--pipeline {unknown}: choose from {', '.join(PIPELINES)}")
    try:
        lines = compile_all(output, overrides, image, list(pipelines) or None)
    except LoopstackError as exc:
        fail(str(exc))
    for line in lines:
        typer.echo(line)
