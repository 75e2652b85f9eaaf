"""A few aligned lines a person reads at the end of a run, built from the finished run as ZenML
recorded it (step outputs and metadata), so they read the same on every stack."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from observe.run_summary.other import feature_lines, promotion_lines
from observe.run_summary.record import RunRecord, ZenMLRun, aligned
from observe.run_summary.scoring import batch_inference_lines, monitoring_lines
from observe.run_summary.training import training_lines

__all__ = ["RunRecord", "ZenMLRun", "pipeline_lines", "run_summary", "summary_or_warning"]


def pipeline_lines(pipeline: str, run: RunRecord, model_version: str | None = None) -> list[str]:
    """The summary lines of one pipeline's finished run."""
    builders: dict[str, Callable[[], list[str]]] = {
        "training": lambda: training_lines(run),
        "batch_inference": lambda: batch_inference_lines(run, model_version),
        "monitoring": lambda: monitoring_lines(run, model_version),
        "feature": lambda: feature_lines(run),
        "promotion": lambda: promotion_lines(run),
    }
    builder = builders.get(pipeline)
    return builder() if builder is not None else []


def run_summary(pipeline: str, result: Any) -> list[str]:
    """Lines for the run `result` (a run response): re-read from the store, plus its dashboard
    URL when a ZenML server is connected."""
    from zenml.client import Client

    run = Client().get_pipeline_run(result.id)
    version = getattr(getattr(run, "model_version", None), "name", None)
    lines = pipeline_lines(pipeline, ZenMLRun(run), str(version) if version else None)
    url = dashboard_url(run)
    return lines + aligned([("dashboard", url)]) if url else lines


def dashboard_url(run: Any) -> str | None:
    """The run's page in the ZenML dashboard, when the store is a ZenML server."""
    from zenml.client import Client
    from zenml.enums import StoreType
    from zenml.utils.dashboard_utils import get_run_url

    if Client().zen_store.type != StoreType.REST:
        return None
    return get_run_url(run)


def summary_or_warning(pipeline: str, result: Any, indent: str = "") -> list[str]:
    """`run_summary`, or one warning line if reading it failed (a run never fails for it)."""
    try:
        return [indent + line for line in run_summary(pipeline, result)]
    except Exception as exc:  # the run itself is done: the summary is a courtesy
        return [f"{indent}warning: no run summary ({type(exc).__name__}: {exc})"]
