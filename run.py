"""loopstack command line: run a pipeline from a config, or manage stacks.

\b
python run.py --config configs/training.yaml [--no-cache] [--stack NAME] [--set key=value]
python run.py -c configs/training.yaml -c configs/monitoring.yaml   # in order, one process
python run.py stack up local            # register + activate a stack from stacks/
python run.py stack list
python run.py promote --version latest --stage production [--reason TEXT] [--force]
python run.py services up|down|status   # the local-services stack's servers
python run.py airflow up|down|status|trigger|run
python run.py kubeflow compile
python run.py metrics serve|dump        # Prometheus exporter
python run.py watch --source DIR        # score each new file once
python run.py --version
"""

from __future__ import annotations

import importlib
import importlib.util
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cli import promotion_commands
from cli.choices import STACK_HELP, StackName, value
from cli.errors import fail
from cli.metrics_commands import metrics_app
from cli.serve_commands import deploy_config, serve_app
from cli.watch import watch_command
from core.errors import LoopstackError
from servers.zenml_store import require_live_local_server

if TYPE_CHECKING:
    from core.config import NightlyConfig, RunConfig

app = typer.Typer(add_completion=False, help=__doc__, rich_markup_mode=None)
stack_app = typer.Typer(help="Register, update, activate and list the stacks in stacks/.")
app.add_typer(stack_app, name="stack")
app.add_typer(metrics_app, name="metrics")
app.add_typer(serve_app, name="serve")
app.command("promote")(promotion_commands.promote_command)
app.command("serve-promotion")(promotion_commands.serve_promotion_command)
# Commands of optional stacks: a generated project without that stack has no such module.
for _name, (_module, _attr) in {
    "services": ("cli.services_commands", "app"),
    "airflow": ("cli.airflow_commands", "airflow_app"),
    "kubeflow": ("cli.kubeflow_commands", "kubeflow_app"),
}.items():
    if importlib.util.find_spec(_module) is not None:
        app.add_typer(getattr(importlib.import_module(_module), _attr), name=_name)


def project_metadata() -> dict[str, str]:
    """`name` and `version` from pyproject.toml, the version's one source (the project is not
    installed as a package, so there is no distribution metadata to ask)."""
    with (Path(__file__).resolve().parent / "pyproject.toml").open("rb") as f:
        project = tomllib.load(f)["project"]
    return {"name": str(project["name"]), "version": str(project["version"])}


def _print_version(requested: bool) -> None:
    if requested:
        meta = project_metadata()
        typer.echo(f"{meta['name']} {meta['version']}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    configs: list[Path] = typer.Option(
        [],
        "--config",
        "-c",
        metavar="FILE",
        help="run config YAML; repeat it to run several in order in one process (every one is "
        "validated first, the first failure stops the rest)",
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help="re-run every step"),
    stack: StackName | None = typer.Option(None, "--stack", help=STACK_HELP),
    overrides: list[str] = typer.Option(
        [],
        "--set",
        metavar="KEY=VALUE",
        help="override: dotted.key=value applies to every --config, "
        "pipeline:dotted.key=value only to that pipeline's (e.g. training:model.name=churn)",
    ),
    version: bool = typer.Option(
        False,
        "--version",
        callback=_print_version,
        is_eager=True,
        help="print the project's version and exit",
    ),
) -> None:
    """Run the pipeline described by --config (each, in order, when given several)."""
    if ctx.invoked_subcommand:
        return
    if not configs:
        typer.echo(ctx.get_help())
        raise typer.Exit(2)
    from orchestration.heap import collection_deferred

    with collection_deferred():  # start-up builds long-lived state only: see orchestration.heap
        run_configs(configs, overrides, no_cache, value(stack))


