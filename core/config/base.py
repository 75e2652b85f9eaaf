"""The base of every config section and the names shared by several."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Metric = Literal["accuracy", "f1", "roc_auc"]
Stage = Literal["staging", "production"]


class Strict(BaseModel):
    """Base model: unknown keys are errors, values are validated on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)
