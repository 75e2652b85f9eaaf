"""Whether the files behind a ZenML artifact version are still on its artifact store."""

from __future__ import annotations

import os
from typing import Any


def files_exist(uri: str) -> bool:
    """True when `uri` (a local path or a URI on the active artifact store) exists."""
    if "://" not in uri:
        return os.path.exists(uri)
    from zenml.io import fileio

    return bool(fileio.exists(uri))


def first_missing(artifacts: list[Any]) -> str | None:
    """The URI of the first artifact version whose files are gone (None entries are skipped)."""
    for artifact in artifacts:
        if artifact is not None and not files_exist(str(artifact.uri)):
            return str(artifact.uri)
    return None
