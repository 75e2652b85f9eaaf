"""The watcher's manifest and stability rule: plain Python, no ZenML."""

from __future__ import annotations

from pathlib import Path

from core.monitoring.watch_manifest import Manifest, StabilityTracker, is_candidate


def test_only_finished_table_files_are_candidates() -> None:
    assert is_candidate("s3://b/in/batch_1.csv") and is_candidate("x.parquet")
    for name in ("x.csv.part", ".x.csv", "_tmp.csv", "notes.txt.tmp", "README.md", "x.json"):
        assert not is_candidate(name), name


def test_a_file_is_stable_only_after_an_unchanged_second_look() -> None:
    tracker = StabilityTracker(settle=5)
    assert tracker.observe({"a": "10:1"}, now=0) == []
    assert tracker.observe({"a": "20:2"}, now=6) == []  # still growing: clock restarts
    assert tracker.observe({"a": "20:2"}, now=9) == []  # unchanged, but only for 3 s
    assert tracker.observe({"a": "20:2", "b": "1:1"}, now=11) == ["a"]


def test_manifest_survives_a_restart_and_resumes_unfinished_files(tmp_path: Path) -> None:
    path = tmp_path / "state" / "m.json"
    first = Manifest(path)
    first.update("done.csv", "1:1", "new")
    first.update("done.csv", "1:1", "inferred", batch_inference="bi-1")
    first.update("done.csv", "1:1", "done", "none: no retrain", monitoring="mon-1")
    first.update("bad.csv", "2:2", "rejected", "bad.csv: columns missing")
    first.update("half.csv", "3:3", "inferred", batch_inference="bi-2")  # crashed here
    first.update("broken.csv", "4:4", "failed", "ConnectionError: store down")

    again = Manifest(path)  # a new process reading the persisted state
    files = ["bad.csv", "broken.csv", "done.csv", "half.csv", "new.csv"]
    assert again.todo(files) == ["broken.csv", "half.csv", "new.csv"]
    assert again.entries["half.csv"].runs == {"batch_inference": "bi-2"}
    assert again.entries["done.csv"].runs == {"batch_inference": "bi-1", "monitoring": "mon-1"}
    assert again.entries["bad.csv"].reason == "bad.csv: columns missing"
    assert not path.with_suffix(".tmp").exists()
