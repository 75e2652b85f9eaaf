"""Read pipeline runs, step runs and model stages from ZenML into plain records.

Finished runs never change, so they are read (hydrated, with their steps) once and cached;
every refresh only lists run ids and statuses, then reads what is new or still in progress.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from core.metadata_keys import HOLDOUT
from observe.records import FINISHED, RunRecord, StageRecord, StepRecord, metric_values

STAGES = ("production", "staging")
PAGE = 1000  # rows per list request (ZenML allows up to 10000)


class RunSource:
    """Incremental reader of the active project's runs (works on any ZenML store)."""

    def __init__(self) -> None:
        self._finished: dict[UUID, RunRecord] = {}

    def runs(self) -> list[RunRecord]:
        """Every top-level run, oldest first."""
        from zenml.client import Client
        from zenml.utils.pagination_utils import depaginate

        client = Client()
        listed = depaginate(
            client.list_pipeline_runs, sort_by="asc:created", hydrate=False, size=PAGE
        )
        records = []
        for summary in listed:
            cached = self._finished.get(summary.id)
            if cached is None:
                cached = self._read(client, summary.id)
                if cached.finished:
                    self._finished[summary.id] = cached
            records.append(cached)
        return records

    def stages(self) -> list[StageRecord]:
        """Holdout metrics of the model versions in production and staging, per model."""
        from zenml.client import Client
        from zenml.utils.pagination_utils import depaginate

        client = Client()
        found = []
        for model in depaginate(client.list_models, size=PAGE):
            for stage in STAGES:
                try:
                    version = client.get_model_version(model.name, stage)
                except KeyError:
                    continue
                holdout = metric_values(dict(version.run_metadata).get(HOLDOUT))
                found.append(StageRecord(model.name, stage, version.number, holdout))
        return found

    def _read(self, client: Any, run_id: UUID) -> RunRecord:
        from zenml.utils.pagination_utils import depaginate

        run = client.get_pipeline_run(run_id, hydrate=True)
        steps = depaginate(client.list_run_steps, pipeline_run_id=run_id, hydrate=True, size=PAGE)
        return RunRecord(
            pipeline=run.pipeline.name if run.pipeline else "unlisted",
            stack=run.stack.name if run.stack else "unknown",
            model=run.model_version.model.name if run.model_version else "",
            status=str(run.status.value),
            created=run.created,
            start=run.start_time,
            end=run.end_time if str(run.status.value) in FINISHED else None,
            steps=tuple(_step(s) for s in _in_order(steps)),
            metadata=dict(run.run_metadata),
        )


def _in_order(steps: Iterable[Any]) -> list[Any]:
    """All step runs (retried attempts included), in creation order."""
    return sorted(steps, key=lambda s: s.created)


def _step(step: Any) -> StepRecord:
    status = str(step.status.value)
    duration = None
    if status not in ("cached", "skipped") and step.start_time and step.end_time:
        duration = max((step.end_time - step.start_time).total_seconds(), 0.0)
    return StepRecord(step.name, status, duration, dict(step.run_metadata))
