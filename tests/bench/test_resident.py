"""bench.resident: a helper process maps the library files while the bench runs, then exits."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import psutil
import pytest

from bench.resident import compiled_files, held_in_memory, library_roots

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux mappings")


def test_a_helper_maps_the_compiled_files_while_held_and_exits_after(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    pyc = tmp_path / "pkg" / "__pycache__" / "mod.cpython-311.pyc"
    library = tmp_path / "pkg" / "_speedups.cpython-311-x86_64-linux-gnu.so"
    source, empty = tmp_path / "pkg" / "mod.py", tmp_path / "pkg" / "empty.pyc"
    (tmp_path / "pkg" / "v0.7.1.some-index.parquet").write_bytes(b"data")  # ".so" inside a name
    (tmp_path / "pkg" / "libz.so.1.3").write_bytes(b"\2" * 1_000)
    pyc.write_bytes(b"\0" * 10_000)
    library.write_bytes(b"\1" * 5_000)
    source.write_text("x = 1\n")
    empty.write_bytes(b"")
    versioned = tmp_path / "pkg" / "libz.so.1.3"
    found = sorted(compiled_files([tmp_path]))
    assert found == sorted([pyc, library, versioned, empty])  # no sources, no data files
    with held_in_memory([tmp_path]) as held:
        assert (held.files, held.size) == (3, 16_000)  # an empty file cannot be mapped
        assert held.pid is not None
        maps = Path(f"/proc/{held.pid}/maps").read_text()
        assert str(pyc) in maps and str(library) in maps
        assert str(pyc) not in Path("/proc/self/maps").read_text()  # not in the bench's RSS
        assert held.describe().startswith("3 library files")
    assert not psutil.pid_exists(held.pid)  # reaped


def test_the_roots_hold_this_interpreters_stdlib_and_site_packages_once() -> None:
    roots = library_roots()

    def under_a_root(module_file: str) -> bool:
        return any(Path(module_file).resolve().is_relative_to(root) for root in roots)

    assert under_a_root(json.__file__) and under_a_root(pytest.__file__)
    assert not any(root in other.parents for root in roots for other in roots)  # walked once
