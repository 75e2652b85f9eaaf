"""A private, verified folder per code archive: where local Airflow tasks import a run's code.

The cache is the task user's own `$XDG_CACHE_HOME/loopstack/airflow-code` (default
`~/.cache/loopstack/airflow-code`, created with mode 0700), never a fixed name in the shared
temp folder. It and every folder above it must belong to that user (or root) and must not be
writable by group or others (sticky folders like `/tmp` excepted), else `UnsafeFolderError`.
An archive `<sha1>.tar.gz` is checked against its name, extracted in a private staging folder,
completed by a marker file holding the hash, then renamed to `<sha1>`; a tree without the right
marker is replaced. Stdlib only, so any user's plain Python can run it:
`python3 airflow_code_cache.py ARCHIVE [ROOT]` extracts a local archive and prints the folder.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import stat
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

MARKER = ".loopstack-archive"
ARCHIVE_NAME = re.compile(r"(?P<digest>[0-9a-f]{40})\.tar\.gz")
ELSEWHERE = "set XDG_CACHE_HOME to a folder of your own"


class UnsafeFolderError(RuntimeError):
    """A folder (or archive) that someone other than the current user could have written."""


def cache_root() -> Path:
    """`$XDG_CACHE_HOME/loopstack/airflow-code`, or `~/.cache/...` without an absolute XDG path."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "loopstack" / "airflow-code"


def _refuse(path: Path, st: os.stat_result, own: bool) -> str | None:
    """Why `path` may not be trusted, or None (`own`: it must belong to us, not just to root)."""
    if st.st_uid not in ({os.geteuid()} if own else {os.geteuid(), 0}):
        return f"{path} belongs to uid {st.st_uid}, not to uid {os.geteuid()}: remove it"
    sticky = stat.S_ISDIR(st.st_mode) and st.st_mode & stat.S_ISVTX and not own
    if st.st_mode & 0o022 and not sticky:
        mode = stat.S_IMODE(st.st_mode)
        return f"{path} is writable by group or others (mode {mode:o}): chmod go-w {path}"
    return None


def private_folder(path: Path) -> Path:
    """Create `path` (mode 0700) if missing; its real path, once it and its parents are safe."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise UnsafeFolderError(f"cannot create code folder {path}: {error}; {ELSEWHERE}") from None
    real = Path(os.path.realpath(path))
    for folder in (real, *real.parents):
        reason = _refuse(folder, os.stat(folder), own=folder == real)
        if reason:
            where = "" if folder == real else f" {real}"
            raise UnsafeFolderError(f"refusing code folder{where}: {reason}, or {ELSEWHERE}")
    return real


def is_complete(tree: Path, digest: str) -> bool:
    """True if `tree` is our extraction of the archive `digest`; raise if someone else's."""
    try:
        st = os.lstat(tree)
    except FileNotFoundError:
        return False
    reason = f"{tree} is not a folder" if not stat.S_ISDIR(st.st_mode) else _refuse(tree, st, True)
    if reason:
        raise UnsafeFolderError(f"refusing code folder: {reason}")
    marker = tree / MARKER
    return marker.is_file() and not marker.is_symlink() and marker.read_text() == digest


def _sha1(path: Path) -> str:
    digest = hashlib.sha1()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 16):
            digest.update(chunk)
    return digest.hexdigest()


def _extract(archive: Path, dest: Path) -> None:
    """Unpack regular files, folders and links that stay inside `dest` (tar `data` filter)."""
    refuse = f"refusing archive {archive.name}:"
    with tarfile.open(archive, "r:gz") as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest, filter="data")
            return
        members = tar.getmembers()  # Pythons without extraction filters: the same rules by hand
        links = {os.path.normpath(m.name) for m in members if m.issym()}
        for m in members:
            name = os.path.normpath(m.name)
            if os.path.isabs(name) or name.split(os.sep)[0] == "..":
                raise UnsafeFolderError(f"{refuse} {m.name} is outside it")
            if not (m.isfile() or m.isdir() or m.issym()):
                raise UnsafeFolderError(f"{refuse} {m.name} is not a file, folder or link")
            if any(str(parent) in links for parent in Path(name).parents):
                raise UnsafeFolderError(f"{refuse} {m.name} is behind a link")
            m.mode, m.uid, m.gid, m.uname, m.gname = m.mode & 0o755, os.geteuid(), -1, "", ""
        tar.extractall(dest, members=members)
    for name in links:
        if os.path.commonpath([os.path.realpath(dest / name), dest]) != str(dest):
            raise UnsafeFolderError(f"{refuse} link {name} leads out of it")


def code_folder(root: Path, archive_name: str, fetch: Callable[[Path], object]) -> Path:
    """The verified tree of archive `<sha1>.tar.gz`; `fetch(path)` writes the archive to `path`.

    Tasks may extract the same archive at the same time: each stages its own copy, and
    publishing (replacing an incomplete tree, renaming into place) happens under a lock.
    """
    match = ARCHIVE_NAME.fullmatch(archive_name)
    if match is None:
        raise UnsafeFolderError(f"not a code archive name (<sha1>.tar.gz): {archive_name}")
    digest = match["digest"]
    root = private_folder(root)
    target = root / digest
    if is_complete(target, digest):
        return target
    staging = Path(tempfile.mkdtemp(prefix=f".{digest}.", dir=root))
    try:
        archive = staging / archive_name
        fetch(archive)
        if _sha1(archive) != digest:
            raise UnsafeFolderError(f"refusing archive {archive_name}: content of another hash")
        tree = staging / "code"
        _extract(archive, tree)
        tree.chmod(0o700)
        (tree / MARKER).write_text(digest)  # last: a tree without it is incomplete
        with open(root / ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not is_complete(target, digest):
                if os.path.lexists(target):
                    target.rename(staging / "incomplete")
                tree.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


if __name__ == "__main__":
    source = Path(sys.argv[1])
    where = Path(sys.argv[2]) if len(sys.argv) > 2 else cache_root()
    print(code_folder(where, source.name, lambda path: shutil.copyfile(source, path)))
