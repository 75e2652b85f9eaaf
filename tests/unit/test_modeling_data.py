"""Small synthetic tables shared by the modeling tests (no conftest fixtures)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.data.schema import TableSchema

NUMERIC = ("age", "spend")
CATEGORICAL = ("plan", "region", "flag")


def make_frame(n: int = 300, seed: int = 0, multiclass: bool = False) -> pd.DataFrame:
    """Learnable table with missing values, mixed-type categoricals and an id column."""
    rng = np.random.default_rng(seed)
    age = rng.normal(40, 10, n)
    spend = rng.exponential(50, n)
    plan = rng.choice(["basic", "pro", "team"], n)
    region = rng.choice(["north", "south", "east", "west"], n).astype(object)
    flag = rng.choice([True, False], n).astype(object)
    logit = (age - 40) / 8 + (plan == "pro") * 1.5 - (spend - 50) / 40 + rng.normal(0, 0.5, n)
    if multiclass:
        target = np.where(logit < -0.5, "low", np.where(logit < 0.7, "mid", "high"))
    else:
        target = (logit > 0).astype(int)
    frame = pd.DataFrame(
        {
            "id": np.arange(n),
            "age": age,
            "spend": spend,
            "plan": plan,
            "region": region,
            "flag": flag,
            "label": target,
        }
    )
    frame.loc[frame.index % 17 == 0, "age"] = np.nan
    frame.loc[frame.index % 13 == 0, "region"] = None
    frame.loc[frame.index % 11 == 0, "flag"] = None
    return frame


def make_schema(
    frame: pd.DataFrame,
    numeric: tuple[str, ...] = NUMERIC,
    categorical: tuple[str, ...] = CATEGORICAL,
) -> TableSchema:
    return TableSchema(
        source="test",
        target="label",
        id_column="id",
        numeric=list(numeric),
        categorical=list(categorical),
        classes=sorted(frame["label"].unique().tolist()),
    )


def test_synthetic_frames_have_missing_values_and_all_classes() -> None:
    binary, multi = make_frame(), make_frame(multiclass=True)
    assert binary[["age", "region", "flag"]].isna().any().all()
    assert make_schema(binary).classes == [0, 1]
    assert make_schema(multi).classes == ["high", "low", "mid"]
