"""`make test`'s two sessions: the server suites in the tree, the rest in a copy, both real."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.parallel import copy_tree, run_both, server_suites

RECORDER = """
import json, os, time
from pathlib import Path

def test_records_where_and_when_it_ran():
    start = time.time()
    time.sleep(1.5)
    out = Path(os.environ["RECORD_DIR"]) / (Path(__file__).stem + ".json")
    record = {"cwd": os.getcwd(), "pid": os.getpid(), "start": start, "end": time.time()}
    out.write_text(json.dumps(record))
    assert os.environ.get("FAIL_TEST") != Path(__file__).stem
"""


def project(root: Path) -> Path:
    """A project with one server suite and one other test file, each recording its session."""
    for test in ("tests/services/test_served.py", "tests/unit/test_plain.py"):
        (root / test).parent.mkdir(parents=True, exist_ok=True)
        (root / test).write_text(RECORDER)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".mypy_cache").mkdir()
    (root / "core").mkdir()
    (root / "core" / "edited.py").write_text("UNCOMMITTED = True\n")
    (root / "core" / "__pycache__").mkdir()
    return root


def test_copy_keeps_the_working_tree_and_links_the_venv(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    copy = copy_tree(root, tmp_path / "copy")
    assert (copy / "core" / "edited.py").read_text() == "UNCOMMITTED = True\n"
    assert (copy / ".git" / "HEAD").is_file()
    assert (copy / ".venv").is_symlink() and (copy / ".venv").resolve() == root / ".venv"
    assert not (copy / ".mypy_cache").exists() and not (copy / "core" / "__pycache__").exists()


def test_server_suites_run_in_the_tree_and_the_rest_in_a_copy_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)  # the inner sessions run their own
    root = project(tmp_path / "repo")
    records = tmp_path / "records"
    records.mkdir()
    monkeypatch.setenv("RECORD_DIR", str(records))
    assert server_suites(root) == ["tests/services"]

    assert run_both(root, ["tests/services"]) == 0
    served = json.loads((records / "test_served.json").read_text())
    plain = json.loads((records / "test_plain.json").read_text())
    assert Path(served["cwd"]) == root
    assert Path(plain["cwd"]) != root and Path(plain["cwd"]).name == root.name
    assert not Path(plain["cwd"]).exists()  # the copy is removed afterwards
    assert served["pid"] != plain["pid"] != os.getpid()
    assert served["start"] < plain["end"] and plain["start"] < served["end"]  # side by side
    log = (root / ".loopstack" / "tests" / "server-suites.log").read_text()
    assert "1 passed" in log


@pytest.mark.parametrize("failing", ["test_served", "test_plain"])
def test_a_failure_in_either_session_fails_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)
    root = project(tmp_path / "repo")
    monkeypatch.setenv("RECORD_DIR", str(tmp_path))
    monkeypatch.setenv("FAIL_TEST", failing)
    assert run_both(root, ["tests/services"]) == 1
