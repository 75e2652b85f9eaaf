"""bench.resident: the library files are mapped while the bench runs, and unmapped after."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench.resident import compiled_files, held_in_memory, library_roots

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux mappings")


def _mapped(path: Path) -> bool:
    return str(path) in Path("/proc/self/maps").read_text()


def test_files_are_mapped_while_held_and_unmapped_after(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    pyc = tmp_path / "pkg" / "__pycache__" / "mod.cpython-311.pyc"
    library = tmp_path / "pkg" / "_speedups.cpython-311-x86_64-linux-gnu.so"
    source, empty = tmp_path / "pkg" / "mod.py", tmp_path / "pkg" / "empty.pyc"
    pyc.write_bytes(b"\0" * 10_000)
    library.write_bytes(b"\1" * 5_000)
    source.write_text("x = 1\n")
    empty.write_bytes(b"")
    found = sorted(compiled_files([tmp_path]))
    assert found == sorted([pyc, library, empty])  # sources and data files are left alone
    with held_in_memory(iter(found)) as held:
        assert (held.files, held.size) == (2, 15_000)  # an empty file cannot be mapped
        assert _mapped(pyc) and _mapped(library)
        assert "2 library files" in held.describe()
    assert not _mapped(pyc) and not _mapped(library)


def test_the_roots_are_this_interpreters_stdlib_and_site_packages() -> None:
    roots = library_roots()
    stdlib = [root for root in roots if (root / "json" / "__init__.py").exists()]
    packages = [root for root in roots if (root / "pytest").is_dir()]
    assert stdlib and stdlib[0].is_relative_to(Path(sys.base_prefix).resolve())
    assert packages and packages[0].is_relative_to(Path(sys.prefix).resolve())
