"""A composite run (`pipeline: nightly`): e.g. feature -> training -> deploy -> batch
inference -> monitoring, in order, each stage only if the previous one succeeded.

Every stage config is loaded and validated before the first stage runs, so a typo fails fast.
Pipeline stages run one after another in this process through `cli.run_pipeline.run`; a
`pipeline: serve` stage is a run of `serve_deploy_pipeline` (orchestration/serve_launch.py, a
task of its own on Airflow) that makes sure the online service runs (it follows promotions by
itself, so a running service is left as it is).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.config import NightlyConfig, RunConfig, load_any_config
from core.errors import ConfigError
from core.serving.config import ServeConfig

SUCCEEDED = ("completed", "cached")


@dataclass
class NightlyResult:
    """What ran: one line per stage; `failed` names the stage that stopped the run."""

    lines: list[str] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)
    failed: str | None = None
    error: str = ""
    skipped: list[str] = field(default_factory=list)

    def failure_message(self) -> str:
        skipped = ", ".join(self.skipped) or "none"
        return f"nightly stage '{self.failed}' failed: {self.error}; skipped: {skipped}"


StageConfig = RunConfig | ServeConfig


def load_stages(config: NightlyConfig, nightly_path: Path) -> list[tuple[str, Path, StageConfig]]:
    """(name, file, validated config) of every stage; paths are relative to the nightly file."""
    stages: list[tuple[str, Path, StageConfig]] = []
    for name, stage in config.stages.items():
        path = Path(stage.config)
        if not path.is_absolute():
            path = nightly_path.parent / path
        loaded = load_any_config(path, stage.overrides)
        if isinstance(loaded, NightlyConfig):
            raise ConfigError(f"{path}: stage '{name}' is itself a nightly config")
        stages.append((name, path, loaded))
    return stages


def run_nightly(config: NightlyConfig, nightly_path: Path, no_cache: bool = False) -> NightlyResult:
    """Run the stages in order; stop at the first one that raises or does not complete."""
    stages = load_stages(config, nightly_path)
    result = NightlyResult()
    for index, (name, path, stage_config) in enumerate(stages):
        if isinstance(stage_config, ServeConfig):
            done = _serve_stage(name, stage_config, result)
        else:
            done = _pipeline_stage(name, path, stage_config, no_cache, result)
        if done:
            result.completed.append(name)
            continue
        result.failed = name
        result.skipped = [later for later, _, _ in stages[index + 1 :]]
        break
    return result


def _pipeline_stage(
    name: str, path: Path, config: RunConfig, no_cache: bool, result: NightlyResult
) -> bool:
    """Run one pipeline stage; True when its run completed (or was cached)."""
    from cli.run_pipeline import run, switch_stack
    from observe.run_summary import summary_or_warning

    try:
        if config.run.stack:
            switch_stack(config.run.stack)
        response = run(config, path, no_cache=no_cache)
    except Exception as exc:  # any failure stops the chain; it is reported, not swallowed
        result.error = f"{type(exc).__name__}: {exc}"
        return False
    status = _status(response)
    result.lines.append(f"nightly: {name}: run {getattr(response, 'name', '?')} {status}")
    if response is not None:
        result.lines += summary_or_warning(config.pipeline, response, indent="  ")
    return _succeeded(response, status, result)


def _serve_stage(name: str, config: ServeConfig, result: NightlyResult) -> bool:
    """Run the deploy stage (a run of `serve_deploy_pipeline`); True when the service answers
    afterwards (deployed now, or already running)."""
    from orchestration.serve_launch import launch_deploy, served_line

    try:
        response = launch_deploy(config)
        status = _status(response)
        if not _succeeded(response, status, result):
            return False
        line = served_line(response)
    except Exception as exc:  # reported like a failed pipeline stage
        result.error = f"{type(exc).__name__}: {exc}"
        return False
    result.lines.append(f"nightly: {name}: run {response.name} {status}: {line}")
    return True


def _status(response: Any) -> str:
    """A stage run's final status ('unknown' without a run)."""
    return str(getattr(getattr(response, "status", None), "value", "unknown"))


def _succeeded(response: Any, status: str, result: NightlyResult) -> bool:
    """True when the run completed (or was cached); else the stage's error says how it ended."""
    if status in SUCCEEDED:
        return True
    result.error = f"run {getattr(response, 'name', '?')} ended {status}"
    return False
