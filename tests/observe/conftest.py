"""Real runs on the embedded stack, observed through the real exporter.

One session fixture makes the runs every observe test reads: a training run, a batch inference
run on a drifted batch (validation, drift check, scoring) and a monitoring run that fails (its
data file does not exist). Counts are
compared with a baseline taken just before, so runs of other test modules do not matter.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from core.errors import LoopstackError
from servers.process import stop_pid
from tests.pipelines.helpers import run_config
from tests.tools import need

REPO = Path(__file__).resolve().parents[2]
MODEL = "observed"
ROWS = "data.sample.rows=1500"
ONE_CANDIDATE = "candidates=[{name: logreg, kind: logistic_regression}]"
MISSING = "data.source=/nonexistent/observe/batch.csv"

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse(text: str) -> Samples:
    """Every sample of an exposition text, keyed by (sample name, labels)."""
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float | None:
    return samples.get((name, frozenset(labels.items())))


def in_process_dump() -> str:
    """The exporter's text from this process (for baselines; tests check the CLI's output)."""
    from prometheus_client import generate_latest

    from observe.exporter import ZenMLCollector, registry_for

    return generate_latest(registry_for(ZenMLCollector(min_interval=0, strict=True))).decode()


def cli_dump() -> str:
    """`python run.py metrics dump` in a subprocess, on the same ZenML store as the tests."""
    done = subprocess.run(
        [sys.executable, "run.py", "metrics", "dump"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@dataclass
class Observed:
    """The runs the observe tests made and the exporter's output before and after them."""

    training: Any
    inference: Any
    before: Samples
    text: str

    @property
    def after(self) -> Samples:
        return parse(self.text)

    def delta(self, name: str, **labels: str) -> float:
        return (value(self.after, name, **labels) or 0.0) - (
            value(self.before, name, **labels) or 0.0
        )


@pytest.fixture(scope="session")
def observed(local_stack: str) -> Observed:
    before = parse(in_process_dump())
    model = f"model.name={MODEL}"
    # Uncached: other test modules may have run the same steps on the same data before.
    training = run_config("training", ROWS, model, ONE_CANDIDATE, no_cache=True)
    inference = run_config(
        "batch_inference", ROWS, model, "data.sample.drift=0.9", "output.uri=null", no_cache=True
    )
    with pytest.raises(LoopstackError, match="not found"):
        run_config("monitoring", model, MISSING)
    return Observed(training, inference, before, cli_dump())


def stop(process: subprocess.Popen[Any]) -> None:
    """Terminate one process we started, by its PID; kill it if it does not exit."""
    stop_pid(process.pid)


def tool(name: str) -> str:
    """Path of a prometheus binary (tests needing one are marked `needs`; tests/tools.py)."""
    (path,) = need(name)
    return path


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[Any]]]:
    """Processes a test starts; all stopped by PID afterwards, last started first."""
    processes: list[subprocess.Popen[Any]] = []
    yield processes
    for process in reversed(processes):
        stop(process)
