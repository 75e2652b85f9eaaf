"""Where a table comes from, how its rows are checked and split, drift tests and outputs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, field_validator, model_validator

from core.config.base import Strict
from core.data.artifact_source import is_artifact_source, parse_artifact_source
from core.errors import DataError

if TYPE_CHECKING:
    from core.data.builtin import BuiltinDataset


def _builtin(source: object) -> BuiltinDataset | None:
    if not isinstance(source, str) or not source.startswith("builtin:"):
        return None  # the generators (numpy, pandas) are imported only for a built-in source
    from core.data.builtin import builtin_dataset

    return builtin_dataset(source)


class SampleConfig(Strict):
    """Parameters of the built-in data generator (`data.source: builtin:<name>`)."""

    rows: int = Field(5000, ge=10, le=50_000_000)
    seed: int = 42
    batch: int = Field(0, ge=0, description="0 = reference data; 1, 2, ... = later batches")
    drift: float = Field(0.0, ge=0.0, le=1.0, description="strength of injected drift")
    extra_features: int = Field(0, ge=0, le=500, description="extra numeric noise columns")


class DataConfig(Strict):
    """Where a table comes from and how its columns are used."""

    source: str = Field(
        ...,
        min_length=1,
        description="CSV/Parquet path, s3:// URI, builtin:churn or artifact:<name>[:<version>]",
    )
    target: str | None = Field(None, description="target column (required for training)")
    id_column: str | None = Field(None, description="stable row id; hashed from the row if unset")
    format: Literal["auto", "csv", "parquet"] = "auto"
    decimal: Literal["auto", ".", ","] = Field(
        "auto", description="CSV decimal mark; auto detects '1,5' in a non-comma-separated file"
    )
    numeric: list[str] | None = Field(None, description="override inferred numeric features")
    categorical: list[str] | None = Field(None, description="override inferred categoricals")
    drop: list[str] = Field(default_factory=list, description="columns never used as features")
    sample: SampleConfig = Field(default_factory=SampleConfig)

    @model_validator(mode="before")
    @classmethod
    def _sample_id(cls, raw: Any) -> Any:
        """A built-in dataset's id column, unless `data.id_column` is set (even to null)."""
        sample = _builtin(raw.get("source")) if isinstance(raw, dict) else None
        if sample is not None and sample.id_column and "id_column" not in raw:
            return {**raw, "id_column": sample.id_column}
        return raw

    @field_validator("source")
    @classmethod
    def _artifact_form(cls, value: str) -> str:
        if is_artifact_source(value):
            try:
                parse_artifact_source(value)
            except DataError as exc:
                raise ValueError(str(exc)) from None
        return value


class ValidationConfig(Strict):
    """Row-level data checks; failing rows are quarantined, never silently dropped."""

    max_quarantine_share: float = Field(0.05, ge=0.0, le=1.0)
    max_unseen_share: float = Field(
        0.05,
        ge=0.0,
        le=1.0,
        description="at inference, a categorical column with more of its values unseen in "
        "training has those rows quarantined; below it they are scored and reported",
    )
    ranges: dict[str, tuple[float | None, float | None]] = Field(default_factory=dict)
    allowed_values: dict[str, list[str]] = Field(default_factory=dict)
    not_null: list[str] = Field(default_factory=list)
    strict: bool = Field(
        False, description="fail when a column is left out of the features without data.drop"
    )


class SplitConfig(Strict):
    """Deterministic split by hashing the row id: a row never changes split."""

    validation_share: float = Field(0.2, gt=0.0, lt=0.5)
    holdout_share: float = Field(0.2, gt=0.0, lt=0.5)
    salt: str = "loopstack"


class DriftConfig(Strict):
    """Evidently data-drift settings (DataDriftPreset)."""

    drift_share: float = Field(0.5, gt=0.0, le=1.0, description="share of drifted columns")
    method: str | None = Field(None, description="Evidently stattest for all columns")
    threshold: float | None = Field(None, gt=0.0, description="stattest threshold")
    per_column_method: dict[str, str] = Field(default_factory=dict)
    sample_rows: int | None = Field(200_000, ge=1000, description="rows sampled per side")


class OutputConfig(Strict):
    uri: str | None = Field(None, description="extra copy of predictions (dir or s3:// prefix)")
