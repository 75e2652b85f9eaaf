"""The champion a challenger is compared with: `evaluate_champion`'s output."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ChampionMetrics(BaseModel):
    """The version holding the stage, scored on the challenger's holdout.

    `version` None: no version holds the stage (or it has no model). `comparable` False: it
    needs columns the holdout lacks. `metrics` empty: it was not scored (policy `always` or
    `never`, or no holdout metrics were recorded for it).
    """

    version: str | None = None
    comparable: bool = True
    metrics: dict[str, float] = Field(default_factory=dict)

    def flat(self) -> dict[str, object]:
        """`version` and the metrics side by side (run metadata, the dashboard)."""
        return {"version": self.version, **self.metrics}
