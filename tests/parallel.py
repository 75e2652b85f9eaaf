"""`make test`: the suite as two pytest sessions side by side, one per core.

The server suites (Airflow, the local services they share, the online service) run in this
tree; every other test runs at the same time in a copy of it (the two halves take about as
long). Each session needs a tree of its own: ZenML keeps the active stack of a source root in
its `.zen/config.yaml`, and run logs and watch state live under `.loopstack/` in the working
folder, so two sessions in one tree would switch each other's stacks. The copy shares `.venv`
(a link) and is removed afterwards.

    python -m tests.parallel            # both sessions; exits non-zero if either failed
    python -m tests.parallel --jobs 1   # one session in this tree, as `python -m pytest`

With `PYTEST_ADDOPTS` set (it may name tests) it runs one session too.

The copy's session prints as it runs; this tree's session is kept in
`.loopstack/tests/server-suites.log` and printed once both sessions have ended.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run in this tree, together: the suites that share session servers (Airflow; S3 + MLflow +
# ZenML server), and the online service's, which balances the two halves' durations.
SERVER_SUITES = ("tests/airflow", "tests/airflow_services", "tests/services", "tests/serving")
NOT_COPIED = {".venv", "outputs", "mlruns", ".loopstack", ".pytest_cache", ".mypy_cache"}
NOT_COPIED_ANYWHERE = ("__pycache__", "*.pyc", ".ruff_cache")
STOP_WAIT_S = 180  # a session stopped by Ctrl-C tears its servers down first


def server_suites(root: Path = ROOT) -> list[str]:
    """The server suites this project has (a generated project may have none)."""
    return [suite for suite in SERVER_SUITES if (root / suite).is_dir()]


def copy_tree(root: Path, target: Path) -> Path:
    """A copy of the working tree (uncommitted changes and `.git` included), `.venv` linked."""

    def skipped(folder: str, names: list[str]) -> set[str]:
        found = set(shutil.ignore_patterns(*NOT_COPIED_ANYWHERE)(folder, names))
        return found | (NOT_COPIED & set(names) if Path(folder) == root else set())

    shutil.copytree(root, target, symlinks=True, ignore=skipped)
    if (root / ".venv").exists():
        (target / ".venv").symlink_to(root / ".venv")
    return target


def run_both(root: Path, suites: list[str]) -> int:
    """The tree at `root` runs `suites`; a copy of it runs the rest. The first non-zero exit
    code of the two, else 0."""
    log_path = root / ".loopstack" / "tests" / "server-suites.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    pytest = [sys.executable, "-m", "pytest"]
    with tempfile.TemporaryDirectory(prefix="loopstack-tests-") as tmp, log_path.open("wb") as log:
        copy = copy_tree(root, Path(tmp) / root.name)
        print(f"tests: {', '.join(suites)} in this tree (log: {log_path}); the rest in {copy}")
        sessions = [
            subprocess.Popen(
                [*pytest, *suites],
                cwd=root,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            ),
            subprocess.Popen(
                [*pytest, *(f"--ignore={suite}" for suite in suites)],
                cwd=copy,
                start_new_session=True,
            ),
        ]
        codes = wait_all(sessions)
    print(f"\n===== {', '.join(suites)} (exit {codes[0]}) =====", flush=True)
    sys.stdout.write(log_path.read_text(errors="replace"))
    print(f"tests: server suites exit {codes[0]}, the rest exit {codes[1]}")
    return next((code for code in codes if code), 0)


def wait_all(sessions: list[subprocess.Popen[bytes]]) -> list[int]:
    """Wait for every session; Ctrl-C or SIGTERM interrupts each (pytest then tears down its
    fixtures and servers) and waits for that, killing a session that does not end in time."""

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        return [session.wait() for session in sessions]
    except KeyboardInterrupt:
        for session in sessions:
            if session.poll() is None:
                session.send_signal(signal.SIGINT)
        for session in sessions:
            try:
                session.wait(STOP_WAIT_S)
            except subprocess.TimeoutExpired:
                session.kill()
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, choices=(1, 2), default=2, help="pytest sessions")
    args = parser.parse_args()
    suites = server_suites()
    if args.jobs == 1 or not suites or os.environ.get("PYTEST_ADDOPTS"):
        return subprocess.call([sys.executable, "-m", "pytest"], cwd=ROOT)
    return run_both(ROOT, suites)


if __name__ == "__main__":
    sys.exit(main())
