"""Cache Python's installed-package index for the life of a process.

ZenML records the package of every stored artifact's type (pandas, scikit-learn, ...) by calling
`importlib.metadata.packages_distributions()`, which walks every installed distribution's file
list on each call: ~0.15 CPU-s per stored DataFrame or model here (218 distributions), about
20 calls per `make run`. The installed packages do not change while a pipeline runs, so one scan
per process gives the same answer. Set `LOOPSTACK_PACKAGE_INDEX_CACHE=0` to switch this off.
"""

from __future__ import annotations

import functools
import importlib.metadata
import os
from collections.abc import Callable, Mapping

_original: Callable[[], Mapping[str, list[str]]] | None = None


def cache_package_index() -> bool:
    """Memoise `importlib.metadata.packages_distributions` (idempotent); True when active."""
    global _original
    if os.environ.get("LOOPSTACK_PACKAGE_INDEX_CACHE", "1") == "0":
        return False
    if _original is None:
        _original = importlib.metadata.packages_distributions
        importlib.metadata.packages_distributions = functools.lru_cache(maxsize=1)(_original)
    return True


def uncache_package_index() -> None:
    """Restore the uncached function (after installing packages inside a long-lived process)."""
    global _original
    if _original is not None:
        importlib.metadata.packages_distributions = _original
        _original = None
