"""A cheap fingerprint of a data source, used as the cache key of ingestion.

Re-running training on unchanged data then reuses every cached step ("run on a cron but
skip if nothing changed"); a changed file changes the key and re-runs everything.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import IO

from core.config import DataConfig
from core.data.uri import open_uri
from core.errors import DataError

GENERATOR_VERSION = "churn-v1"
_CHUNK = 1 << 20


def source_fingerprint(
    data: DataConfig, opener: Callable[[str, str], IO[bytes]] | None = None
) -> str:
    """sha256 of the file bytes, or of the generator parameters for `builtin:` sources."""
    digest = hashlib.sha256()
    if data.source.startswith("builtin:"):
        params = {"source": data.source, "generator": GENERATOR_VERSION, **data.sample.model_dump()}
        digest.update(json.dumps(params, sort_keys=True).encode())
        return digest.hexdigest()
    if "://" in data.source:
        with open_uri(data.source, opener) as handle:
            _feed(digest, handle)
        return digest.hexdigest()
    path = Path(data.source)
    if not path.is_file():
        raise DataError(
            f"{path}: data file not found; check data.source (relative to {Path.cwd()})"
        )
    with path.open("rb") as handle:
        _feed(digest, handle)
    return digest.hexdigest()


def _feed(digest: hashlib._Hash, handle: IO[bytes]) -> None:
    while chunk := handle.read(_CHUNK):
        digest.update(chunk)
