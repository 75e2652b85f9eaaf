"""The command line's one way to stop on an error: `error: <message>` on stderr, then exit."""

from __future__ import annotations

from typing import NoReturn

import typer


def fail(message: str, code: int = 2) -> NoReturn:
    """Print `error: <message>` to stderr and exit with `code` (2: bad input, 1: a run failed)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)
