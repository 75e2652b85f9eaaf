"""What the deployed service keeps across requests, set up once when it starts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.config import ValidationConfig
from core.serving.scoring import Rejected, Scored, score_rows
from serving.model_cache import ModelCache, NoModelError, shared_cache


@dataclass(frozen=True)
class ServingState:
    cache: ModelCache
    rules: ValidationConfig
    max_rows: int

    def answer(self, rows: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
        """HTTP status and body for a request's rows: 200 scored, 413 too many rows, 422 rows
        that failed the checks (nothing scored), 503 no version in the stage."""
        if len(rows) > self.max_rows:
            error = f"{len(rows)} rows in one request; at most {self.max_rows} (serve.max_rows)"
            return 413, Rejected(error=error).model_dump()
        try:
            loaded = self.cache.current()
        except NoModelError as exc:
            return 503, Rejected(error=str(exc)).model_dump()
        outcome = score_rows(rows, loaded.model, loaded.schema, loaded.transform, self.rules)
        if isinstance(outcome, Rejected):
            return 422, outcome.model_dump()
        predictions, probabilities = outcome
        scored = Scored(
            model=loaded.name,
            version=loaded.version,
            stage=loaded.stage,
            predictions=predictions,
            probabilities=probabilities,
        )
        return 200, scored.model_dump()


def start_serving(
    model: str, stage: str, refresh_seconds: float, max_rows: int, validation: dict[str, Any]
) -> ServingState:
    """The pipeline's init hook: load the stage's version now, so the first request is fast
    and a service without a model fails at start, not at its first request."""
    cache = shared_cache(model, stage, refresh_seconds)
    cache.current()
    return ServingState(cache, ValidationConfig.model_validate(validation), max_rows)
