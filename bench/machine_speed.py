"""How steady the machine's CPU is while cases 1-4 run: a fixed pure-Python loop, timed in
CPU seconds in short chunks, before each repetition and after the last.

On a shared VM the same work can take a third longer from one second to the next (the host's
other tenants, its frequency). A ratio of one repetition moves with that; the medians move far
less. The results page shows both the spread within a probe and the drift between probes, so
a reader can tell the machine's noise from a change in the code.
"""

from __future__ import annotations

import time
from typing import Any

from bench.measure import median

# About 0.15-0.25 CPU-seconds per chunk on the 2-core machine the results were taken on.
LOOPS_PER_CHUNK = 3_000_000
CHUNKS_PER_PROBE = 8


def chunk_seconds(loops: int = LOOPS_PER_CHUNK) -> float:
    """CPU seconds of one fixed chunk of interpreter work (waiting for a core is not counted)."""
    started = time.process_time()
    total = 0
    for i in range(loops):
        total += i * i % 7
    return time.process_time() - started


def probe(results: dict[str, Any], chunks: int = CHUNKS_PER_PROBE) -> list[float]:
    """Time `chunks` chunks and append them, as one probe, to `results["machine_speed"]`."""
    timings = [round(chunk_seconds(), 4) for _ in range(chunks)]
    results.setdefault("machine_speed", []).append(timings)
    return timings


def describe(probes: list[list[float]]) -> str:
    """One sentence: the fastest and slowest chunk over the run, and each probe's median."""
    chunks = [seconds for timings in probes for seconds in timings if seconds > 0]
    if not chunks:
        return "Machine speed: not measured."
    fastest, slowest = min(chunks), max(chunks)
    medians = ", ".join(f"{median(timings):.3f}" for timings in probes if timings)
    return (
        f"Machine speed during cases 1-4: one fixed pure-Python chunk took {fastest:.3f}-"
        f"{slowest:.3f} CPU-s over {len(chunks)} chunks (the slowest {slowest / fastest:.2f}x "
        f"the fastest); median per probe, before each repetition and after the last: {medians}."
    )
