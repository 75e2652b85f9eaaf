"""Step retries (StepRetryConfig), and the on_failure hook's one log line after the last retry."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.operate.flaky import flaky_pipeline

pytestmark = pytest.mark.pipeline


def test_transient_failure_is_retried(local_stack: str, tmp_path: Path) -> None:
    counter = tmp_path / "attempts"
    run = flaky_pipeline(counter=str(counter), failures=2)
    assert run.status.value == "completed"
    assert run.steps["flaky_io"].outputs["attempts"][0].load() == 3
    assert counter.read_text() == "3"


def test_final_failure_is_logged_in_one_line(
    local_stack: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    counter = tmp_path / "attempts"
    with caplog.at_level("ERROR", logger="pipelines.hooks"), pytest.raises(RuntimeError):
        flaky_pipeline(counter=str(counter), failures=5)
    assert counter.read_text() == "3"  # the first attempt and two retries
    (line,) = [r.getMessage() for r in caplog.records if r.name == "pipelines.hooks"]
    assert line.startswith("pipeline 'flaky_pipeline' failed in step 'flaky_io' (run ")
    assert line.endswith("): ConnectionError: transient failure 3 of 5")
    assert "\n" not in line
