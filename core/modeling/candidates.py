"""Candidate estimators: config kind + params -> an unfitted sklearn Pipeline."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.ensemble import (
    ExtraTreesClassifier,
    GradientBoostingClassifier,
    HistGradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from core.config import CandidateConfig
from core.data.schema import TableSchema
from core.errors import ConfigError, DataError
from core.modeling.features import build_preprocessor

# kind -> (estimator class, defaults applied before the candidate's own params)
ESTIMATORS: dict[str, tuple[type[BaseEstimator], dict[str, Any]]] = {
    "logistic_regression": (LogisticRegression, {"max_iter": 1000}),
    "random_forest": (RandomForestClassifier, {"n_jobs": 1}),
    "extra_trees": (ExtraTreesClassifier, {"n_jobs": 1}),
    "hist_gradient_boosting": (HistGradientBoostingClassifier, {}),
    "gradient_boosting": (GradientBoostingClassifier, {}),
}


def build_estimator(cfg: CandidateConfig, seed: int) -> BaseEstimator:
    """Instantiate and validate the estimator; bad keys or values raise `ConfigError`.

    `random_state` defaults to `seed`; an explicit `random_state` in params wins.
    """
    if cfg.kind not in ESTIMATORS:
        raise ConfigError(
            f"candidates.{cfg.name}: unknown kind {cfg.kind!r}; valid: {', '.join(ESTIMATORS)}"
        )
    cls, defaults = ESTIMATORS[cfg.kind]
    estimator = cls()
    valid = sorted(estimator.get_params(deep=False))
    for key in cfg.params:
        if key not in valid:
            raise ConfigError(
                f"candidates.{cfg.name} ({cfg.kind}): unknown parameter {key!r}; "
                f"valid: {', '.join(valid)}"
            )
    params = dict(defaults)
    if "random_state" in valid:
        params["random_state"] = seed
    params.update(cfg.params)
    estimator.set_params(**params)
    validate = getattr(estimator, "_validate_params", None)  # sklearn >= 1.2
    if callable(validate):
        try:
            validate()
        except (ValueError, TypeError) as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ConfigError(f"candidates.{cfg.name} ({cfg.kind}): {message}") from None
    return estimator


def build_candidate(cfg: CandidateConfig, schema: TableSchema, seed: int) -> Pipeline:
    """Unfitted pipeline with steps "preprocess" (from the schema) and "model"."""
    return Pipeline(
        [("preprocess", build_preprocessor(schema)), ("model", build_estimator(cfg, seed))]
    )


def feature_frame(df: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """The schema's feature columns of `df`; missing columns raise `DataError`."""
    missing = [c for c in schema.features if c not in df.columns]
    if missing:
        raise DataError(f"{schema.source}: feature columns missing from the table: {missing}")
    return df[schema.features]


def target_series(df: pd.DataFrame, schema: TableSchema) -> pd.Series:
    """The target column of `df` (classes kept as-is); missing or null targets raise."""
    if not schema.target:
        raise ConfigError(f"{schema.source}: the schema has no target column (data.target)")
    if schema.target not in df.columns:
        raise DataError(f"{schema.source}: target column {schema.target!r} is missing")
    y = df[schema.target]
    if y.isna().any():
        raise DataError(
            f"{schema.source}: target {schema.target!r} has {int(y.isna().sum())} missing values"
        )
    return y


def fit_candidate(
    cfg: CandidateConfig, schema: TableSchema, train_df: pd.DataFrame, seed: int
) -> Pipeline:
    """Build the candidate and fit it on `schema.features` -> `schema.target`."""
    if train_df.empty:
        raise DataError(f"{schema.source}: cannot train {cfg.name!r} on an empty table")
    model = build_candidate(cfg, schema, seed)
    model.fit(feature_frame(train_df, schema), target_series(train_df, schema))
    return model
