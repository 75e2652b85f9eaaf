"""Score the rows of one request the way batch inference scores a batch.

The model version's feature transform, the row id, the column check and the row validation
are the batch path's own functions, so a row gets the same prediction online and in a batch.
A request is all or nothing: if any row would be quarantined, none is scored and every bad
row is named with its reasons.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from pydantic import BaseModel, Field

from core.config import ValidationConfig
from core.data.profile import check_columns, ensure_row_id
from core.data.schema import TableSchema
from core.data.validation import REASON_COLUMN, validate_rows
from core.errors import DataError
from core.features.spec import FeatureTransform, apply_to_batch
from core.inference.predictions import class_probabilities

SOURCE = "request"  # how errors name the data


class ScoreRequest(BaseModel):
    """The JSON body of a scoring request: one object per row, column -> value."""

    rows: list[dict[str, Any]] = Field(..., min_length=1)


class RowProblem(BaseModel):
    row: int  # position in the request, from 0
    reasons: list[str]


class Rejected(BaseModel):
    """Nothing was scored: the request as a whole, or these rows, failed the checks."""

    error: str
    rows: list[RowProblem] = Field(default_factory=list)


class Scored(BaseModel):
    """Predictions in request order, with each class's probability."""

    model: str
    version: str
    stage: str
    predictions: list[Any]
    probabilities: list[dict[str, float]]


def score_rows(
    rows: list[dict[str, Any]],
    model: Any,
    schema: TableSchema,
    transform: FeatureTransform,
    rules: ValidationConfig,
) -> tuple[list[Any], list[dict[str, float]]] | Rejected:
    """Predictions and probabilities for every row, or why the request was rejected."""
    frame = pd.DataFrame.from_records(rows)
    if not schema.id_derived and schema.id_column not in frame.columns:
        frame[schema.id_column] = range(len(frame))  # a request needs no row ids
    try:
        table = ensure_row_id(apply_to_batch(frame, transform, SOURCE), schema)
        check_columns(table, schema, SOURCE, require_target=False)
        result = validate_rows(table, schema, rules, require_target=False)
    except DataError as exc:
        return Rejected(error=str(exc))
    if len(result.quarantined):
        reasons = result.quarantined[REASON_COLUMN].astype(str).str.split("; ")
        problems = [
            RowProblem(row=position, reasons=list(why))
            for position, why in zip(result.quarantined_positions, reasons, strict=True)
        ]
        count = len(problems)
        return Rejected(error=f"{count} of {len(rows)} rows failed validation", rows=problems)
    features = result.valid[schema.features]
    classes = list(schema.classes) or list(model.classes_)
    predicted = [_plain(value) for value in model.predict(features)]
    proba = class_probabilities(model, features, classes)
    probabilities = [
        {str(cls): round(float(p), 6) for cls, p in zip(classes, row, strict=True)} for row in proba
    ]
    return predicted, probabilities


def _plain(value: Any) -> Any:
    """numpy scalars as the JSON types they stand for."""
    return value.item() if hasattr(value, "item") else value
