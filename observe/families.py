"""Run- and step-level metric families: counts by status, durations, queue time, freshness."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
    SummaryMetricFamily,
)

from observe.records import FINISHED, RETRY, RunRecord

DURATION_BUCKETS = (10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600)
STEP_STATUSES = ("completed", "failed", "cached")
RUN = ["pipeline", "stack"]
STEP = ["pipeline", "step", "stack"]


def _run_gauge(name: str, documentation: str) -> GaugeMetricFamily:
    """A gauge labelled by pipeline and stack."""
    return GaugeMetricFamily(name, documentation, labels=RUN)


def run_families(runs: Sequence[RunRecord], now: float) -> Iterator[Metric]:
    """Pipeline runs by status (zero-filled), durations, queue time, in-progress, freshness."""
    keys = sorted({(r.pipeline, r.stack) for r in runs})
    counts = CounterMetricFamily(
        "loopstack_pipeline_runs", "Finished pipeline runs by status.", labels=[*RUN, "status"]
    )
    finished = [r for r in runs if r.finished]
    statuses = sorted(set(FINISHED[:3]) | {r.status for r in finished})
    for key in keys:
        for status in statuses:
            n = sum(1 for r in finished if (r.pipeline, r.stack) == key and r.status == status)
            counts.add_metric([*key, status], n)
    yield counts

    in_progress = _run_gauge("loopstack_pipeline_runs_in_progress", "Runs not finished yet.")
    active = _run_gauge(
        "loopstack_pipeline_active_run_seconds",
        "Age of the oldest run still in progress (0 when none), for run-budget alerts.",
    )
    for key in keys:
        open_runs = [r for r in runs if (r.pipeline, r.stack) == key and not r.finished]
        ages = [now - (r.start or r.created).timestamp() for r in open_runs]
        in_progress.add_metric(list(key), len(open_runs))
        active.add_metric(list(key), max([0.0, *ages]))
    yield in_progress
    yield active
    yield from _durations(finished, keys)
    yield from _freshness(runs, keys)


def _durations(finished: Sequence[RunRecord], keys: list[tuple[str, str]]) -> Iterator[Metric]:
    histogram = HistogramMetricFamily(
        "loopstack_pipeline_run_duration_seconds",
        "Wall time of finished runs, start to end.",
        labels=RUN,
    )
    queue = SummaryMetricFamily(
        "loopstack_pipeline_run_queue_seconds",
        "Time from run creation to start (what the orchestrator exposes).",
        labels=RUN,
    )
    last = _run_gauge(
        "loopstack_pipeline_last_run_duration_seconds", "Wall time of the latest finished run."
    )
    for key in keys:
        mine = [r for r in finished if (r.pipeline, r.stack) == key]
        durations = [d for d in (r.duration for r in mine) if d is not None]
        buckets = [(str(float(b)), sum(1 for d in durations if d <= b)) for b in DURATION_BUCKETS]
        buckets.append(("+Inf", len(durations)))
        histogram.add_metric(list(key), buckets, sum(durations))
        waits = [q for q in (r.queue_seconds for r in mine) if q is not None]
        queue.add_metric(list(key), len(waits), sum(waits))
        if durations:
            last.add_metric(list(key), durations[-1])
    yield histogram
    yield queue
    yield last


def _freshness(runs: Sequence[RunRecord], keys: list[tuple[str, str]]) -> Iterator[Metric]:
    success = _run_gauge(
        "loopstack_pipeline_last_success_timestamp_seconds",
        "Unix time the latest successful (completed or cached) run ended; 0 if none ever did.",
    )
    latest = _run_gauge(
        "loopstack_pipeline_last_run_timestamp_seconds", "Unix time the latest run was created."
    )
    for key in keys:
        mine = [r for r in runs if (r.pipeline, r.stack) == key]
        ends = [(r.end or r.created).timestamp() for r in mine if r.succeeded]
        success.add_metric(list(key), max([0.0, *ends]))
        latest.add_metric(list(key), max(r.created.timestamp() for r in mine))
    yield success
    yield latest


def step_families(runs: Sequence[RunRecord]) -> Iterator[Metric]:
    """Step runs by status (zero-filled), executed-step durations and retried attempts."""
    counts: dict[tuple[str, ...], int] = defaultdict(int)
    retries: dict[tuple[str, str, str], int] = defaultdict(int)
    durations: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for run in runs:
        for step in run.steps:
            key = (run.pipeline, step.name, run.stack)
            for status in STEP_STATUSES:
                counts[(*key, status)] += 0
            counts[(*key, step.status)] += 1
            retries[key] += step.status in RETRY
            if step.duration is not None:
                durations[key].append(step.duration)
    total = CounterMetricFamily(
        "loopstack_step_runs",
        "Step runs by status (retried attempts included).",
        labels=[*STEP, "status"],
    )
    for labels, n in sorted(counts.items()):
        total.add_metric(list(labels), n)
    yield total
    retried = CounterMetricFamily(
        "loopstack_step_retries", "Step attempts that failed and were retried.", labels=STEP
    )
    for key, n in sorted(retries.items()):
        retried.add_metric(list(key), n)
    yield retried
    seconds = SummaryMetricFamily(
        "loopstack_step_duration_seconds",
        "Wall time of executed (not cached) step runs.",
        labels=STEP,
    )
    for key, values in sorted(durations.items()):
        seconds.add_metric(list(key), len(values), sum(values))
    yield seconds
