"""The per-user code folder of local Airflow tasks (orchestration/airflow_code_cache.py).

Every extraction runs in a separate Python process through DRIVER, which does what a task
does: get the archive's folder, put it on `sys.path`, import `pkg.mod` and print its VALUE.
Refused folders must fail that process before anything from them is imported.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from orchestration.airflow_code_cache import MARKER, UnsafeFolderError, cache_root, private_folder
from tests.airflow.code_cache_tasks import (
    NOBODY,
    PLANT,
    REPO,
    RUNUSER,
    SYSTEM_PYTHON,
    driver,
    extract,
    folder_of,
    member,
    plant,
    project,
    raw_archive,
    zenml_archive,
)


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Path]:
    """A folder every user may read (not write): the module, the driver and the archives."""
    folder = Path(tempfile.mkdtemp(prefix="code-cache-test-"))
    folder.chmod(0o755)
    module = "airflow_code_cache.py"
    shutil.copy(REPO / "orchestration" / module, folder / module)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def other_user() -> Iterator[str]:
    """A second local account (deleted with its home afterwards)."""
    tools = all(shutil.which(tool) for tool in ("useradd", "userdel", "runuser"))
    if os.geteuid() != 0 or not tools or not os.access(SYSTEM_PYTHON, os.X_OK):
        pytest.skip("a second user needs root, useradd/userdel/runuser and /usr/bin/python3")
    name = f"lscache{os.getpid()}"
    created = subprocess.run(["useradd", "-m", name], capture_output=True, text=True)
    if created.returncode != 0:
        pytest.skip(f"useradd failed: {created.stderr.strip()}")
    try:
        yield name
    finally:
        subprocess.run(["userdel", "-r", name], capture_output=True, check=False)


def test_cache_root_is_per_user() -> None:
    saved = os.environ.pop("XDG_CACHE_HOME", None)
    try:
        assert cache_root() == Path.home() / ".cache" / "loopstack" / "airflow-code"
        os.environ["XDG_CACHE_HOME"] = "relative"  # ignored, as the XDG spec says
        assert cache_root() == Path.home() / ".cache" / "loopstack" / "airflow-code"
        os.environ["XDG_CACHE_HOME"] = "/somewhere"
        assert cache_root() == Path("/somewhere/loopstack/airflow-code")
    finally:
        os.environ.pop("XDG_CACHE_HOME", None)
        if saved is not None:
            os.environ["XDG_CACHE_HOME"] = saved


def test_folder_that_cannot_be_created_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(UnsafeFolderError, match=r"cannot create code folder .*XDG_CACHE_HOME"):
        private_folder(tmp_path / "file" / "cache")


def test_archive_is_extracted_once_with_its_marker_and_imported(
    shared: Path, tmp_path: Path
) -> None:
    archive = zenml_archive(project(tmp_path / "src", "v1"), shared)
    cache = tmp_path / "cache"
    target = folder_of(cache, archive)
    assert extract(shared, archive, cache) == (0, f"{target} v1", "")
    assert (target / MARKER).read_text() == target.name
    assert os.readlink(target / "alias.py") == "pkg/mod.py"
    assert (target.parent.stat().st_mode & 0o777, target.stat().st_mode & 0o777) == (0o700, 0o700)
    marked = (target / MARKER).stat().st_mtime_ns
    assert extract(shared, archive, cache) == (0, f"{target} v1", "")  # reused, not redone
    assert (target / MARKER).stat().st_mtime_ns == marked
    assert sorted(p.name for p in target.parent.iterdir()) == [".lock", target.name]


def test_tasks_of_one_run_may_extract_the_same_archive_at_once(
    shared: Path, tmp_path: Path
) -> None:
    archive = zenml_archive(project(tmp_path / "src", "v1"), shared)
    cache = tmp_path / "cache"
    command, env = driver(shared, archive, cache)
    tasks = [
        subprocess.Popen(command, env=env, cwd="/", stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    outputs = [task.communicate(timeout=120)[0].strip() for task in tasks]
    target = folder_of(cache, archive)
    assert outputs == [f"{target} v1"] * 4
    assert sorted(p.name for p in target.parent.iterdir()) == [".lock", target.name]


def test_two_users_extract_into_their_own_folders(
    shared: Path, tmp_path: Path, other_user: str
) -> None:
    archive = zenml_archive(project(tmp_path / "src", "v1"), shared)
    mine = folder_of(tmp_path / "cache", archive)
    theirs = folder_of(Path(os.path.expanduser(f"~{other_user}")) / ".cache", archive)
    # root first, then the other user (the order that used to lock the second one out)
    assert extract(shared, archive, tmp_path / "cache") == (0, f"{mine} v1", "")
    as_user = {"python": SYSTEM_PYTHON, "user": other_user}
    assert extract(shared, archive, None, **as_user) == (0, f"{theirs} v1", "")
    assert mine.stat().st_uid == 0
    assert theirs.stat().st_uid == theirs.parent.stat().st_uid != 0
    assert theirs.parent.stat().st_mode & 0o777 == 0o700
    assert extract(shared, archive, tmp_path / "cache") == (0, f"{mine} v1", "")


def test_folder_planted_by_another_user_is_refused_and_not_imported(
    shared: Path, tmp_path: Path, other_user: str
) -> None:
    """The other user prepares a complete-looking tree where root's tasks would look."""
    archive = zenml_archive(project(tmp_path / "src", "v1"), shared)
    proof = tmp_path / "imported"
    theirs = Path(tempfile.mkdtemp())  # a folder of theirs in a shared place such as /tmp
    shutil.chown(theirs, user=other_user)
    tree = folder_of(theirs, archive)
    as_user = [RUNUSER, "-u", other_user, "--", SYSTEM_PYTHON, "-c", PLANT]
    try:
        subprocess.run([*as_user, str(tree), str(proof), MARKER], check=True, cwd="/")
        code, out, error = extract(shared, archive, theirs)
    finally:
        shutil.rmtree(theirs)
    assert (code, out) == (1, "")
    assert f"refusing code folder: {tree.parent} belongs to uid" in error, error
    assert not proof.exists()


