"""Keep the interpreter's compiled modules in memory while the bench runs.

Some machines page out file cache that has not been read for a while. This one's host does
(DAMON `pageout` of unmapped file pages idle for 60 s), so a case that imports modules the
case before it did not reads them from disk, at random: 2.8 s of an uncached `make run`'s
median wall in one run (wall 29.4 s against 26.6 CPU-seconds), about 0.4 s of the floor's.
No ratio can tell that from our own cost. Pages mapped into a process are not idle file cache,
so for the whole run a helper process (`python -m bench.resident ROOT...`) maps every `.pyc`
and shared library of the interpreter's library folders (stdlib and site-packages): every case
reads them from memory, as on a machine whose page cache stays warm. The helper, not the bench
process, holds them, so the measured commands (forked from the bench) do not count them in
their peak RSS. It exits when the bench closes its stdin, or ends. `python -m bench --cold`
skips it.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_PROT_READ, _MAP_SHARED, _MAP_POPULATE = 0x1, 0x01, 0x8000
_MAP_FAILED = ctypes.c_void_p(-1).value
_SPARE_MAPPINGS = 2_000  # left for the helper's own libraries
_COMPILED = re.compile(r"\.(pyc|so(\.\d+)*)$")  # mod.cpython-311.pyc, _x.so, libz.so.1.3


@dataclass
class HeldFiles:
    """What the helper `pid` holds: file count and bytes; `note` says why less or nothing."""

    files: int = 0
    size: int = 0
    note: str = ""
    pid: int | None = None

    def describe(self) -> str:
        held = f"{self.files:,} library files ({self.size / 2**20:,.0f} MiB) held in memory"
        return f"{held}; {self.note}" if self.note else held


def library_roots() -> list[Path]:
    """The interpreter's stdlib and site-packages folders (the venv's and the base's)."""
    names = ("stdlib", "platstdlib", "purelib", "platlib")
    found = {Path(sysconfig.get_paths()[name]).resolve() for name in names}
    found = {path for path in found if path.is_dir()}
    # a folder inside another (site-packages in a stdlib folder) is walked with it, once
    return sorted(path for path in found if not any(other in path.parents for other in found))


def compiled_files(roots: list[Path]) -> Iterator[Path]:
    """`.pyc` files and shared libraries (`.so`, `.so.N`) under `roots`."""
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in names:
                if _COMPILED.search(name):
                    yield Path(folder, name)


@contextmanager
def held_in_memory(roots: list[Path]) -> Iterator[HeldFiles]:
    """The compiled files under `roots` mapped (and read in) by a helper process for the
    duration of the block. Linux only; elsewhere nothing is held and `note` says so."""
    if not sys.platform.startswith("linux"):
        yield HeldFiles(note="not on Linux: nothing held")
        return
    command = [sys.executable, "-m", "bench.resident", *map(str, roots)]
    helper = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        assert helper.stdout is not None
        line = helper.stdout.readline()
        held = HeldFiles(**json.loads(line)) if line else HeldFiles(note="the helper failed")
        held.pid = helper.pid
        yield held
    finally:
        if helper.stdin:
            helper.stdin.close()  # the helper's signal to unmap and exit
        try:
            helper.wait(timeout=30)
        except subprocess.TimeoutExpired:
            helper.kill()
            helper.wait()


def hold(files: Iterator[Path]) -> HeldFiles:
    """Map `files` read-only into this process, read in at once; they stay until it exits."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int]
    libc.mmap.argtypes += [ctypes.c_int, ctypes.c_long]
    held, budget = HeldFiles(), _map_budget()
    for path in files:
        if held.files >= budget:
            held.note = f"stopped at the kernel's map limit ({budget:,} files)"
            break
        length = _map(libc, path)
        held.files += bool(length)
        held.size += length
    return held


def _map(libc: ctypes.CDLL, path: Path) -> int:
    """The bytes mapped from `path` (0: empty or unreadable)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return 0
    try:
        length = os.fstat(fd).st_size
        if not length:
            return 0
        address = libc.mmap(None, length, _PROT_READ, _MAP_SHARED | _MAP_POPULATE, fd, 0)
        return 0 if address in (None, _MAP_FAILED) else length
    finally:
        os.close(fd)


def _map_budget() -> int:
    """How many more mappings this process may make, keeping `_SPARE_MAPPINGS` free."""
    try:
        limit = int(Path("/proc/sys/vm/max_map_count").read_text())
        in_use = len(Path("/proc/self/maps").read_text().splitlines())
    except (OSError, ValueError):
        return 0
    return max(0, limit - in_use - _SPARE_MAPPINGS)


def main(roots: list[str]) -> None:
    """The helper: hold the files, report what is held (one JSON line), wait for EOF."""
    held = hold(compiled_files([Path(root) for root in roots]))
    print(json.dumps({"files": held.files, "size": held.size, "note": held.note}), flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main(sys.argv[1:])
