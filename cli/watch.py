"""`python run.py watch --source DIR|s3://prefix --config configs/batch_inference.yaml`

Each new table file landing in the source is processed exactly once: batch inference, then a
monitoring window (which may retrain). Files are picked up only once their size and
modification time have stayed unchanged for `--settle` seconds. Progress is kept in a manifest
(default `.loopstack/watch/<source hash>.json`) written after every stage: a restart resumes
where it stopped, never repeats a finished file, and retries files that failed for reasons
other than validation. A file failing validation is recorded as rejected with its reason.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from cli.choices import STACK_HELP
from cli.errors import fail
from core.errors import ConfigError, LoopstackError

if TYPE_CHECKING:  # imported when a watcher starts: `run.py --help` does not need the models
    from core.config import BatchInferenceConfig, MonitoringConfig

Echo = Callable[[str], None]


def default_state(source: str) -> Path:
    digest = hashlib.sha1(source.rstrip("/").encode()).hexdigest()[:12]
    return Path(".loopstack") / "watch" / f"{digest}.json"


def list_source(source: str) -> dict[str, str]:
    """uri -> signature (size and modification time / ETag) of every candidate file."""
    from core.monitoring.watch_manifest import is_candidate

    if "://" in source:
        from zenml.io import fileio

        prefix = source.rstrip("/")
        out = {}
        for name in fileio.listdir(prefix):
            uri = f"{prefix}/{name}"
            if is_candidate(uri) and not fileio.isdir(uri):
                info = fileio.stat(uri)
                if isinstance(info, dict):
                    mark = info.get("LastModified") or info.get("ETag") or info.get("mtime")
                    out[uri] = f"{info.get('size')}:{mark}"
                else:
                    out[uri] = f"{info.st_size}:{info.st_mtime_ns}"
        return out
    folder = Path(source)
    if not folder.is_dir():
        raise ConfigError(f"watch --source {source}: not a folder (or an s3:// prefix)")
    return {
        str(p): f"{p.stat().st_size}:{p.stat().st_mtime_ns}"
        for p in sorted(folder.iterdir())
        if p.is_file() and is_candidate(p.name)
    }


class Watcher:
    """Runs batch inference then monitoring for each stable, unfinished file."""

    def __init__(
        self,
        source: str,
        config_path: Path,
        overrides: list[str],
        monitoring_path: Path,
        monitoring_overrides: list[str],
        state: Path | None = None,
        settle: float = 2.0,
        echo: Echo = print,
    ) -> None:
        from core.config import BatchInferenceConfig, MonitoringConfig, load_config
        from core.monitoring.watch_manifest import Manifest, StabilityTracker

        batch = load_config(config_path, overrides)
        if not isinstance(batch, BatchInferenceConfig):
            raise ConfigError(f"{config_path}: watch needs a batch_inference config")
        monitor = load_config(monitoring_path, monitoring_overrides)
        if not isinstance(monitor, MonitoringConfig):
            raise ConfigError(f"{monitoring_path}: --monitoring-config must be a monitoring config")
        self.source, self.batch, self.monitor = source, batch, monitor
        self.config_path, self.monitoring_path = config_path, monitoring_path
        self.manifest = Manifest(state or default_state(source))
        self.stability = StabilityTracker(settle)
        self.settle, self.echo = settle, echo

    def _configs(self, uri: str) -> tuple[BatchInferenceConfig, MonitoringConfig]:
        """The batch config on this file; monitoring shares its model, data and drift settings."""
        from core.config import MonitoringConfig

        data = self.batch.data.model_copy(update={"source": uri, "format": "auto"})
        batch = self.batch.model_copy(update={"data": data})
        shared = {k: getattr(batch, k) for k in ("model", "stage", "data", "validation", "drift")}
        monitor = MonitoringConfig.model_validate({**self.monitor.model_dump(), **shared})
        return batch, monitor

    def process(self, uri: str, signature: str) -> str:
        """Take one file through the stages it has not finished; return its final status."""
        from cli.run_pipeline import run

        batch, monitor = self._configs(uri)
        entry = self.manifest.entries.get(uri)
        try:
            if entry is None or "batch_inference" not in entry.runs:
                self.manifest.update(uri, signature, "new")
                result = run(batch, self.config_path)
                self.manifest.update(uri, signature, "inferred", batch_inference=result.name)
            result = run(monitor, self.monitoring_path)
            window = _window(result)
            self.manifest.update(uri, signature, "done", window, monitoring=result.name)
        except LoopstackError as exc:
            self.manifest.update(uri, signature, "rejected", str(exc))
        except Exception as exc:  # infrastructure or a bug: keep going, retry on restart
            self.manifest.update(uri, signature, "failed", f"{type(exc).__name__}: {exc}")
        done = self.manifest.entries[uri]
        self.echo(f"{done.status:8} {uri}: {done.reason}".rstrip(": "))
        return done.status

    def poll(self) -> int:
        """One look at the source; process what is stable and unfinished. Returns files handled."""
        listing = list_source(self.source)
        stable = self.stability.observe(listing, time.monotonic())
        handled = 0
        for uri in self.manifest.todo(stable):
            self.process(uri, listing[uri])
            handled += 1
        return handled

    def once(self) -> int:
        """Process what is there now (two looks `settle` seconds apart), then return."""
        self.stability.observe(list_source(self.source), time.monotonic())
        time.sleep(self.settle)
        return self.poll()

    def forever(self, interval: float) -> None:
        while True:
            self.poll()
            time.sleep(interval)


def _window(run_response: Any) -> str:
    """The monitoring run's one-line decision, for the manifest and the console."""
    window = run_response.steps["decide_retraining"].outputs["monitoring_window"][0].load()
    return f"{window.action}: {window.reason}"


def watch_command(
    source: str = typer.Option(..., "--source", help="folder or s3:// prefix to watch"),
    config: Path = typer.Option(..., "--config", "-c", help="batch_inference config YAML"),
    overrides: list[str] = typer.Option([], "--set", help="batch config override key=value"),
    monitoring_config: Path = typer.Option(
        Path("configs/monitoring.yaml"), "--monitoring-config", help="its loop: section is used"
    ),
    monitoring_overrides: list[str] = typer.Option(
        [], "--monitoring-set", help="monitoring config override key=value"
    ),
    state: Path | None = typer.Option(None, "--state", help="manifest file (JSON)"),
    once: bool = typer.Option(False, "--once", help="process what is there, then exit"),
    interval: float = typer.Option(10.0, "--interval", help="seconds between looks"),
    settle: float = typer.Option(2.0, "--settle", help="seconds a file must stay unchanged"),
    stack: str | None = typer.Option(None, "--stack", help=STACK_HELP),
) -> None:
    """Process each new file in --source once: batch inference, then monitoring (may retrain)."""
    try:
        if stack:
            from cli.run_pipeline import switch_stack

            switch_stack(stack)
        watcher = Watcher(
            source,
            config,
            overrides,
            monitoring_config,
            monitoring_overrides,
            state=state,
            settle=settle,
            echo=typer.echo,
        )
        if once:
            handled = watcher.once()
            typer.echo(f"watch: {handled} file(s) handled; manifest {watcher.manifest.path}")
        else:
            typer.echo(f"watch: {source} every {interval:g} s (Ctrl-C stops)")
            watcher.forever(interval)
    except LoopstackError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        typer.echo("watch: stopped")
