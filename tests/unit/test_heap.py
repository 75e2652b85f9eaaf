"""orchestration.heap: what a pipeline process freezes, and what it still collects."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from collections.abc import Iterator

import pytest

from orchestration.heap import FULL_COLLECTION_EVERY, collection_deferred, settle_before_run


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


@pytest.fixture
def unfrozen() -> Iterator[None]:
    thresholds = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_a_run_freezes_the_heap_alive_before_it(unfrozen: None) -> None:
    alive = Node()
    settle_before_run()
    assert gc.get_freeze_count() > 0
    assert not any(obj is alive for obj in gc.get_objects())  # no longer scanned


def test_a_later_run_collects_the_garbage_an_earlier_run_left(unfrozen: None) -> None:
    settle_before_run()
    garbage = Node()
    gone = weakref.ref(garbage)
    del garbage
    settle_before_run()
    assert gone() is None


def test_objects_created_after_a_freeze_are_collected_as_before(unfrozen: None) -> None:
    settle_before_run()
    garbage = Node()
    gone = weakref.ref(garbage)
    del garbage
    gc.collect()
    assert gone() is None


def test_an_entry_point_exits_with_its_code_and_a_frozen_heap() -> None:
    script = (
        "import atexit, gc\n"
        "from orchestration.heap import exit_with\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
        "exit_with(lambda: 3)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 3, done.stderr
    assert done.stdout.strip() == "frozen True"


def test_run_py_keeps_its_exit_code_through_the_exit_freeze() -> None:
    done = subprocess.run(
        [sys.executable, "run.py", "--config", "configs/no-such.yaml"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "no-such.yaml" in done.stderr


def test_a_deferred_start_up_collects_nothing_until_the_first_run(unfrozen: None) -> None:
    with collection_deferred():
        assert not gc.isenabled()
        kept = Node()
        left = Node()  # start-up garbage: frozen with the rest, never scanned
        kept_too = weakref.ref(left)
        del left
        settle_before_run()
        assert gc.isenabled()
        assert gc.get_threshold()[2] == FULL_COLLECTION_EVERY
        gc.collect()
        assert kept_too() is not None
        assert not any(obj is kept for obj in gc.get_objects())  # frozen with the start-up
        garbage = Node()  # created by the run: collected as before
        gone = weakref.ref(garbage)
        del garbage
        gc.collect()
        assert gone() is None
    assert gc.isenabled()


def test_collection_comes_back_when_no_run_starts() -> None:
    with pytest.raises(RuntimeError), collection_deferred():
        assert not gc.isenabled()
        raise RuntimeError("config error")
    assert gc.isenabled()


def test_a_collector_already_off_is_left_off() -> None:
    gc.disable()
    try:
        with collection_deferred():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
