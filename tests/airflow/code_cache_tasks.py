"""What a local Airflow task does with a code archive (DRIVER, run as a separate process,
maybe as another user) and the archives and trees that test_airflow_code_cache.py feeds it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from orchestration.airflow_code_cache import MARKER

REPO = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = "/usr/bin/python3"
RUNUSER = shutil.which("runuser") or "runuser"
NOBODY = 65534
DRIVER = """
import shutil, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import airflow_code_cache
archive = Path(sys.argv[2])
target = airflow_code_cache.code_folder(
    airflow_code_cache.cache_root(), archive.name, lambda path: shutil.copyfile(archive, path)
)
sys.path.insert(0, str(target))
import pkg.mod
print(target, pkg.mod.VALUE)
"""


def zenml_archive(source: Path, into: Path) -> Path:
    """`source` packed by ZenML's own CodeArchive, named `<sha1>.tar.gz` as ZenML uploads it."""
    from zenml.utils.code_utils import CodeArchive, compute_file_hash

    partial = into / "archive.tar.gz"
    with partial.open("w+b") as handle:
        CodeArchive(root=str(source)).write_archive(handle)
        digest = compute_file_hash(handle)
    archive = partial.rename(into / f"{digest}.tar.gz")
    archive.chmod(0o644)
    return archive


def project(folder: Path, value: str) -> Path:
    """A tiny project: `pkg/mod.py` with VALUE and a file symlink to it (as git keeps links)."""
    (folder / "pkg").mkdir(parents=True)
    (folder / "pkg" / "__init__.py").write_text("")
    (folder / "pkg" / "mod.py").write_text(f"VALUE = {value!r}\n")
    (folder / "alias.py").symlink_to("pkg/mod.py")
    return folder


def driver(
    shared: Path, archive: Path, cache: Path | None, python: str = sys.executable, user: str = ""
) -> tuple[list[str], dict[str, str]]:
    """DRIVER's command and environment as `user` (default: this one), XDG_CACHE_HOME=`cache`."""
    env = {"PATH": "/usr/bin:/bin", "HOME": os.path.expanduser(f"~{user}")}
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    prefix = [RUNUSER, "-u", user, "--"] if user else []
    return [*prefix, python, "-c", DRIVER, str(shared), str(archive)], env


def extract(shared: Path, archive: Path, cache: Path | None, **how: str) -> tuple[int, str, str]:
    """Run DRIVER to its end: exit code, stdout, last line of stderr."""
    command, env = driver(shared, archive, cache, **how)
    done = subprocess.run(command, env=env, cwd="/", capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout.strip(), (done.stderr.strip().splitlines() or [""])[-1]


def folder_of(cache: Path, archive: Path) -> Path:
    return cache / "loopstack" / "airflow-code" / archive.name.removesuffix(".tar.gz")


def plant(tree: Path, archive: Path, proof: Path) -> None:
    """What an attacker would leave: a complete-looking tree whose module writes `proof`."""
    (tree / "pkg").mkdir(parents=True)
    (tree / "pkg" / "__init__.py").write_text("")
    (tree / "pkg" / "mod.py").write_text(f"open({str(proof)!r}, 'w').close()\nVALUE = 'planted'\n")
    (tree / MARKER).write_text(archive.name.removesuffix(".tar.gz"))


PLANT = """
import sys
from pathlib import Path
tree, proof, marker = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
(tree / "pkg").mkdir(parents=True)
(tree / "pkg" / "__init__.py").write_text("")
(tree / "pkg" / "mod.py").write_text(f"open({proof!r}, 'w').close()\\nVALUE = 'planted'\\n")
(tree / marker).write_text(tree.name)
"""


def raw_archive(into: Path, *extras: tarfile.TarInfo) -> Path:
    """A valid project archive plus `extras` (files say "escaped"), gzipped as ZenML does."""
    import gzip
    import hashlib
    import io

    buffer = io.BytesIO()
    with (
        gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as packed,
        tarfile.open(mode="w", fileobj=packed) as tar,
    ):
        for name, text in (("pkg/__init__.py", b""), ("pkg/mod.py", b"VALUE = 'v1'\n")):
            info = tarfile.TarInfo(name)
            info.size = len(text)
            tar.addfile(info, io.BytesIO(text))
        for extra in extras:
            body = b"escaped\n" if extra.isfile() else b""
            extra.size = len(body)
            tar.addfile(extra, io.BytesIO(body) if body else None)
    data = buffer.getvalue()
    archive = into / f"{hashlib.sha1(data).hexdigest()}.tar.gz"
    archive.write_bytes(data)
    archive.chmod(0o644)
    return archive


def member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    return info
