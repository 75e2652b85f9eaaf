"""Online scoring checks and scores rows exactly as batch inference does."""

from __future__ import annotations

import json

import pytest

from core.config import CandidateConfig, ValidationConfig
from core.features.spec import FeatureTransform
from core.inference.predictions import predict_frame
from core.modeling.candidates import fit_candidate
from core.serving.scoring import Rejected, score_rows
from tests.unit.test_modeling_data import make_frame, make_schema

LOGREG = CandidateConfig(name="logreg", kind="logistic_regression")


@pytest.mark.parametrize("multiclass", [False, True])
def test_rows_are_scored_in_request_order_like_a_batch(multiclass: bool) -> None:
    frame = make_frame(multiclass=multiclass)
    schema = make_schema(frame)
    model = fit_candidate(LOGREG, schema, frame, seed=1)
    batch = make_frame(n=40, seed=5, multiclass=multiclass).drop(columns=["label"])
    batch = batch.sample(frac=1.0, random_state=3)  # ids out of order
    rows = json.loads(batch.to_json(orient="records"))
    outcome = score_rows(rows, model, schema, FeatureTransform(), ValidationConfig())
    assert not isinstance(outcome, Rejected), outcome
    predictions, probabilities = outcome
    expected = predict_frame(model, batch, schema, "1", "run").set_index("id")
    assert predictions == [expected.loc[row["id"], "prediction"] for row in rows]
    first = probabilities[0]
    assert set(first) == {str(c) for c in schema.classes}
    for cls, value in first.items():
        match = next(c for c in schema.classes if str(c) == cls)
        assert expected.loc[rows[0]["id"], f"proba_{match}"] == pytest.approx(value, abs=1e-6)


def test_a_request_needs_no_ids_and_bad_rows_are_named_with_reasons() -> None:
    frame = make_frame()
    schema = make_schema(frame)
    model = fit_candidate(LOGREG, schema, frame, seed=1)
    rows = json.loads(
        make_frame(n=5, seed=8).drop(columns=["label", "id"]).to_json(orient="records")
    )
    outcome = score_rows(rows, model, schema, FeatureTransform(), ValidationConfig())
    assert not isinstance(outcome, Rejected) and len(outcome[0]) == 5
    rows[2]["age"] = "old"
    rejected = score_rows(rows, model, schema, FeatureTransform(), ValidationConfig())
    assert isinstance(rejected, Rejected)
    assert [(p.row, "age" in " ".join(p.reasons)) for p in rejected.rows] == [(2, True)]
    assert rejected.error == "1 of 5 rows failed validation"
    gone = score_rows([{"age": 30}], model, schema, FeatureTransform(), ValidationConfig())
    assert isinstance(gone, Rejected) and "spend" in gone.error and not gone.rows
