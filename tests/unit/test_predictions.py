"""Batch predictions with a real sklearn pipeline, and idempotent Parquet output."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder

from core.data.schema import TableSchema
from core.errors import ConfigError, DataError
from core.inference.predictions import (
    predict_frame,
    predictions_filename,
    write_predictions,
)


def make_batch(n: int = 200, seed: int = 0, multiclass: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    age = rng.normal(40, 10, n)
    plan = rng.choice(["basic", "pro"], n)
    logit = (age - 40) / 8 + (plan == "pro") + rng.normal(0, 0.5, n)
    label: Any = (logit > 0).astype(int)
    if multiclass:
        label = np.where(logit < -0.5, "low", np.where(logit < 0.7, "mid", "high"))
    ids = rng.permutation(n) + 1000  # unsorted ids
    return pd.DataFrame({"cid": ids, "age": age, "plan": plan, "label": label})


def fit(df: pd.DataFrame, classes: list[Any] | None = None) -> tuple[Pipeline, TableSchema]:
    schema = TableSchema(
        source="test",
        target="label",
        id_column="cid",
        numeric=["age"],
        categorical=["plan"],
        classes=classes if classes is not None else sorted(df["label"].unique().tolist()),
    )
    prep = ColumnTransformer(
        [
            ("num", SimpleImputer(), ["age"]),
            ("cat", OneHotEncoder(handle_unknown="ignore"), ["plan"]),
        ]
    )
    model = make_pipeline(prep, LogisticRegression(max_iter=500))
    return model.fit(df[schema.features], df["label"]), schema


def test_columns_order_and_values() -> None:
    batch = make_batch()
    model, schema = fit(batch)
    out = predict_frame(model, batch, schema, model_version="3", run_id="run-1")
    assert list(out.columns) == [
        "cid",
        "prediction",
        "proba_0",
        "proba_1",
        "model_version",
        "run_id",
    ]
    assert out["cid"].is_monotonic_increasing and list(out.index) == list(range(len(batch)))
    by_id = batch.set_index("cid").loc[out["cid"]]
    np.testing.assert_array_equal(out["prediction"], model.predict(by_id[schema.features]))
    np.testing.assert_allclose(out[["proba_0", "proba_1"]].sum(axis=1), 1.0)
    assert set(out["model_version"]) == {"3"} and set(out["run_id"]) == {"run-1"}


def test_same_batch_in_any_order_gives_the_same_frame() -> None:
    batch = make_batch()
    model, schema = fit(batch)
    first = predict_frame(model, batch, schema, "3", "r")
    shuffled = batch.sample(frac=1, random_state=5)
    pd.testing.assert_frame_equal(first, predict_frame(model, shuffled, schema, "3", "r"))


def test_multiclass_probabilities_follow_schema_classes() -> None:
    batch = make_batch(multiclass=True)
    model, schema = fit(batch, classes=["high", "low", "mid", "unseen"])
    out = predict_frame(model, batch, schema, "1", "r")
    probas = ["proba_high", "proba_low", "proba_mid", "proba_unseen"]
    assert list(out.columns[2:6]) == probas
    assert (out["proba_unseen"] == 0).all()
    np.testing.assert_allclose(out[probas].sum(axis=1), 1.0)


def test_missing_columns_and_empty_batches() -> None:
    batch = make_batch()
    model, schema = fit(batch)
    with pytest.raises(DataError, match="missing from the batch to score: \\['plan'\\]"):
        predict_frame(model, batch.drop(columns="plan"), schema, "1", "r")
    empty = predict_frame(model, batch.iloc[:0], schema, "1", "r")
    assert len(empty) == 0 and list(empty.columns)[:2] == ["cid", "prediction"]


def test_filename_is_deterministic_and_safe() -> None:
    fp = "3f2a9c0d1e4b5a67" + "0" * 48
    assert predictions_filename(fp, "4") == "predictions-3f2a9c0d1e4b5a67-v4.parquet"
    assert predictions_filename(fp, "4") == predictions_filename(fp, "4")
    assert predictions_filename(fp, "5") != predictions_filename(fp, "4")
    assert "/" not in predictions_filename("a/b", "1 / 2")


def test_local_write_overwrites_atomically(tmp_path: Path) -> None:
    batch = make_batch()
    model, schema = fit(batch)
    out = predict_frame(model, batch, schema, "3", "r")
    name = predictions_filename("abc123", "3")
    target = tmp_path / "out" / "nested"
    first = write_predictions(out, str(target), name)
    content = Path(first).read_bytes()
    second = write_predictions(out, str(target), name)
    assert first == second == str(target / name)
    assert [p.name for p in target.iterdir()] == [name]  # one file, no temp leftovers
    assert Path(second).read_bytes() == content
    pd.testing.assert_frame_equal(pd.read_parquet(second), out)


def test_file_uri_is_local(tmp_path: Path) -> None:
    path = write_predictions(pd.DataFrame({"a": [1]}), f"file://{tmp_path}", "p.parquet")
    assert path == str(tmp_path / "p.parquet") and Path(path).is_file()


class FakeStore:
    """Stands in for ZenML fileio: an in-memory bucket keyed by URI."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.dirs: list[str] = []

    def open(self, path: str, mode: str) -> io.BytesIO:
        assert mode == "wb"
        store = self

        class Handle(io.BytesIO):
            def close(self) -> None:
                store.files[path] = self.getvalue()
                super().close()

        return Handle()

    def makedirs(self, path: str) -> None:
        self.dirs.append(path)


def test_remote_write_uses_opener_and_overwrites() -> None:
    store, df = FakeStore(), pd.DataFrame({"cid": [2, 1], "prediction": [0, 1]})
    for _ in range(2):
        uri = write_predictions(df, "s3://bucket/preds/", "p.parquet", store.open, store.makedirs)
    assert uri == "s3://bucket/preds/p.parquet"
    assert list(store.files) == [uri] and store.dirs == ["s3://bucket/preds/"] * 2
    pd.testing.assert_frame_equal(pd.read_parquet(io.BytesIO(store.files[uri])), df)
    with pytest.raises(ConfigError, match="need an opener"):
        write_predictions(df, "s3://bucket/preds", "p.parquet")


def test_derived_ids_keep_the_features_to_match_rows_back() -> None:
    batch = make_batch()
    model, schema = fit(batch)
    derived = schema.model_copy(update={"id_derived": True})
    out = predict_frame(model, batch, derived, model_version="1", run_id="r")
    assert {"cid", "age", "plan", "prediction"} <= set(out.columns)
    merged = out.merge(batch, on="cid", suffixes=("", "_in"))
    assert (merged["age"] == merged["age_in"]).all()
    plain = predict_frame(model, batch, schema, model_version="1", run_id="r")
    assert "age" not in plain.columns
