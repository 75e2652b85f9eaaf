"""Row validation quarantines with reasons; the hashed split is stable and leak-free."""

from __future__ import annotations

import pandas as pd
import pytest

from core.config import SplitConfig, ValidationConfig
from core.data.builtin import generate_churn
from core.data.profile import infer_schema
from core.data.split import assign_splits, split_frame
from core.data.validation import REASON_COLUMN, enforce_quarantine_limit, validate_rows
from core.errors import DataError


def _table() -> tuple[pd.DataFrame, object]:
    table = generate_churn(400)
    return table, infer_schema(table, "t.csv", "churned", "customer_id")


def test_every_bad_row_is_quarantined_with_its_reasons() -> None:
    table, schema = _table()
    table["age"] = table["age"].astype(object)
    table.loc[3, "age"] = "abc"
    table.loc[5, "age"] = 10
    table.loc[7, "customer_id"] = table.loc[8, "customer_id"]
    table.loc[9, "contract"] = "weird"
    table.loc[11, "churned"] = None
    table.loc[13, "monthly_charges"] = float("inf")
    rules = ValidationConfig(
        ranges={"age": (18, 100)},
        allowed_values={"contract": ["month-to-month", "one-year", "two-year"]},
    )
    result = validate_rows(table, schema, rules, require_target=True)
    reasons = dict(
        zip(result.quarantined["customer_id"], result.quarantined[REASON_COLUMN], strict=True)
    )
    assert set(reasons) == {f"B000-{i}" for i in (3, 5, 8, 9, 11, 13)}
    assert reasons["B000-3"] == "age: not a number"
    assert "greater_than_or_equal_to(18" in reasons["B000-5"]
    assert reasons["B000-8"] == "customer_id: duplicate id"
    assert "contract" in reasons["B000-9"] and reasons["B000-11"] == "churned: missing value"
    assert reasons["B000-13"] == "monthly_charges: not a number"
    assert len(result.valid) + len(result.quarantined) == len(table)
    assert result.valid["age"].dtype == "float64"
    assert result.quarantined_share == pytest.approx(6 / 400)


def test_missing_target_is_fine_for_inference_batches() -> None:
    table, schema = _table()
    batch = table.drop(columns="churned")
    result = validate_rows(batch, schema, ValidationConfig(), require_target=False)
    assert result.quarantined.empty and len(result.valid) == len(batch)


def test_rules_on_unknown_columns_name_the_config_key() -> None:
    table, schema = _table()
    with pytest.raises(DataError, match=r"validation\.ranges.*'agee'"):
        validate_rows(table, schema, ValidationConfig(ranges={"agee": (0, 1)}), True)


def test_quarantine_limit_names_file_column_and_key() -> None:
    table, schema = _table()
    table["age"] = table["age"].astype(object)
    table.loc[:99, "age"] = "n/a-ish"
    result = validate_rows(table, schema, ValidationConfig(), require_target=True)
    enforce_quarantine_limit(result, 0.3, "t.csv")
    with pytest.raises(DataError) as error:
        enforce_quarantine_limit(result, 0.05, "t.csv")
    message = str(error.value)
    assert "t.csv" in message and "age: not a number (100 rows)" in message
    assert "validation.max_quarantine_share" in message


def test_split_is_stable_under_reordering_and_growth() -> None:
    cfg = SplitConfig(validation_share=0.2, holdout_share=0.2)
    table = generate_churn(3000)
    parts = split_frame(table, "customer_id", cfg, target="churned")
    assert sum(len(p) for p in parts.values()) == len(table)
    assert 0.15 < len(parts["holdout"]) / len(table) < 0.25
    grown = pd.concat([generate_churn(500, batch=7), table.iloc[::-1]], ignore_index=True)
    regrown = split_frame(grown, "customer_id", cfg)
    assert set(parts["holdout"]["customer_id"]) <= set(regrown["holdout"]["customer_id"])
    other_salt = assign_splits(table["customer_id"], SplitConfig(salt="other"))
    assert (other_salt != assign_splits(table["customer_id"], cfg)).any()


def test_duplicates_stay_together_and_tiny_tables_fail_clearly() -> None:
    keys = pd.Series(["h1-0", "h1-1", "h2-0"])
    frame = pd.DataFrame({"row_id": keys, "label": [0, 1, 0]})
    labels = assign_splits(keys.str.rsplit("-", n=1).str[0], SplitConfig())
    assert labels[0] == labels[1]
    with pytest.raises(DataError, match="too few"):
        split_frame(frame, "row_id", SplitConfig(), grouped_by_content=True)


def test_a_failure_without_a_row_is_an_error_not_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    import pandera.pandas as pa

    from core.data import validation

    table, schema = _table()
    whole = pa.DataFrameSchema(checks=[pa.Check(lambda df: False, name="whole_table")])
    monkeypatch.setattr(validation, "_pandera_schema", lambda *args: whole)
    with pytest.raises(DataError, match=r"t\.csv: check whole_table .*as a whole"):
        validate_rows(table, schema, ValidationConfig(), require_target=True)


def test_categories_are_recorded_as_the_encoder_sees_them() -> None:
    from core.data.categories import MAX_CATEGORIES, seen_categories
    from core.data.feature_table import feature_table

    frame = pd.DataFrame(
        {
            "code": [1.0, 2.0, None, 2.5],
            "flag": [True, False, True, True],
            "many": [f"v{i}" for i in range(4)],
        }
    )
    assert seen_categories(frame, ["code", "flag"]) == {
        "code": ["1", "2", "2.5"],
        "flag": ["False", "True"],
    }
    assert MAX_CATEGORIES >= 100
    big = pd.DataFrame({"many": [f"v{i}" for i in range(MAX_CATEGORIES + 1)]})
    assert seen_categories(big, ["many"]) == {}  # too many to list: not checked
    assert seen_categories(frame, ["many"])["many"] == ["v0", "v1", "v2", "v3"]
    schema = infer_schema(
        frame.assign(y=[0, 1, 0, 1], id=range(4)), "t", "y", "id", [], ["code", "flag"]
    )
    assert feature_table(frame.assign(id=range(4)), schema, False)["code"].tolist() == [
        "1",
        "2",
        None,
        "2.5",
    ]
