"""How a run is executed: cache, stack, retries, step resources and schedule."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, model_validator

from core.config.base import Strict


class StepResources(Strict):
    """Container resources of one step on container orchestrators (Kubeflow). No memory: ZenML
    0.98's Kubeflow orchestrator passes it to kfp as a float, which kfp rejects."""

    cpu: float | None = Field(None, gt=0)
    gpu: int | None = Field(None, ge=0, description="needs an accelerator node selector")


class RetryConfig(Strict):
    """Retries of the steps that do I/O (read sources, registries, write outputs)."""

    max_retries: int = Field(2, ge=0, le=10, description="0 = no retries")
    delay_seconds: int = Field(2, ge=0, le=3600, description="wait before the first retry")
    backoff: int = Field(2, ge=1, le=10, description="each wait is the previous one times this")


class RunSettings(Strict):
    cache: bool = True
    stack: str | None = Field(None, description="switch to this ZenML stack before running")
    retry: RetryConfig = Field(default_factory=RetryConfig)
    resources: dict[str, StepResources] = Field(
        default_factory=dict, description="step name -> container resources (Kubeflow)"
    )


class ScheduleConfig(Strict):
    """When the orchestrator runs the pipeline by itself: a cron line or an interval."""

    cron: str | None = Field(None, description="5-field cron, e.g. '0 2 * * *' (02:00 daily)")
    interval_minutes: int | None = Field(None, ge=1, description="run every N minutes")
    start: datetime | None = Field(None, description="first run (ISO time); default: now")
    end: datetime | None = Field(None, description="no runs after this time")
    catchup: bool = False

    @model_validator(mode="after")
    def _one_trigger(self) -> ScheduleConfig:
        if (self.cron is None) == (self.interval_minutes is None):
            raise ValueError("schedule: set exactly one of cron or interval_minutes")
        if self.cron is not None and len(self.cron.split()) != 5:
            raise ValueError(f"schedule.cron: {self.cron!r} needs 5 fields, e.g. '0 2 * * *'")
        if self.start and self.end and self.end <= self.start:
            raise ValueError("schedule.end: must be after schedule.start")
        return self