def run_configs(
    configs: list[Path], overrides: list[str], no_cache: bool, stack: str | None
) -> None:
    """Validate every config, then run each in order (a service config deploys its service)."""
    from core.config import NightlyConfig, load_any_config, require_scopes_match

    try:
        loaded = [(path, load_any_config(path, overrides)) for path in configs]
        require_scopes_match(overrides, [cfg.pipeline for _, cfg in loaded])
        require_live_local_server()
    except LoopstackError as exc:
        fail(str(exc))
    from orchestration.import_order import import_scipy_special_first

    import_scipy_special_first()  # before ZenML: see orchestration/import_order.py
    for path, any_cfg in loaded:
        if any_cfg.pipeline == "serve":
            deploy_config(path, overrides, stack)
        elif isinstance(any_cfg, NightlyConfig):
            run_nightly_command(any_cfg, path, no_cache, stack or any_cfg.stack)
        else:
            run_one(any_cfg, path, no_cache, stack)


def run_one(cfg: RunConfig, config: Path, no_cache: bool, stack: str | None) -> None:
    """Run one pipeline; its full log goes to a file, a failure ends with one `error:` line."""
    from cli.run_log import run_log
    from orchestration.follow import RunFailedError

    with run_log(cfg.pipeline) as log:
        try:
            from cli.run_pipeline import run, switch_stack

            if stack or cfg.run.stack:
                for line in switch_stack(stack or cfg.run.stack or ""):
                    typer.echo(f"stack: {line}")
            result = run(cfg, config, no_cache=no_cache)
        except RunFailedError as exc:
            fail(f"{cfg.pipeline} {exc}{log.suffix()}", code=1)
        except LoopstackError as exc:  # one line; ZenML logged a step's traceback to the file
            fail(f"{cfg.pipeline}: {exc}{log.suffix()}" if log.used else str(exc))
        except Exception as exc:  # a step failed for another reason
            log.write_exception(exc)
            fail(f"{cfg.pipeline} run failed: {type(exc).__name__}: {exc}{log.suffix()}", code=1)
    if result is None:
        when = cfg.schedule and (cfg.schedule.cron or f"every {cfg.schedule.interval_minutes} min")
        typer.echo(f"{cfg.pipeline}: scheduled ({when}); the orchestrator runs it on time")
        return
    status = getattr(getattr(result, "status", None), "value", "submitted")
    typer.echo(f"{cfg.pipeline}: run {getattr(result, 'name', '?')} {status}")
    from observe.run_summary import summary_or_warning

    for line in summary_or_warning(cfg.pipeline, result):
        typer.echo(line)


def run_nightly_command(cfg: NightlyConfig, path: Path, no_cache: bool, stack: str | None) -> None:
    """Run a composite config's stages in order; exit 1 naming the stage that failed."""
    from cli.nightly import load_stages, run_nightly
    from cli.run_pipeline import switch_stack

    try:
        load_stages(cfg, path)  # every stage config is valid before anything runs
        if stack:
            switch_stack(stack)
    except LoopstackError as exc:
        fail(str(exc))
    from cli.run_log import run_log

    with run_log("nightly") as log:
        result = run_nightly(cfg, path, no_cache=no_cache)
    for line in result.lines:
        typer.echo(line)
    if result.failed:
        if log.used:
            typer.echo(f"nightly: full log: {log.path}", err=True)
        fail(result.failure_message(), code=1)
    typer.echo(f"nightly: all {len(result.completed)} stages completed")


@stack_app.command("up")
def stack_up_command(
    name: str = typer.Argument(..., help="stack name in stacks/ or a YAML path"),
    activate: bool = typer.Option(True, "--activate/--no-activate"),
) -> None:
    """Register or update a stack from stacks/<name>.yaml (idempotent) and activate it."""
    from stacks.register import stack_up

    try:
        require_live_local_server()
        for line in stack_up(name, activate=activate):
            typer.echo(line)
    except LoopstackError as exc:
        fail(str(exc))


@stack_app.command("list")
def stack_list_command() -> None:
    """The stacks this project ships and their state in ZenML."""
    from stacks.register import list_stacks

    try:
        require_live_local_server()
    except LoopstackError as exc:
        fail(str(exc))
    for line in list_stacks():
        typer.echo(line)


app.command("watch")(watch_command)

if __name__ == "__main__":
    from orchestration.heap import exit_with

    exit_with(app)
