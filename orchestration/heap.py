"""Keep Python's cyclic garbage collector off the long-lived heap of a pipeline process.

By the time a pipeline launches, the process holds ZenML's, MLflow's, pandas' and
scikit-learn's modules and models: about half a million objects that live until exit. Every
full collection rescanned all of them (9 times in one cached `make run`, about 2 s) and
interpreter shutdown scanned them once more (about 2 s). Frozen objects are never scanned;
nothing is turned off: objects created afterwards are collected as before.

A command that runs pipelines also defers collection from its start to its first run
(`collection_deferred`): its start-up only imports libraries, reads configs and asks the
stores, so nearly everything it creates lives until exit, yet the heap growing to that half
million objects cost seven full collections (about 1.2 s) that found a thousand unreachable
objects. One collection before the first run's freeze frees those.

Python's collection thresholds stay as they are: young collections every 10,000 allocations
instead of 700 saved another second of an uncached `make run`, but let garbage holding large
frames live longer (peak memory of a 100,000-row monitoring run 939 -> 1,349 MiB).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn

_deferred = False  # collection is off until the first run (`collection_deferred`)


@contextmanager
def collection_deferred() -> Iterator[None]:
    """No cyclic collection from here to the first run's `settle_before_run`, which turns it
    back on (as does leaving the block without a run). A collector that was already off is
    left as it was."""
    global _deferred
    if not gc.isenabled():
        yield
        return
    gc.disable()
    _deferred = True
    try:
        yield
    finally:
        if _deferred:
            _deferred = False
            gc.enable()


def settle_before_run() -> None:
    """Freeze what is alive before a run. From the second run in a process on, the garbage
    an earlier run left is collected first (cheap: only what is not frozen is scanned); after
    a deferred start-up, the start-up's garbage, and collection is turned back on."""
    global _deferred
    if gc.get_freeze_count() or _deferred:
        # after a deferred start-up this one collection replaces its seven; it also sets the
        # collector's count of long-lived objects (which paces later full collections) to the
        # heap's size: left at zero, a full collection would run every 70,000 allocations
        gc.collect()
    gc.freeze()
    if _deferred:
        _deferred = False
        gc.enable()


def exit_with(main: Callable[[], int | str | None]) -> NoReturn:
    """`sys.exit(main())` for an entry point, with the whole heap frozen on the way out (also
    when `main` raises), so interpreter shutdown skips collecting it: the process's memory
    goes back to the system at exit either way."""
    try:
        sys.exit(main())
    finally:
        gc.freeze()
