"""Categories seen at training, and how far a new batch strays from them.

Values are compared as the model's one-hot encoder sees them (`column_as_strings`): 1 and
1.0 are one category, so a code column read back from CSV with gaps (floats) still matches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.data.profile import numeric_share
from core.data.schema import TableSchema

MAX_CATEGORIES = 1000  # a column with more distinct values is not recorded, so not checked
TEXT_SHARE = 0.5  # below this numeric share a column holds text
EXAMPLES = 3


def column_as_strings(column: pd.Series) -> np.ndarray:
    """Cast one column to str; integral floats print as ints so 1 and 1.0 match; NaN stays."""
    missing = column.isna().to_numpy()
    if pd.api.types.is_float_dtype(column.dtype):
        values = column.to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            integral = ~missing & (np.mod(values, 1) == 0) & (np.abs(values) < 2**53)
        text = np.full(len(values), np.nan, dtype=object)
        text[integral] = values[integral].astype(np.int64).astype(str)
        other = ~missing & ~integral
        text[other] = values[other].astype(str)
        return text
    text = column.astype(str).to_numpy(dtype=object)
    text[missing] = np.nan
    return text


def seen_categories(frame: pd.DataFrame, columns: list[str]) -> dict[str, list[str]]:
    """Column -> sorted distinct values (as strings); columns over `MAX_CATEGORIES` are left out."""
    seen: dict[str, list[str]] = {}
    for column in columns:
        values = pd.Series(column_as_strings(frame[column])).dropna().unique()
        if len(values) <= MAX_CATEGORIES:
            seen[column] = sorted(str(v) for v in values)
    return seen


@dataclass
class UnseenCategories:
    """One categorical column of a batch: its values that training never saw."""

    column: str
    share: float  # of the column's non-missing values
    rows: np.ndarray  # bool mask over the batch
    examples: list[str]
    type_change: str | None  # "categorical at training (...), numeric in this batch"

    def reason(self) -> str:
        """One quarantine reason for all the column's unseen rows (keeps the counts small)."""
        shown = ", ".join(repr(v) for v in self.examples)
        if self.type_change:
            return f"{self.column}: type changed: {self.type_change} (e.g. {shown})"
        return f"{self.column}: unseen category (e.g. {shown})"


def _type_change(values: pd.Series, seen: list[str]) -> str | None:
    """Text categories at training but only numbers now: the column's meaning changed."""
    if numeric_share(pd.Series(seen)) >= TEXT_SHARE or numeric_share(values) < 1.0:
        return None
    trained = ", ".join(repr(v) for v in seen[:EXAMPLES])
    return f"categorical at training ({trained}), numeric in this batch"


def unseen_categories(frame: pd.DataFrame, schema: TableSchema) -> list[UnseenCategories]:
    """Per recorded categorical column with values training never saw: share, rows, examples."""
    found: list[UnseenCategories] = []
    for column in schema.categorical:
        seen = schema.categories.get(column)
        if seen is None or column not in frame.columns:
            continue
        text = pd.Series(column_as_strings(frame[column]))
        present = text.notna()
        unseen = (present & ~text.isin(seen)).to_numpy()
        if not unseen.any():
            continue
        examples = [str(v) for v in text[unseen].unique()[:EXAMPLES]]
        share = float(unseen.sum() / present.sum())
        change = _type_change(frame[column][present.to_numpy()], seen)
        found.append(UnseenCategories(column, share, unseen, examples, change))
    return found
