"""Read `run.py`'s output: the `<pipeline>: run <name> <status>` line comes before the summary."""

from __future__ import annotations

import re

STATUS_LINE = re.compile(r"^(\w+): run (\S+) (\w+)$")


def status_line(stdout: str) -> tuple[str, str, str]:
    """(pipeline, run name, status) of the last status line in `stdout`."""
    for line in reversed(stdout.splitlines()):
        found = STATUS_LINE.match(line.strip())
        if found:
            return found.group(1), found.group(2), found.group(3)
    raise AssertionError(f"no '<pipeline>: run <name> <status>' line in:\n{stdout[-3000:]}")
