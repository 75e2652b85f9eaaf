"""Run one command in a subprocess: wall time, CPU time and peak RSS of its process tree."""

from __future__ import annotations

import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
# Everything the code imports or reads, i.e. the repo minus state, caches, tests and docs.
_SKIPPED = {".git", ".venv", ".zen", "outputs", "tests", "docs", "template", ".ci", ".github"}
_QUIET_ENV = {
    "ZENML_ANALYTICS_OPT_IN": "false",
    "ZENML_ENABLE_RICH_TRACEBACK": "false",
    "ZENML_LOGGING_VERBOSITY": "WARN",
    "AUTO_OPEN_DASHBOARD": "false",
    "PYTHONWARNINGS": "ignore",
}


@dataclass
class Sample:
    """One measured subprocess: wall and CPU seconds, peak RSS of the tree in MiB."""

    wall: float
    cpu: float
    rss_mib: float


def median(values: list[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


class Sandbox:
    """A throw-away copy of the code (or of another ZenML `project`) with its own `.zen` and
    ZENML_CONFIG_PATH.

    Nothing the bench does can touch the user's ZenML state, stores or `outputs/`.
    """

    def __init__(self, parent: Path, name: str, project: Path = REPO) -> None:
        self.root = parent / name
        self.repo = self.root / "repo"
        ignore = shutil.ignore_patterns("__pycache__", "results", "*.pyc")
        self.repo.mkdir(parents=True)
        for source in project.iterdir():
            if source.name in _SKIPPED or source.name.startswith((".", "__")):
                continue
            if source.is_dir():
                shutil.copytree(source, self.repo / source.name, ignore=ignore, symlinks=True)
            else:
                shutil.copy2(source, self.repo / source.name)
        (self.repo / ".zen").mkdir()  # marks the ZenML source root; no global config is read
        # Steady state: the project's bytecode is compiled once, as for any installed package
        # (`make setup` compiles the venv's), even where PYTHONDONTWRITEBYTECODE is set.
        compileall.compile_dir(self.repo, quiet=1)
        self.env = {
            **os.environ,
            **_QUIET_ENV,
            "ZENML_CONFIG_PATH": str(self.root / "zenml"),
            "PYTHONPATH": str(self.repo),
        }
        for key in ("ZENML_STORE_URL", "ZENML_STORE_TYPE", "MLFLOW_TRACKING_URI"):
            self.env.pop(key, None)

    def run(self, *args: str, log: Path | None = None) -> Sample:
        """Run `python *args` in the sandbox and measure it; raise with the log tail on failure."""
        return measure([PY, *args], cwd=self.repo, env=self.env, log=log or self.root / "last.log")

    def stack_up(self) -> None:
        """Register + activate the embedded stack (also creates the store: not timed)."""
        self.run("run.py", "stack", "up", "local")


def new_workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="loopstack-bench-"))


def measure(cmd: list[str], cwd: Path, env: dict[str, str], log: Path) -> Sample:
    """Wall and CPU (user + sys of the child and its waited-for children) and peak tree RSS."""
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        peak = [0]
        done = threading.Event()
        watcher = threading.Thread(target=_watch_rss, args=(proc.pid, peak, done), daemon=True)
        watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        watcher.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"bench: {' '.join(cmd)} exited {proc.returncode}:\n{tail}")
    rss = max(peak[0], usage.ru_maxrss * 1024)
    return Sample(wall=wall, cpu=usage.ru_utime + usage.ru_stime, rss_mib=rss / 2**20)


def _watch_rss(pid: int, peak: list[int], done: threading.Event) -> None:
    """Sample the summed RSS of `pid` and its descendants every 50 ms."""
    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not done.is_set():
        try:
            procs = [root, *root.children(recursive=True)]
            total = 0
            for proc in procs:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    continue
            peak[0] = max(peak[0], total)
        except psutil.Error:
            return
        done.wait(0.05)


def add_sample(results: dict[str, Any], key: str, sample: Sample) -> None:
    """Append one repetition of figure `key` to `results["samples"]` and print it."""
    results["samples"].setdefault(key, []).append(vars(sample))
    print(f"  {key}: wall {sample.wall:.1f}s cpu {sample.cpu:.1f}s rss {sample.rss_mib:.0f}MiB")


def json_tail(log: Path) -> Any:
    """The last JSON line a bench subprocess printed (its result)."""
    lines = [ln for ln in log.read_text(errors="replace").splitlines() if ln.startswith("{")]
    return json.loads(lines[-1])
