"""Progress lines on stderr while a command waits: nothing for short waits, then one line every
few seconds saying what it waits for and for how long, so a long wait never looks like a hang."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

FIRST_AFTER = 5.0  # seconds of silence before the first line
EVERY = 15.0  # seconds between lines


def waiting_line(what: str, seconds: float, detail: str = "") -> str:
    """`… waiting for the ZenML server (20 s)` with an optional `: 3/12 tasks done`."""
    return f"… {what} ({seconds:.0f} s){': ' + detail if detail else ''}"


@contextmanager
def waiting(
    what: str,
    detail: Callable[[], str] | None = None,
    first_after: float = FIRST_AFTER,
    every: float = EVERY,
    out: TextIO | None = None,
) -> Iterator[None]:
    """While the block runs, print `waiting_line(what, …)` after `first_after` s, then every
    `every` s. `detail` adds the current state; an error in it is left out of the line."""
    stream = out or sys.stderr
    done = threading.Event()
    start = time.monotonic()

    def report() -> None:
        delay = first_after
        while not done.wait(delay):
            try:
                extra = detail() if detail else ""
            except Exception:  # a progress line must never fail the command
                extra = ""
            print(waiting_line(what, time.monotonic() - start, extra), file=stream, flush=True)
            delay = every

    thread = threading.Thread(target=report, name=f"progress: {what}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(timeout=1.0)
