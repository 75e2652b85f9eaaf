"""Preprocessing: imputation, mixed-type categoricals, unknown categories, empty lists."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.errors import DataError
from core.modeling.features import MISSING, as_strings, build_preprocessor
from tests.unit.test_modeling_data import make_frame, make_schema


def test_output_is_dense_finite_and_has_one_hot_columns() -> None:
    frame = make_frame()
    pre = build_preprocessor(make_schema(frame))
    out = pre.fit_transform(frame)
    assert isinstance(out, np.ndarray)
    assert np.isfinite(out).all()
    names = list(pre.get_feature_names_out())
    assert names[:2] == ["numeric__age", "numeric__spend"]
    assert f"categorical__region_{MISSING}" in names
    assert "categorical__flag_True" in names
    assert "categorical__plan_pro" in names


def test_unseen_categories_and_missing_values_at_transform_time() -> None:
    frame = make_frame()
    pre = build_preprocessor(make_schema(frame)).fit(frame)
    new = frame.head(3).copy()
    new["plan"] = ["enterprise", None, "pro"]
    new["region"] = [np.nan, "mars", "north"]
    new["age"] = np.nan
    out = pre.transform(new)
    assert out.shape == (3, len(pre.get_feature_names_out()))
    assert np.isfinite(out).all()
    plan_cols = [i for i, n in enumerate(pre.get_feature_names_out()) if "__plan_" in n]
    assert out[0, plan_cols].sum() == 0  # unseen category -> all zeros


@pytest.mark.parametrize(("numeric", "categorical"), [((), ("plan",)), (("age",), ())])
def test_empty_numeric_or_categorical_list(
    numeric: tuple[str, ...], categorical: tuple[str, ...]
) -> None:
    frame = make_frame()
    out = build_preprocessor(make_schema(frame, numeric, categorical)).fit_transform(frame)
    assert out.shape[0] == len(frame)
    assert out.shape[1] == (3 if categorical else 1)


def test_no_features_is_a_data_error() -> None:
    with pytest.raises(DataError, match="no numeric or categorical features"):
        build_preprocessor(make_schema(make_frame(), (), ()))


def test_as_strings_keeps_missing_and_matches_int_and_float_codes() -> None:
    frame = pd.DataFrame(
        {"a": [1, 2, 3], "b": [1.0, np.nan, 2.5], "c": [True, None, pd.NA], "d": ["x", 1, None]}
    )
    out = as_strings(frame)
    assert out[:, 0].tolist() == ["1", "2", "3"]
    assert out[0, 1] == "1" and out[2, 1] == "2.5" and np.isnan(out[1, 1])
    assert out[0, 2] == "True" and np.isnan(out[1, 2]) and np.isnan(out[2, 2])
    assert out[0, 3] == "x" and out[1, 3] == "1" and np.isnan(out[2, 3])


def test_rare_categories_are_grouped_as_infrequent() -> None:
    frame = make_frame(n=400)
    frame["plan"] = ["common"] * 396 + ["rare1", "rare2", "rare3", "rare4"]
    pre = build_preprocessor(make_schema(frame, ("age",), ("plan",))).fit(frame)
    names = list(pre.get_feature_names_out())
    assert "categorical__plan_infrequent_sklearn" in names
    assert not any("rare1" in n for n in names)
