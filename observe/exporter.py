"""The Prometheus collector over ZenML records, plus `serve` (HTTP) and `dump` (text)."""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from prometheus_client import generate_latest, start_http_server
from prometheus_client.core import CollectorRegistry, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from observe.families import run_families, step_families
from observe.model_families import (
    data_families,
    drift_families,
    stage_families,
    training_families,
)
from observe.source import RunSource

logger = logging.getLogger(__name__)


class ZenMLCollector(Collector):
    """Builds every family from ZenML at most once per `min_interval` seconds.

    With `strict`, a failed read raises (for `dump`); otherwise it is logged, the previous
    families are served again and `loopstack_exporter_last_collect_success` drops to 0.
    """

    def __init__(self, min_interval: float = 10.0, strict: bool = False) -> None:
        self.min_interval = min_interval
        self.strict = strict
        self._source = RunSource()
        self._lock = threading.Lock()
        self._families: list[Metric] = []
        self._refreshed = float("-inf")
        self._ok = False
        self._seconds = 0.0
        self._runs = 0

    def collect(self) -> Iterator[Metric]:
        with self._lock:
            if time.monotonic() - self._refreshed >= self.min_interval:
                self._refresh()
            families = list(self._families)
        yield from families
        yield from self._own_families()

    def _refresh(self) -> None:
        started = time.monotonic()
        try:
            runs = self._source.runs()
            stages = self._source.stages()
            now = time.time()
            self._families = [
                *run_families(runs, now),
                *step_families(runs),
                *training_families(runs),
                *data_families(runs),
                *drift_families(runs),
                *stage_families(stages),
            ]
        except Exception as exc:
            if self.strict:
                raise
            logger.error("reading ZenML runs failed: %s: %s", type(exc).__name__, exc)
            self._ok = False
        else:
            self._ok = True
            self._runs = len(runs)
        self._refreshed = time.monotonic()
        self._seconds = self._refreshed - started

    def _own_families(self) -> Iterator[Metric]:
        yield GaugeMetricFamily(
            "loopstack_exporter_last_collect_success",
            "1 if the latest read of ZenML's records succeeded.",
            value=float(self._ok),
        )
        yield GaugeMetricFamily(
            "loopstack_exporter_collect_seconds",
            "Time the latest read of ZenML's records took.",
            value=self._seconds,
        )
        yield GaugeMetricFamily(
            "loopstack_exporter_runs", "Pipeline runs read from ZenML.", value=self._runs
        )


def registry_for(collector: ZenMLCollector) -> CollectorRegistry:
    """A registry holding only our collector (no process/platform metrics)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(collector)
    return registry


def dump() -> str:
    """The exposition text, read from ZenML now (errors propagate)."""
    return generate_latest(registry_for(ZenMLCollector(min_interval=0, strict=True))).decode()


def write_atomic(output: Path, text: str) -> None:
    """Replace `output` in one rename, so a textfile collector never reads half a file."""
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, output)


def serve(host: str, port: int, min_interval: float) -> tuple[object, threading.Thread]:
    """Read ZenML once (so the first scrape is fast), then serve /metrics in a thread."""
    collector = ZenMLCollector(min_interval=min_interval)
    list(collector.collect())
    server, thread = start_http_server(port, addr=host, registry=registry_for(collector))
    return server, thread
