"""The machine-speed probe of cases 1-4: it times real work, runs before every repetition and
after the last, and its spread reaches the results page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

import pytest

from bench import cases, machine_speed, report
from bench.measure import Sample


def test_a_chunk_costs_cpu_in_proportion_to_its_work() -> None:
    small = min(machine_speed.chunk_seconds(250_000) for _ in range(3))
    large = min(machine_speed.chunk_seconds(2_000_000) for _ in range(3))
    assert 0 < small < large
    assert large / small > 3  # eight times the loops: far more than the machine's noise


def test_each_probe_is_kept_apart_and_described_by_its_median() -> None:
    results: dict[str, Any] = {}
    first = machine_speed.probe(results, chunks=3)
    machine_speed.probe(results, chunks=2)
    assert results["machine_speed"][0] == first and len(results["machine_speed"][1]) == 2
    assert all(seconds > 0 for timings in results["machine_speed"] for seconds in timings)
    text = machine_speed.describe([[0.2, 0.3, 0.25], [0.4, 0.2]])
    assert "0.200-0.400 CPU-s over 5 chunks" in text and "2.00x" in text
    assert text.endswith("0.250, 0.300.")
    assert machine_speed.describe([]) == "Machine speed: not measured."


class _CountingSandbox:
    """Stands in for the bench sandboxes: counts the commands that would run."""

    commands: ClassVar[int] = 0

    def __init__(self, parent: Path, name: str) -> None:
        self.root = parent / name

    def stack_up(self) -> None:
        pass

    def run(self, *args: str, log: Path | None = None) -> Sample:
        if log is not None and log.name == "count.log":
            counts = {f"{name}_pipeline": 2 for name in cases.PIPELINE_CONFIGS}
            log.write_text(json.dumps(counts) + "\n")
        _CountingSandbox.commands += 1
        return Sample(wall=1.0, cpu=1.0, rss_mib=1.0)


def test_the_machine_is_probed_before_each_repetition_and_after_the_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    probes: list[int] = []
    monkeypatch.setattr(cases, "Sandbox", _CountingSandbox)
    monkeypatch.setattr(cases, "probe", lambda results: probes.append(_CountingSandbox.commands))
    monkeypatch.setattr(_CountingSandbox, "commands", 0)
    results: dict[str, Any] = {"samples": {}}
    code: Any = _CountingSandbox(tmp_path, "code")
    cases.run_cases(results, code, tmp_path, [], reps=3)
    warm_up = 3  # bare, ours, the step count
    per_repetition = 5  # bare, ours twice, floor twice
    assert probes == [warm_up + per_repetition * i for i in range(4)]
    assert len(results["samples"]["ours"]) == 3 and len(results["samples"]["floor"]) == 3


def test_the_results_page_shows_the_machine_speed_under_the_targets() -> None:
    sample = {"wall": 1.0, "cpu": 1.0, "rss_mib": 1.0}
    keys = ("bare", "floor", "ours", "ours_cached", "floor_cached")
    results = {
        "mode": "budget",
        "reps": 1,
        "samples": {key: [sample] for key in keys},
        "machine_speed": [[0.2, 0.25], [0.3]],
    }
    page = report.markdown(results)
    targets_at = page.index("## Targets")
    speed_at = page.index("Machine speed during cases 1-4")
    assert targets_at < speed_at < page.index("## Scale")
    assert "Machine speed" not in report.markdown({**results, "machine_speed": []})
