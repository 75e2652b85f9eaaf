"""Learn a `TableSchema` from a raw table and check later tables against it.

Inference is conservative and explained: a column that cannot help a model (all missing,
constant, an identifier, free text, a timestamp) or whose kind is unclear (mostly numbers
with some text) is left out and reported in `excluded` (the training step names each one on
the console, see exclusions.py); list it in `data.numeric` / `data.categorical` to force it in.
"""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from core.data.schema import DERIVED_ID, TableSchema
from core.errors import DataError

NUMERIC_PARSE_SHARE = 0.95  # an object column this numeric is a numeric column with typos
MOSTLY_NUMERIC_SHARE = 0.5  # below the above: numbers or categories? the user decides
MAX_CLASSES = 50
FREE_TEXT_UNIQUE_SHARE = 0.5
FREE_TEXT_MIN_UNIQUE = 100
PROFILE_SAMPLE = 50_000  # rows looked at to decide a text column's kind


def _suggest(name: str, columns: list[str]) -> str:
    close = difflib.get_close_matches(name, columns, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    shown = ", ".join(columns[:12]) + (", ..." if len(columns) > 12 else "")
    return f"columns are: {shown}"


def _require(column: str, columns: list[str], source: str, key: str) -> None:
    if column not in columns:
        raise DataError(
            f"{source}: column '{column}' (set by {key}) is not in the table; "
            f"{_suggest(column, columns)} Fix {key} in the config"
        )


def numeric_share(values: pd.Series) -> float:
    """Share of non-missing values that parse as numbers (on a fixed sample of big columns)."""
    present = values.dropna()
    if present.empty:
        return 0.0
    if len(present) > PROFILE_SAMPLE:
        present = present.sample(PROFILE_SAMPLE, random_state=0)
    return float(pd.to_numeric(present, errors="coerce").notna().mean())


def classify_column(values: pd.Series) -> tuple[str, str]:
    """('numeric' | 'categorical' | 'excluded', why) for one candidate feature column."""
    present = values.dropna()
    rows = len(values)
    if present.empty:
        return "excluded", "all values missing"
    if pd.api.types.is_datetime64_any_dtype(values):
        return "excluded", "timestamp (derive features from it in a feature pipeline)"
    unique = present.nunique()
    if unique == 1:
        return "excluded", "constant"
    if pd.api.types.is_bool_dtype(values):
        return "categorical", "boolean"
    is_integer = pd.api.types.is_integer_dtype(values)
    if is_integer and unique == rows and rows >= 50 and present.is_monotonic_increasing:
        return "excluded", "looks like a row number (unique, increasing integers)"
    if pd.api.types.is_numeric_dtype(values):
        return "numeric", "numbers"
    share = numeric_share(values)
    if share >= NUMERIC_PARSE_SHARE:
        return "numeric", "numbers stored as text; rows that do not parse are quarantined"
    if share >= MOSTLY_NUMERIC_SHARE:
        numbers = int(share * 100)
        return "excluded", (
            f"{numbers}% numbers, {100 - numbers}% text; list it in data.numeric (text rows are "
            "quarantined) or data.categorical, or data.drop"
        )
    if len(present) > PROFILE_SAMPLE:
        present = present.sample(PROFILE_SAMPLE, random_state=0)
        unique = present.nunique()
    if unique >= FREE_TEXT_MIN_UNIQUE and unique / len(present) > FREE_TEXT_UNIQUE_SHARE:
        return "excluded", f"{unique} distinct texts: an identifier or free text"
    return "categorical", "categories"


def _target_classes(frame: pd.DataFrame, target: str, source: str) -> list[object]:
    values = frame[target].dropna()
    classes = sorted(values.unique().tolist(), key=lambda v: (str(type(v)), v))
    if len(classes) < 2:
        raise DataError(
            f"{source}: target column '{target}' has {len(classes)} class(es); a classifier "
            "needs at least two. Check data.target"
        )
    if len(classes) > MAX_CLASSES:
        raise DataError(
            f"{source}: target column '{target}' has {len(classes)} distinct values; loopstack "
            "trains classifiers, so data.target must be a class column (bin a numeric target first)"
        )
    return [c.item() if isinstance(c, np.generic) else c for c in classes]


def infer_schema(
    frame: pd.DataFrame,
    source: str,
    target: str | None,
    id_column: str | None = None,
    numeric: list[str] | None = None,
    categorical: list[str] | None = None,
    drop: list[str] | None = None,
) -> TableSchema:
    """Decide target, id and feature columns; raise `DataError` on anything unusable."""
    columns = [str(c) for c in frame.columns]
    if target is None:
        raise DataError(f"{source}: no target column configured; set data.target")
    _require(target, columns, source, "data.target")
    if id_column is not None:
        _require(id_column, columns, source, "data.id_column")
    elif DERIVED_ID in columns:
        raise DataError(
            f"{source}: the table has a '{DERIVED_ID}' column; set data.id_column: {DERIVED_ID}"
        )
    for key, names in (("data.numeric", numeric), ("data.categorical", categorical)):
        for name in names or []:
            _require(name, columns, source, key)
    for name in drop or []:
        _require(name, columns, source, "data.drop")

    reserved = {target, id_column, *(drop or [])}
    forced = set(numeric or []) | set(categorical or [])
    chosen_numeric = list(numeric or [])
    chosen_categorical = list(categorical or [])
    excluded: dict[str, str] = {}
    both_given = numeric is not None and categorical is not None
    for column in [] if both_given else columns:
        if column in reserved or column in forced:
            continue
        kind, why = classify_column(frame[column])
        if kind == "numeric" and numeric is None:
            chosen_numeric.append(column)
        elif kind == "categorical" and categorical is None:
            chosen_categorical.append(column)
        elif kind == "excluded":
            excluded[column] = why
        else:
            excluded[column] = f"{kind}, but not listed in data.{kind}"
    if not chosen_numeric and not chosen_categorical:
        raise DataError(
            f"{source}: no usable feature columns (excluded: {excluded or 'none'}); "
            "list features in data.numeric / data.categorical"
        )
    return TableSchema(
        source=source,
        target=target,
        id_column=id_column or DERIVED_ID,
        id_derived=id_column is None,
        numeric=chosen_numeric,
        categorical=chosen_categorical,
        classes=_target_classes(frame, target, source),
        dtypes={str(c): str(t) for c, t in frame.dtypes.items()},
        excluded=excluded,
    )


def ensure_row_id(frame: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """Add the derived row id (content hash of the feature values) when the table has none.

    Identical rows share the hash, so they always land in the same split (no leakage);
    an occurrence counter keeps ids unique: `<hash>-<n>`.
    """
    if not schema.id_derived or schema.id_column in frame.columns:
        return frame
    present = [c for c in sorted(schema.features) if c in frame.columns]
    normalised = pd.DataFrame(
        {
            c: pd.to_numeric(frame[c], errors="coerce")
            if c in schema.numeric
            else frame[c].astype(str).where(frame[c].notna(), "")
            for c in present
        }
    )
    hashes = pd.util.hash_pandas_object(normalised, index=False)
    occurrence = hashes.groupby(hashes.to_numpy(), sort=False).cumcount().astype(str)
    content = hashes.map("{:016x}".format)
    out = frame.copy()
    out.insert(0, schema.id_column, (content + "-" + occurrence).to_numpy())
    return out


def check_columns(
    frame: pd.DataFrame, schema: TableSchema, source: str, require_target: bool
) -> None:
    """Fail with one clear line when a table lacks columns the schema needs."""
    columns = [str(c) for c in frame.columns]
    if frame.empty:
        raise DataError(f"{source}: the table has no rows")
    if require_target and schema.target is not None:
        _require(schema.target, columns, source, "data.target")
    if not schema.id_derived:
        _require(schema.id_column, columns, source, "data.id_column")
    missing = [c for c in schema.features if c not in columns]
    if missing:
        raise DataError(
            f"{source}: missing feature column(s) {missing} that the model was trained on "
            f"(trained on {schema.source}); add them to the batch"
        )
