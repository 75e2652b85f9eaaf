"""The model-facing view of a table: row id, typed features and (optionally) the target."""

from __future__ import annotations

import pandas as pd

from core.data.categories import column_as_strings
from core.data.schema import TableSchema


def feature_table(
    df: pd.DataFrame, schema: TableSchema, include_target: bool = True
) -> pd.DataFrame:
    """Select the schema's columns; numeric -> float, categorical -> str (as the encoder
    sees it: 1.0 -> "1") or None."""
    columns = [schema.id_column, *schema.features]
    if include_target and schema.target and schema.target in df.columns:
        columns.append(schema.target)
    out = df.loc[:, columns].copy()
    for column in schema.numeric:
        out[column] = pd.to_numeric(out[column], errors="raise").astype("float64")
    for column in schema.categorical:
        text = pd.Series(column_as_strings(out[column]), index=out.index, dtype=object)
        # pandas-stubs 2.x reject None as `other`; pandas 2 accepts it (object dtype keeps None).
        out[column] = text.where(text.notna(), None)  # type: ignore[call-overload]
    return out.reset_index(drop=True)
