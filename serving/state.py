"""What the deployed service keeps across requests, set up once when it starts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.config import ValidationConfig
from serving.model_cache import ModelCache, shared_cache


@dataclass(frozen=True)
class ServingState:
    cache: ModelCache
    rules: ValidationConfig
    max_rows: int


def start_serving(
    model: str, stage: str, refresh_seconds: float, max_rows: int, validation: dict[str, Any]
) -> ServingState:
    """The pipeline's init hook: load the stage's version now, so the first request is fast
    and a service without a model fails at start, not at its first request."""
    cache = shared_cache(model, stage, refresh_seconds)
    cache.current()
    return ServingState(cache, ValidationConfig.model_validate(validation), max_rows)
