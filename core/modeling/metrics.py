"""Holdout evaluation: metrics, confusion matrix and ROC curves for any classifier."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, roc_auc_score, roc_curve

from core.data.schema import TableSchema
from core.errors import ConfigError, DataError
from core.modeling.candidates import feature_frame, target_series

MAX_CURVE_POINTS = 500  # ROC curves are thinned to at most this many points

Curve = tuple[list[float], list[float]]


class EvaluationResult(BaseModel):
    """Metrics of one model on one table; JSON-serialisable (NaN kept as NaN)."""

    model_config = ConfigDict(ser_json_inf_nan="constants")

    metrics: dict[str, float]
    labels: list[str]
    confusion: list[list[int]]
    roc_curves: dict[str, Curve]


def _proba_by_class(model: Any, X: pd.DataFrame, classes: list[Any]) -> np.ndarray:
    """predict_proba with columns reordered to `classes` (0 for classes the model lacks)."""
    proba = np.asarray(model.predict_proba(X), dtype=float)
    out = np.zeros((len(X), len(classes)))
    position = {c: i for i, c in enumerate(model.classes_)}
    for j, cls in enumerate(classes):
        if cls in position:
            out[:, j] = proba[:, position[cls]]
    return out


def _thin(values: np.ndarray, idx: np.ndarray) -> list[float]:
    return [float(v) for v in values[idx]]


def _curve(is_pos: np.ndarray, score: np.ndarray) -> Curve:
    fpr, tpr, _ = roc_curve(is_pos, score)
    idx = np.arange(len(fpr))
    if len(idx) > MAX_CURVE_POINTS:
        idx = np.unique(np.linspace(0, len(fpr) - 1, MAX_CURVE_POINTS).round().astype(int))
    return _thin(fpr, idx), _thin(tpr, idx)


def _roc(y: np.ndarray, proba: np.ndarray, classes: list[Any]) -> tuple[float, dict[str, Curve]]:
    """ROC AUC and curves: binary on the positive class, multiclass one-vs-rest macro.

    Only classes that occur in `y` (alongside at least one other class) are scored;
    the AUC is NaN when `y` holds fewer than two classes.
    """
    binary = len(classes) <= 2
    targets = [len(classes) - 1] if binary else range(len(classes))
    aucs: list[float] = []
    curves: dict[str, Curve] = {}
    for j in targets:
        is_pos = y == classes[j]
        if is_pos.all() or not is_pos.any():
            continue
        aucs.append(float(roc_auc_score(is_pos, proba[:, j])))
        curves[str(classes[j])] = _curve(is_pos, proba[:, j])
    return (float(np.mean(aucs)) if aucs else math.nan), curves


def evaluate(model: Any, df: pd.DataFrame, schema: TableSchema) -> EvaluationResult:
    """Score a fitted classifier on `df` (normally the holdout split).

    metrics: accuracy; f1 (binary: F1 of the positive class `schema.classes[-1]`;
    multiclass: macro over classes in y or predictions); roc_auc (see `_roc`); n_rows.
    The confusion matrix rows (true) and columns (predicted) follow `schema.classes`.
    """
    if df.empty:
        raise DataError(f"{schema.source}: cannot evaluate on an empty table")
    X, y_series = feature_frame(df, schema), target_series(df, schema)
    classes = list(schema.classes) or sorted(model.classes_.tolist())
    y = y_series.to_numpy()
    unknown = sorted({str(v) for v in y} - {str(c) for c in classes})
    if unknown or not set(y) <= set(classes):
        raise DataError(
            f"{schema.source}: target values {unknown or sorted(map(str, set(y)))} are not in the "
            f"schema classes {classes} (check the target dtype, e.g. 1 vs '1')"
        )
    pred = np.asarray(model.predict(X))
    if len(classes) <= 2:
        f1 = f1_score(y, pred, labels=[classes[-1]], average="macro", zero_division=0.0)
    else:
        f1 = f1_score(y, pred, average="macro", zero_division=0.0)
    auc, curves = _roc(y, _proba_by_class(model, X, classes), classes)
    metrics = {
        "accuracy": float(accuracy_score(y, pred)),
        "f1": float(f1),
        "roc_auc": auc,
        "n_rows": float(len(df)),
    }
    confusion = confusion_matrix(y, pred, labels=classes).astype(int).tolist()
    return EvaluationResult(
        metrics=metrics, labels=[str(c) for c in classes], confusion=confusion, roc_curves=curves
    )


def score_for(metrics: dict[str, float], name: str) -> float:
    """Value of metric `name` for ranking (higher is better); NaN ranks last as -inf."""
    if name not in metrics:
        raise ConfigError(f"metric {name!r} was not computed; available: {', '.join(metrics)}")
    value = float(metrics[name])
    return -math.inf if math.isnan(value) else value
