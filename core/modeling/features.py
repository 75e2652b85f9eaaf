"""Feature preprocessing built from the table schema."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from core.data.categories import column_as_strings
from core.data.schema import TableSchema
from core.errors import DataError

MISSING = "__missing__"
MIN_CATEGORY_SHARE = 0.01  # rarer categories share one "infrequent" column


def as_strings(X: pd.DataFrame | np.ndarray) -> np.ndarray:
    """Cast categorical values (str, int, bool, mixed) to str; missing values become NaN."""
    frame = pd.DataFrame(X)
    if frame.shape[1] == 0:
        return np.empty((len(frame), 0), dtype=object)
    return np.column_stack([column_as_strings(frame[c]) for c in frame.columns])


def build_preprocessor(schema: TableSchema) -> ColumnTransformer:
    """Numeric: median impute + scale. Categorical: str, constant impute, one-hot.

    Unknown categories at inference encode as all zeros; categories rarer than
    `MIN_CATEGORY_SHARE` of the training rows are merged into one infrequent column.
    Columns not in the schema (id, target, extras) are dropped.
    """
    transformers: list[tuple[str, Pipeline, list[str]]] = []
    if schema.numeric:
        numeric = Pipeline(
            [("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]
        )
        transformers.append(("numeric", numeric, list(schema.numeric)))
    if schema.categorical:
        categorical = Pipeline(
            [
                ("to_str", FunctionTransformer(as_strings, feature_names_out="one-to-one")),
                ("impute", SimpleImputer(strategy="constant", fill_value=MISSING)),
                (
                    "onehot",
                    OneHotEncoder(
                        handle_unknown="ignore",
                        sparse_output=False,
                        min_frequency=MIN_CATEGORY_SHARE,
                    ),
                ),
            ]
        )
        transformers.append(("categorical", categorical, list(schema.categorical)))
    if not transformers:
        raise DataError(f"{schema.source}: the schema has no numeric or categorical features")
    return ColumnTransformer(transformers, remainder="drop", sparse_threshold=0.0)