@pytest.mark.parametrize(
    ("folder", "change"),
    [
        ("parent", "owner"),
        ("parent", "mode"),
        ("root", "owner"),
        ("root", "mode"),
        ("tree", "owner"),
        ("tree", "mode"),
    ],
)
def test_folder_of_another_owner_or_writable_by_others_is_refused(
    shared: Path, tmp_path: Path, folder: str, change: str
) -> None:
    if change == "owner" and os.geteuid() != 0:
        pytest.skip("giving a folder to another user needs root")
    archive = zenml_archive(project(tmp_path / "src", "v1"), shared)
    proof = tmp_path / "imported"
    tree = folder_of(tmp_path / "cache", archive)
    tree.parent.mkdir(parents=True, mode=0o700)
    plant(tree, archive, proof)
    changed = {"parent": tmp_path / "cache", "root": tree.parent, "tree": tree}[folder]
    if change == "owner":
        os.chown(changed, NOBODY, NOBODY)
    else:
        changed.chmod({"parent": 0o777, "root": 0o770, "tree": 0o757}[folder])
    code, out, error = extract(shared, archive, tmp_path / "cache")
    assert (code, out) == (1, "")
    reason = "belongs to uid 65534" if change == "owner" else "is writable by group or others"
    assert error.startswith("airflow_code_cache.UnsafeFolderError: refusing code folder"), error
    assert f": {changed} {reason}" in error, error
    assert not proof.exists()


@pytest.mark.parametrize("marker", [None, "0" * 40, ""])
def test_interrupted_extraction_is_redone(shared: Path, tmp_path: Path, marker: str | None) -> None:
    archive = zenml_archive(project(tmp_path / "src", "v1"), shared)
    cache = tmp_path / "cache"
    tree = folder_of(cache, archive)
    (tree / "pkg").mkdir(parents=True)
    (tree / "pkg" / "mod.py").write_text("VALUE = 'half'\n")
    (tree / "leftover.py").write_text("")
    if marker is not None:
        (tree / MARKER).write_text(marker)
    assert extract(shared, archive, cache) == (0, f"{tree} v1", "")
    assert (tree / MARKER).read_text() == tree.name
    assert not (tree / "leftover.py").exists()
    assert sorted(p.name for p in tree.parent.iterdir()) == [".lock", tree.name]


def test_archive_whose_content_does_not_match_its_name_is_refused(
    shared: Path, tmp_path: Path
) -> None:
    archive = zenml_archive(project(tmp_path / "src", "v1"), shared)
    renamed = archive.rename(shared / f"{'1' * 40}.tar.gz")
    code, out, error = extract(shared, renamed, tmp_path / "cache")
    assert (code, out) == (1, "")
    assert "content of another hash" in error, error
    assert not folder_of(tmp_path / "cache", renamed).exists()


@pytest.mark.parametrize("python", [sys.executable, SYSTEM_PYTHON], ids=["project", "system"])
@pytest.mark.parametrize(
    "extras",
    [
        [member("../../../escaped.txt")],
        [member("pkg/absolute", tarfile.SYMTYPE, "/")],
        [member("pkg/up", tarfile.SYMTYPE, "../../../..")],
        [member("pkg/up", tarfile.SYMTYPE, "../../.."), member("pkg/up/escaped.txt")],
        [member("pkg/device", tarfile.FIFOTYPE)],
    ],
    ids=["dot-dot", "absolute-link", "relative-link", "through-link", "device"],
)
def test_archive_members_outside_the_folder_are_refused(
    shared: Path, tmp_path: Path, python: str, extras: list[tarfile.TarInfo]
) -> None:
    if not os.access(python, os.X_OK):
        pytest.skip(f"{python} is missing")
    archive = raw_archive(shared, *extras)
    cache = tmp_path / "cache"
    code, out, error = extract(shared, archive, cache, python=python)
    assert (code, out) == (1, ""), error
    assert not folder_of(cache, archive).exists()
    assert not list(tmp_path.rglob("escaped*"))
    assert [p.name for p in folder_of(cache, archive).parent.iterdir()] == []  # staging removed
