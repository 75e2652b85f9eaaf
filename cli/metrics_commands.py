"""`python run.py metrics serve|dump`: pipeline health metrics for Prometheus."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import typer

from cli.errors import fail

metrics_app = typer.Typer(
    help="Prometheus metrics from ZenML's records: runs, steps, model and data quality."
)


@metrics_app.command("serve")
def serve_command(
    port: int = typer.Option(
        9464, "--port", "-p", envvar="LOOPSTACK_METRICS_PORT", help="TCP port"
    ),
    host: str = typer.Option(
        "127.0.0.1", "--host", envvar="LOOPSTACK_METRICS_HOST", help="bind address"
    ),
    refresh: float = typer.Option(
        10.0, "--refresh", min=0.0, help="re-read ZenML at most every N seconds"
    ),
) -> None:
    """Serve /metrics over HTTP until interrupted."""
    from observe.exporter import serve

    try:
        _, thread = serve(host, port, refresh)
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror}; pick --port")
    typer.echo(f"serving metrics on http://{host}:{port}/metrics", err=True)
    sys.stderr.flush()
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is the normal way to stop
        thread.join()


@metrics_app.command("dump")
def dump_command(
    output: Path | None = typer.Option(
        None, "--output", "-o", help="write here atomically (textfile collector) instead of stdout"
    ),
) -> None:
    """Print the metrics once in the Prometheus text format."""
    from observe.exporter import dump, write_atomic

    text = dump()
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}; check --output")
