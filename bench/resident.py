"""Keep the interpreter's compiled modules in memory while the bench runs.

Some machines page out file cache that has not been read for a while. This one's host does
(DAMON `pageout` of unmapped file pages idle for 60 s), so a case that imports modules the
case before it did not reads them from disk, at random: 2.8 s of an uncached `make run`'s
median wall in one run (wall 29.4 s against 26.6 CPU-seconds), about 0.4 s of the floor's.
No ratio can tell that from our own cost. Pages mapped into a process are not idle file cache,
so the bench maps every `.pyc` and shared library of the interpreter's library folders (stdlib
and site-packages) for its whole run: every case reads them from memory, as on a machine whose
page cache stays warm. Nothing else changes; `python -m bench --cold` skips it.
"""

from __future__ import annotations

import ctypes
import os
import sys
import sysconfig
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

_PROT_READ, _MAP_SHARED, _MAP_POPULATE = 0x1, 0x01, 0x8000
_MAP_FAILED = ctypes.c_void_p(-1).value
_SPARE_MAPPINGS = 2_000  # left for the bench process's own libraries and threads


@dataclass
class HeldFiles:
    """What is held: file count and bytes; `note` says why less (or nothing) was held."""

    files: int = 0
    size: int = 0
    note: str = ""
    _maps: list[tuple[int, int]] = field(default_factory=list, repr=False)

    def describe(self) -> str:
        held = f"{self.files:,} library files ({self.size / 2**20:,.0f} MiB) held in memory"
        return f"{held}; {self.note}" if self.note else held


def library_roots() -> list[Path]:
    """The interpreter's stdlib and site-packages folders (the venv's and the base's)."""
    names = ("stdlib", "platstdlib", "purelib", "platlib")
    found = {Path(sysconfig.get_paths()[name]).resolve() for name in names}
    return sorted(path for path in found if path.is_dir())


def compiled_files(roots: list[Path]) -> Iterator[Path]:
    """`.pyc` files and shared libraries (`.so`, `.so.N`) under `roots`."""
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in names:
                if name.endswith(".pyc") or ".so" in name:
                    yield Path(folder, name)


@contextmanager
def held_in_memory(files: Iterator[Path]) -> Iterator[HeldFiles]:
    """Map `files` read-only (read in at once) for the duration of the block, then unmap them.

    Linux only; elsewhere nothing is held and `note` says so."""
    held = HeldFiles()
    if not sys.platform.startswith("linux"):
        held.note = "not on Linux: nothing held"
        yield held
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int]
    libc.mmap.argtypes += [ctypes.c_int, ctypes.c_long]
    libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    budget = _map_budget()
    try:
        for path in files:
            if len(held._maps) >= budget:
                held.note = f"stopped at the kernel's map limit ({budget:,} files)"
                break
            _map(libc, path, held)
        yield held
    finally:
        for address, length in held._maps:
            libc.munmap(address, length)


def _map(libc: ctypes.CDLL, path: Path, held: HeldFiles) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        length = os.fstat(fd).st_size
        if not length:
            return
        flags = _MAP_SHARED | _MAP_POPULATE
        address = libc.mmap(None, length, _PROT_READ, flags, fd, 0)
        if address in (None, _MAP_FAILED):
            return
        held._maps.append((address, length))
        held.files += 1
        held.size += length
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
