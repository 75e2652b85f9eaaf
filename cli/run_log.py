"""A run's full log in a file; the console keeps the log lines but not the tracebacks.

While a run executes, every log record (ZenML's, the steps') also goes to
`.loopstack/logs/<UTC time>-<pipeline>.log` with its traceback; the console handlers ZenML
installed print the same lines without tracebacks, so a failed run ends with one `error:` line
that names this file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

LOG_DIR = Path(".loopstack") / "logs"
FILE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
KEEP = 50  # newest run logs kept in the folder


class _WithoutTraceback(logging.Formatter):
    """Formats a record with another formatter, leaving out its traceback and stack."""

    def __init__(self, inner: logging.Formatter) -> None:
        super().__init__()
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        try:
            return self.inner.format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


def _console_handlers(root: logging.Logger) -> list[logging.Handler]:
    return [
        handler
        for handler in root.handlers
        if isinstance(handler, logging.StreamHandler)
        and not isinstance(handler, logging.FileHandler)
    ]


class RunLog:
    """Where this run's full log is; `used` once anything was written to it."""

    def __init__(self, path: Path, handler: logging.Handler) -> None:
        self.path = path
        self.handler = handler

    @property
    def used(self) -> bool:
        return self.path.is_file() and self.path.stat().st_size > 0

    def suffix(self) -> str:
        """' (full log: <path>)' when the file holds something, else ''."""
        return f" (full log: {self.path})" if self.used else ""

    def write_exception(self, exc: BaseException) -> None:
        """Write `exc` with its traceback to the file only (the console shows one line)."""
        record = logging.LogRecord(
            "loopstack.run",
            logging.ERROR,
            "",
            0,
            "run failed",
            (),
            (type(exc), exc, exc.__traceback__),
        )
        self.handler.handle(record)


def log_path(pipeline: str, folder: Path = LOG_DIR) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return folder / f"{stamp}-{pipeline}.log"


@contextmanager
def run_log(pipeline: str, folder: Path = LOG_DIR) -> Iterator[RunLog]:
    """Route the full log of what runs inside to a file; strip console tracebacks meanwhile.
    An empty log file is removed afterwards."""
    import zenml  # noqa: F401  (installs ZenML's console handlers first)

    path = log_path(pipeline, folder).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, delay=True, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    root = logging.getLogger()
    consoles = [(h, h.formatter) for h in _console_handlers(root)]
    for console, formatter in consoles:
        console.setFormatter(_WithoutTraceback(formatter or logging.Formatter()))
    root.addHandler(handler)
    log = RunLog(path, handler)
    try:
        yield log
    finally:
        root.removeHandler(handler)
        handler.close()
        for console, formatter in consoles:
            console.setFormatter(formatter)
        if not log.used:
            path.unlink(missing_ok=True)
        prune(path.parent)


def prune(folder: Path, keep: int = KEEP) -> None:
    """Remove all but the newest `keep` run logs (names start with their UTC time)."""
    for old in sorted(folder.glob("*.log"))[:-keep]:
        old.unlink(missing_ok=True)
