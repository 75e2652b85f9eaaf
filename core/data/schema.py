"""The table schema learned at training time and enforced at inference time."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

DERIVED_ID = "row_id"


class TableSchema(BaseModel):
    """Which column is what; saved with the model so inference sees the training view."""

    source: str = Field(..., description="where the training table came from (for messages)")
    target: str | None
    id_column: str = Field(..., description=f"stable row id; '{DERIVED_ID}' if derived")
    id_derived: bool = False
    numeric: list[str]
    categorical: list[str]
    classes: list[Any] = Field(default_factory=list, description="sorted target classes")
    dtypes: dict[str, str] = Field(default_factory=dict, description="column -> pandas dtype")
    categories: dict[str, list[str]] = Field(
        default_factory=dict,
        description="categorical column -> values the training rows held, as the encoder sees "
        "them; empty in schemas saved before it was recorded (then nothing is checked)",
    )
    excluded: dict[str, str] = Field(
        default_factory=dict, description="column -> why it is not a feature"
    )

    @property
    def features(self) -> list[str]:
        return [*self.numeric, *self.categorical]

    @property
    def task(self) -> str:
        return "binary" if len(self.classes) <= 2 else "multiclass"
