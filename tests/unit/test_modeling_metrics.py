"""Evaluation metrics checked against sklearn computed directly."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    roc_auc_score,
    roc_curve,
)
from sklearn.pipeline import Pipeline

from core.config import CandidateConfig
from core.data.schema import TableSchema
from core.errors import ConfigError, DataError
from core.modeling.candidates import fit_candidate
from core.modeling.metrics import MAX_CURVE_POINTS, EvaluationResult, _curve, evaluate, score_for
from tests.unit.test_modeling_data import make_frame, make_schema

LR = CandidateConfig(name="lr", kind="logistic_regression")


def fitted(multiclass: bool) -> tuple[Pipeline, TableSchema]:
    frame = make_frame(multiclass=multiclass)
    schema = make_schema(frame)
    return fit_candidate(LR, schema, frame, seed=0), schema


def test_binary_metrics_match_sklearn() -> None:
    model, schema = fitted(multiclass=False)
    holdout = make_frame(n=200, seed=5)
    result = evaluate(model, holdout, schema)
    y, pred = holdout["label"], model.predict(holdout)
    score = model.predict_proba(holdout)[:, 1]
    assert result.metrics["accuracy"] == pytest.approx(accuracy_score(y, pred))
    assert result.metrics["f1"] == pytest.approx(f1_score(y, pred, pos_label=1))
    assert result.metrics["roc_auc"] == pytest.approx(roc_auc_score(y, score))
    assert result.metrics["n_rows"] == 200.0
    assert result.confusion == confusion_matrix(y, pred, labels=[0, 1]).tolist()
    assert result.labels == ["0", "1"]
    fpr, tpr, _ = roc_curve(y, score)
    assert list(result.roc_curves) == ["1"]
    assert result.roc_curves["1"] == (fpr.tolist(), tpr.tolist())


def test_binary_positive_class_is_last_of_schema_classes() -> None:
    frame = make_frame()
    frame["label"] = frame["label"].map({0: "no", 1: "yes"})
    schema = make_schema(frame)
    model = fit_candidate(LR, schema, frame, seed=0)
    result = evaluate(model, frame, schema)
    pred = model.predict(frame)
    assert result.metrics["f1"] == pytest.approx(f1_score(frame["label"], pred, pos_label="yes"))
    assert list(result.roc_curves) == ["yes"]


def test_multiclass_metrics_match_sklearn() -> None:
    model, schema = fitted(multiclass=True)
    holdout = make_frame(n=200, seed=5, multiclass=True)
    result = evaluate(model, holdout, schema)
    y, pred, proba = holdout["label"], model.predict(holdout), model.predict_proba(holdout)
    assert list(model.classes_) == schema.classes == ["high", "low", "mid"]
    assert result.metrics["accuracy"] == pytest.approx(accuracy_score(y, pred))
    assert result.metrics["f1"] == pytest.approx(f1_score(y, pred, average="macro"))
    expected_auc = roc_auc_score(y, proba, multi_class="ovr", average="macro")
    assert result.metrics["roc_auc"] == pytest.approx(expected_auc)
    assert result.confusion == confusion_matrix(y, pred, labels=schema.classes).tolist()
    assert sorted(result.roc_curves) == ["high", "low", "mid"]


def test_class_absent_from_holdout_scores_present_classes_only() -> None:
    model, schema = fitted(multiclass=True)
    holdout = make_frame(n=300, seed=5, multiclass=True)
    holdout = holdout[holdout["label"] != "low"]
    result = evaluate(model, holdout, schema)
    proba = model.predict_proba(holdout)
    y = holdout["label"].to_numpy()
    expected = np.mean([roc_auc_score(y == c, proba[:, j]) for j, c in [(0, "high"), (2, "mid")]])
    assert result.metrics["roc_auc"] == pytest.approx(expected)
    assert sorted(result.roc_curves) == ["high", "mid"]
    assert result.confusion[1] == [0, 0, 0]


def test_model_missing_a_schema_class_still_evaluates() -> None:
    frame = make_frame(n=300, multiclass=True)
    schema = make_schema(frame)
    model = fit_candidate(LR, schema, frame[frame["label"] != "low"], seed=0)
    result = evaluate(model, frame, schema)
    assert math.isfinite(result.metrics["roc_auc"])
    assert [row[1] for row in result.confusion] == [0, 0, 0]  # "low" is never predicted


def test_one_class_holdout_gives_nan_auc_and_round_trips_as_json() -> None:
    model, schema = fitted(multiclass=False)
    holdout = make_frame(n=200, seed=5)
    holdout = holdout[holdout["label"] == 1]
    result = evaluate(model, holdout, schema)
    assert math.isnan(result.metrics["roc_auc"])
    assert result.roc_curves == {}
    assert score_for(result.metrics, "roc_auc") == -math.inf
    again = EvaluationResult.model_validate_json(result.model_dump_json())
    assert math.isnan(again.metrics["roc_auc"])
    assert again.confusion == result.confusion


def test_evaluation_is_deterministic() -> None:
    model, schema = fitted(multiclass=True)
    holdout = make_frame(n=200, seed=5, multiclass=True)
    assert evaluate(model, holdout, schema) == evaluate(model, holdout, schema)


def test_long_curves_are_thinned_but_keep_end_points() -> None:
    rng = np.random.default_rng(0)
    fpr, tpr = _curve(rng.random(20_000) > 0.5, rng.random(20_000))
    assert len(fpr) == len(tpr) <= MAX_CURVE_POINTS
    assert (fpr[0], tpr[0]) == (0.0, 0.0) and (fpr[-1], tpr[-1]) == (1.0, 1.0)
    assert fpr == sorted(fpr)


def test_score_for() -> None:
    assert score_for({"f1": 0.5}, "f1") == 0.5
    with pytest.raises(ConfigError, match="'auc' was not computed; available: f1"):
        score_for({"f1": 0.5}, "auc")


def test_target_values_outside_schema_classes_are_a_data_error() -> None:
    model, schema = fitted(multiclass=False)
    holdout = make_frame(n=50, seed=5)
    holdout["label"] = holdout["label"].astype(str)
    with pytest.raises(DataError, match="not in the schema classes"):
        evaluate(model, holdout, schema)
