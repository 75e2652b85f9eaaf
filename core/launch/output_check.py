"""Before a run: a local `output.uri` must be a folder this process can write to."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from core.errors import DataError
from core.launch.retry import is_local


def require_writable_output(uri: str | None) -> None:
    """Create the local folder `uri` (as the export step would) and write a probe file there;
    a one-line `DataError` naming the path and the reason if that fails. Remote URIs pass."""
    if not uri or not is_local(uri):
        return
    folder = Path(uri.removeprefix("file://")).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".loopstack-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise DataError(unwritable_output(uri, exc)) from None


def unwritable_output(uri: str, exc: OSError) -> str:
    """The one line a user reads when `output.uri` cannot be written."""
    reason = exc.strerror or type(exc).__name__
    return (
        f"output.uri {uri}: cannot write there ({reason}); point output.uri at a writable "
        "folder or bucket"
    )
