"""Schema inference: which columns become features, and clear errors for unusable tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.data.builtin import generate_churn
from core.data.profile import check_columns, ensure_row_id, infer_schema
from core.data.schema import DERIVED_ID
from core.errors import DataError


def _mixed_table(n: int = 200) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "row_number": np.arange(n),
            "amount": rng.normal(size=n),
            "amount_text": [str(v) for v in rng.integers(0, 9, n)],
            "plan": rng.choice(["a", "b"], n),
            "flag": rng.choice([True, False], n),
            "comment": [f"free text {i}" for i in range(n)],
            "constant": 1,
            "empty": np.nan,
            "when": pd.date_range("2024-01-01", periods=n),
            "label": rng.choice(["yes", "no"], n),
        }
    )


def test_inference_explains_every_excluded_column() -> None:
    schema = infer_schema(_mixed_table(), "t.csv", "label")
    assert schema.numeric == ["amount", "amount_text"]
    assert schema.categorical == ["plan", "flag"]
    assert set(schema.excluded) == {"row_number", "comment", "constant", "empty", "when"}
    assert "row number" in schema.excluded["row_number"]
    assert schema.id_derived and schema.id_column == DERIVED_ID
    assert schema.classes == ["no", "yes"] and schema.task == "binary"


def test_explicit_feature_lists_win_and_the_rest_is_reported() -> None:
    table = _mixed_table()
    schema = infer_schema(table, "t.csv", "label", numeric=["row_number"], categorical=["plan"])
    assert schema.numeric == ["row_number"] and schema.categorical == ["plan"]
    only_numeric = infer_schema(table, "t.csv", "label", numeric=["amount"])
    assert (
        "amount_text" in only_numeric.excluded
        and "data.numeric" in (only_numeric.excluded["amount_text"])
    )
    assert "plan" in only_numeric.categorical


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"target": "lable"}, "did you mean 'label'"),
        ({"target": "label", "id_column": "uid"}, "data.id_column"),
        ({"target": "label", "drop": ["nope"]}, "data.drop"),
        ({"target": "label", "numeric": ["nope"]}, "data.numeric"),
        ({"target": None}, "data.target"),
    ],
)
def test_bad_column_names_give_the_key_and_a_hint(kwargs: dict, fragment: str) -> None:
    with pytest.raises(DataError, match=fragment) as error:
        infer_schema(_mixed_table(), "t.csv", **kwargs)
    assert str(error.value).startswith("t.csv:")


def test_single_class_and_continuous_targets_are_refused() -> None:
    table = _mixed_table()
    table["label"] = "yes"
    with pytest.raises(DataError, match="at least two"):
        infer_schema(table, "t.csv", "label")
    table["label"] = np.linspace(0, 1, len(table))
    with pytest.raises(DataError, match="class column"):
        infer_schema(table, "t.csv", "label")


def test_multiclass_targets_keep_native_types() -> None:
    table = _mixed_table()
    table["label"] = np.arange(len(table)) % 3
    schema = infer_schema(table, "t.csv", "label")
    assert schema.classes == [0, 1, 2] and schema.task == "multiclass"
    assert all(type(c) is int for c in schema.classes)


def test_derived_ids_are_stable_unique_and_group_duplicates() -> None:
    table = generate_churn(300).drop(columns="customer_id")
    table = pd.concat([table, table.iloc[:5]], ignore_index=True)
    schema = infer_schema(table, "t.csv", "churned")
    first = ensure_row_id(table, schema)
    assert first[DERIVED_ID].is_unique
    assert first[DERIVED_ID].equals(ensure_row_id(table, schema)[DERIVED_ID])
    hashes = first[DERIVED_ID].str.rsplit("-", n=1).str[0]
    assert (hashes.iloc[:5].to_numpy() == hashes.iloc[-5:].to_numpy()).all()
    shuffled = ensure_row_id(table.iloc[::-1], schema)
    assert set(shuffled[DERIVED_ID]) == set(first[DERIVED_ID])


def test_check_columns_names_what_a_batch_lacks() -> None:
    table = generate_churn(100)
    schema = infer_schema(table, "train.csv", "churned", "customer_id")
    check_columns(table.drop(columns="churned"), schema, "batch.csv", require_target=False)
    with pytest.raises(DataError, match=r"batch\.csv.*'age'"):
        check_columns(table.drop(columns="age"), schema, "batch.csv", require_target=False)
    with pytest.raises(DataError, match=r"data\.target"):
        check_columns(table.drop(columns="churned"), schema, "batch.csv", require_target=True)


def test_a_mostly_numeric_text_column_is_left_out_with_the_fix() -> None:
    from core.data.profile import classify_column

    values = pd.Series([str(v) for v in range(80)] + ["unknown"] * 20, dtype=object)
    kind, why = classify_column(values)
    assert kind == "excluded"
    assert why.startswith("80% numbers, 20% text")
    assert all(key in why for key in ("data.numeric", "data.categorical", "data.drop"))
