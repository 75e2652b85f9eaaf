"""Keep Python's cyclic garbage collector off the long-lived heap of a pipeline process.

By the time a pipeline launches, the process holds ZenML's, MLflow's, pandas' and
scikit-learn's modules and models: some 800,000 objects that live until exit. Every
full collection rescanned all of them (9 times in one cached `make run`, about 2 s) and
interpreter shutdown scanned them once more (about 2 s). Frozen objects are never scanned;
nothing is turned off: objects created afterwards are collected as before.

A command that runs pipelines also defers collection from its start to its first run
(`collection_deferred`): its start-up only imports libraries, reads configs and asks the
stores, so nearly everything it creates lives until exit, yet the heap growing to that
size cost seven full collections (about 1.2 s). The first run freezes the start-up's heap
as it is: collecting it first scanned 800,000 objects (0.6 s) to free about 21,000 (under
10 MiB, which the process keeps until exit). Without that collection the collector has no
count of long-lived objects to pace its full collections by, so from then on a full
collection waits for `FULL_COLLECTION_EVERY` middle-generation collections instead of 10.

Young-generation thresholds stay as they are: young collections every 10,000 allocations
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
# full collections after a deferred start-up: one per this many middle-generation collections
# (about 700,000 allocations); they scan only what the run created, never the frozen heap
FULL_COLLECTION_EVERY = 100


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
    an earlier run left is collected first (cheap: only what is not frozen is scanned). After
    a deferred start-up, its heap is frozen uncollected, full collections are paced by
    `FULL_COLLECTION_EVERY`, and collection is turned back on."""
    global _deferred
    if _deferred:
        _deferred = False
        gc.freeze()
        # the long-lived count that paces full collections was never set (nothing was
        # collected): left alone, a full collection would run every 70,000 allocations
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)
        gc.enable()
        return
    if gc.get_freeze_count():
        gc.collect()
    gc.freeze()


def exit_with(main: Callable[[], int | str | None]) -> NoReturn:
    """`sys.exit(main())` for an entry point, with the whole heap frozen on the way out (also
    when `main` raises), so interpreter shutdown skips collecting it: the process's memory
    goes back to the system at exit either way."""
    try:
        sys.exit(main())
    finally:
        gc.freeze()
