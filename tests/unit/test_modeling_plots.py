"""HTML evaluation report: self-contained, inline SVG charts, shows metrics, and is fast."""

from __future__ import annotations

import math

from core.config import CandidateConfig
from core.modeling.candidates import fit_candidate
from core.modeling.metrics import EvaluationResult, evaluate
from core.modeling.plots import evaluation_html
from tests.unit.test_modeling_data import make_frame, make_schema


def result_for(multiclass: bool) -> EvaluationResult:
    frame = make_frame(multiclass=multiclass)
    schema = make_schema(frame)
    model = fit_candidate(CandidateConfig(name="lr", kind="logistic_regression"), schema, frame, 0)
    return evaluate(model, make_frame(n=150, seed=3, multiclass=multiclass), schema)


def test_html_is_self_contained_with_images_and_metrics() -> None:
    for multiclass in (False, True):
        page = evaluation_html(result_for(multiclass), "churn <v3>")
        assert page.startswith("<!DOCTYPE html>")
        assert page.count("<svg ") == 2 and "<img" not in page
        assert "<title>Confusion matrix</title>" in page and "<title>ROC (" in page
        n = len(result_for(multiclass).labels)
        assert page.count("<rect ") == n * n + 1  # one cell per pair + the ROC frame
        for name in ("accuracy", "f1", "roc_auc", "n_rows"):
            assert f"<th>{name}</th>" in page
        assert "churn &lt;v3&gt;" in page and "<v3>" not in page
        assert "http" not in page  # nothing fetched from the network


def test_html_handles_nan_auc() -> None:
    result = result_for(multiclass=False)
    result.metrics["roc_auc"] = math.nan
    result.roc_curves = {}
    page = evaluation_html(result, "one class")
    assert "ROC (AUC n/a)" in page and "not available" in page


def test_many_classes_render_without_per_cell_counts() -> None:
    labels = [f"class_{i}" for i in range(15)]
    curve = ([0.0, 0.5, 1.0], [0.0, 0.8, 1.0])
    result = EvaluationResult(
        metrics={"accuracy": 0.5, "f1": 0.4, "roc_auc": 0.7, "n_rows": 1_000_000.0},
        labels=labels,
        confusion=[[i * j for j in range(15)] for i in range(15)],
        roc_curves=dict.fromkeys(labels, curve),
    )
    page = evaluation_html(result, "many classes")
    assert "1,000,000" in page
    assert page.count("<rect ") == 15 * 15 + 1
    assert "true class_14, predicted class_14: 196" in page  # every cell keeps its count as a tip
    assert page.count("<polyline ") == 1 + 15  # the diagonal + one curve per class
    assert "<line " not in page  # no legend for 15 classes
