"""Candidate pipelines: every kind fits, is reproducible, and rejects bad params."""

from __future__ import annotations

import numpy as np
import pytest

from core.config import CandidateConfig
from core.errors import ConfigError, DataError
from core.modeling.candidates import ESTIMATORS, build_candidate, fit_candidate
from tests.unit.test_modeling_data import make_frame, make_schema

SMALL = {
    "logistic_regression": {},
    "random_forest": {"n_estimators": 20},
    "extra_trees": {"n_estimators": 20},
    "hist_gradient_boosting": {"max_iter": 20},
    "gradient_boosting": {"n_estimators": 20},
}


def cand(kind: str, **params: object) -> CandidateConfig:
    return CandidateConfig(name=f"c_{kind}", kind=kind, params={**SMALL[kind], **params})


@pytest.mark.parametrize("kind", list(ESTIMATORS))
@pytest.mark.parametrize("multiclass", [False, True])
def test_every_kind_fits_binary_and_multiclass(kind: str, multiclass: bool) -> None:
    frame = make_frame(multiclass=multiclass)
    schema = make_schema(frame)
    model = fit_candidate(cand(kind), schema, frame, seed=7)
    assert [name for name, _ in model.steps] == ["preprocess", "model"]
    assert sorted(model.classes_.tolist()) == schema.classes  # labels kept as-is
    unseen = make_frame(n=20, seed=99, multiclass=multiclass)
    unseen["plan"] = "never_seen"
    unseen.loc[0, ["age", "spend"]] = np.nan
    unseen = unseen.drop(columns=["label"])
    proba = model.predict_proba(unseen)
    assert proba.shape == (20, len(schema.classes))
    assert set(model.predict(unseen)) <= set(schema.classes)
    assert model.score(frame, frame["label"]) > 0.6


@pytest.mark.parametrize("kind", ["random_forest", "extra_trees", "hist_gradient_boosting"])
def test_same_seed_gives_identical_predictions(kind: str) -> None:
    frame = make_frame()
    schema = make_schema(frame)
    new = make_frame(n=100, seed=1)

    def proba(seed: int) -> np.ndarray:
        model = fit_candidate(cand(kind, max_features=0.5), schema, frame, seed=seed)
        return np.asarray(model.predict_proba(new))

    first, second, other = proba(3), proba(3), proba(4)
    np.testing.assert_array_equal(first, second)
    assert not np.array_equal(first, other)


def test_defaults_seed_and_explicit_params() -> None:
    schema = make_schema(make_frame())
    lr = build_candidate(cand("logistic_regression"), schema, seed=5).named_steps["model"]
    assert lr.max_iter == 1000 and lr.random_state == 5
    rf = build_candidate(cand("random_forest", random_state=1), schema, 5).named_steps["model"]
    assert rf.n_jobs == 1 and rf.random_state == 1 and rf.n_estimators == 20


def test_unknown_param_names_candidate_key_and_valid_keys() -> None:
    cfg = CandidateConfig(name="forest", kind="random_forest", params={"n_trees": 10})
    with pytest.raises(ConfigError) as info:
        build_candidate(cfg, make_schema(make_frame()), seed=0)
    message = str(info.value)
    assert "\n" not in message
    assert "candidates.forest (random_forest)" in message
    assert "'n_trees'" in message
    assert "n_estimators" in message and "max_depth" in message


def test_invalid_param_value_is_a_config_error() -> None:
    cfg = CandidateConfig(name="forest", kind="random_forest", params={"n_estimators": -1})
    with pytest.raises(ConfigError, match=r"candidates\.forest .*n_estimators"):
        build_candidate(cfg, make_schema(make_frame()), seed=0)


def test_missing_feature_column_is_a_data_error() -> None:
    frame = make_frame()
    schema = make_schema(frame)
    with pytest.raises(DataError, match="plan"):
        fit_candidate(cand("logistic_regression"), schema, frame.drop(columns=["plan"]), 0)
