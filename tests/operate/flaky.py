"""A pipeline whose one step fails `failures` times (ConnectionError), then succeeds.

Attempts are counted in a file, so the count survives ZenML re-running the step."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from zenml import pipeline, step
from zenml.config.retry_config import StepRetryConfig

from pipelines.hooks import report_failure


@step(enable_cache=False, retry=StepRetryConfig(max_retries=2, delay=0, backoff=1))
def flaky_io(counter: str, failures: int) -> Annotated[int, "attempts"]:
    path = Path(counter)
    attempts = int(path.read_text() or 0) + 1 if path.exists() else 1
    path.write_text(str(attempts))
    if attempts <= failures:
        raise ConnectionError(f"transient failure {attempts} of {failures}")
    return attempts


@pipeline(enable_cache=False, on_failure=report_failure)
def flaky_pipeline(counter: str, failures: int) -> None:
    flaky_io(counter, failures)
