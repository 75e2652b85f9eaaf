"""The dashboard reports (drift, loop history, batch): plain HTML + SVG, no scripts, the
important lines first, and text that differs between a drifted and an undrifted batch."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from core.config import LoopConfig
from core.data.validation import REASON_COLUMN
from core.monitoring.decision import WindowRecord
from core.monitoring.drift_result import ColumnDrift, DriftResult
from core.monitoring.signals import Signal
from core.reports.batch_page import batch_html, quarantine_reasons
from core.reports.drift_page import drift_html, drift_strength, ranked
from core.reports.loop_page import counted_runs, loop_html, split_reason
from tests.unit.test_drift import CATEGORICAL, NUMERIC, make_table, run


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return make_table(seed=100)


@pytest.fixture(scope="module")
def clean_and_shifted() -> tuple[DriftResult, DriftResult]:
    return run(make_table(seed=1)).result, run(make_table(seed=1, shift=True)).result


def assert_scriptless(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>")
    assert "<script" not in page.lower() and "http" not in page and "<img" not in page


def visible_text(page: str) -> str:
    body = page.split("<body>", 1)[1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()


def test_drift_page_verdict_differs_for_a_drifted_and_a_clean_batch(
    reference: pd.DataFrame, clean_and_shifted: tuple[DriftResult, DriftResult]
) -> None:
    clean, shifted = clean_and_shifted
    pages = {
        name: drift_html(result, reference, make_table(seed=1, shift=name == "shifted"), NUMERIC)
        for name, result in (("clean", clean), ("shifted", shifted))
    }
    for page in pages.values():
        assert_scriptless(page)
    assert "No dataset drift: 0 of 6 columns drifted (0%), below the 50% threshold" in (
        visible_text(pages["clean"])
    )
    shifted_text = visible_text(pages["shifted"])
    assert f"Dataset drift: {shifted.drifted_columns} of 6 columns drifted" in shifted_text
    # the verdict comes before the table, the most drifted columns first, charts for the top 4
    assert shifted_text.index("Dataset drift") < shifted_text.index("Columns, most drifted")
    first_row = re.search(r"<tbody><tr class='hit'><td>(\w+)</td>", pages["shifted"])
    assert first_row and shifted.columns[first_row.group(1)].drifted
    assert pages["shifted"].count("<svg ") == 4
    assert "drift_report_evidently" in shifted_text


def test_drift_page_names_the_decision_and_prediction_drift(
    reference: pd.DataFrame, clean_and_shifted: tuple[DriftResult, DriftResult]
) -> None:
    prediction = ColumnDrift(drifted=True, score=0.001, method="chisquare", threshold=0.05)
    page = drift_html(
        clean_and_shifted[1], reference, make_table(seed=1, shift=True), NUMERIC,
        prediction=prediction, decision="retrain: drift in 2 of last 3 windows",
    )  # fmt: skip
    text = visible_text(page)
    assert "Loop decision: retrain: drift in 2 of last 3 windows" in text
    assert "Prediction drift: drifted (chisquare score 0.001, threshold 0.05)" in text


def test_drift_strength_ranks_p_values_and_distances_together() -> None:
    strong_p = ColumnDrift(drifted=True, score=1e-9, method="ks", threshold=0.05)
    weak_p = ColumnDrift(drifted=True, score=0.04, method="ks", threshold=0.05)
    strong_distance = ColumnDrift(drifted=True, score=0.9, method="wasserstein", threshold=0.1)
    quiet_p = ColumnDrift(drifted=False, score=0.8, method="ks", threshold=0.05)
    quiet_distance = ColumnDrift(drifted=False, score=0.01, method="psi", threshold=0.1)
    assert drift_strength(strong_p) > drift_strength(strong_distance) > drift_strength(weak_p) > 0
    assert drift_strength(quiet_p) < 0 and drift_strength(quiet_distance) < 0
    nan = ColumnDrift(drifted=False, score=math.nan, method="ks", threshold=0.05)
    assert drift_strength(nan) == -math.inf
    result = DriftResult(
        dataset_drift=True, drift_share=0.6, drifted_columns=3, n_columns=5, threshold_share=0.5,
        columns={"a": quiet_p, "b": weak_p, "c": strong_p, "d": quiet_distance,
                 "e": strong_distance},
        reference_rows=10, current_rows=10, sampled=False,
    )  # fmt: skip
    assert [name for name, _ in ranked(result)][:3] == ["c", "e", "b"]


def window(i: int, drifted: bool, action: str, version: str = "3") -> WindowRecord:
    signal = Signal(name="data_drift", fired=drifted, value=0.8 if drifted else 0.1, threshold=0.5)
    return WindowRecord(
        run_id=f"id-{i}", run_name=f"monitoring-{i}", model="churn", model_version=version,
        created=datetime(2026, 11, 1, tzinfo=UTC) + timedelta(hours=i), drifted=drifted,
        signals=[signal], action=action, reason=f"reason {i}",  # type: ignore[arg-type]
    )  # fmt: skip


def test_loop_page_shows_the_windows_the_debounce_counted_and_the_retrains() -> None:
    windows = [
        window(0, False, "none", "2"),
        window(1, True, "retrain", "2"),
        window(2, True, "blocked", "3"),
        window(3, False, "none", "3"),
        window(4, True, "retrain", "3"),
    ]
    cfg = LoopConfig.model_validate({"debounce": {"windows": 2, "min_drifted": 1}})
    assert counted_runs(windows, cfg) == {"id-3", "id-4"}  # version 3's last two windows
    page = loop_html(windows, cfg, retrain="run training-9 completed, version 4 promoted")
    assert_scriptless(page)
    text = visible_text(page)
    assert text.index("This window: reason 4") < text.index("Drift share per window")
    assert "Retrain: run training-9 completed, version 4 promoted" in text
    assert "5 windows of model churn: 2 retrains launched, 1 blocked" in text
    assert "Rule: retrain when 1 of the last 2 windows" in text
    assert page.count('stroke-dasharray="4 3"') == 5  # the threshold over every window
    assert page.count("<circle ") == 3 and "v2" in text and "v3" in text
    rows = re.findall(r"<tr(?: class='hit')?><td>(monitoring-\d)</td>", page)
    assert rows == [f"monitoring-{i}" for i in (4, 3, 2, 1, 0)]  # newest first


def test_loop_page_without_a_retrain_is_calm() -> None:
    quiet = window(0, False, "none")
    quiet.reason = "no retrain: drift in 0 of last 1 windows [data_drift 0.1 vs 0.5 (quiet)]"
    page = loop_html([quiet], LoopConfig())
    text = visible_text(page)
    assert "verdict calm" in page and "Retrain:" not in text
    assert "This window: no retrain: drift in 0 of last 1 windows Signals: data_drift" in text
    assert "1 window of model churn: 0 retrains launched, 0 blocked" in text
    assert split_reason("retrain: x") == ("retrain: x", "")


def test_batch_page_counts_rows_and_names_the_top_reasons(
    clean_and_shifted: tuple[DriftResult, DriftResult],
) -> None:
    reasons = ["age: not a number", "age: not a number; plan: unseen", "plan: unseen"]
    quarantined = pd.DataFrame({REASON_COLUMN: [*reasons, "age: not a number"]})
    assert quarantine_reasons(quarantined) == [("age: not a number", 3), ("plan: unseen", 2)]
    predicted = pd.Series(["yes"] * 30 + ["no"] * 66)
    reference_predicted = pd.Series(["yes"] * 50 + ["no"] * 50)
    page = batch_html(predicted, reference_predicted, quarantined, clean_and_shifted[1], "churn 3")
    assert_scriptless(page)
    text = visible_text(page)
    assert text.startswith("Batch inference Scored 96 of 100 rows with churn 3; 4 quarantined")
    assert "Most common quarantine reason: age: not a number (3 rows)" in text
    assert "yes 50.0% 31.2%" in text and "Most drifted columns" in text
    clean = batch_html(predicted, reference_predicted, quarantined[:0], clean_and_shifted[0], "m")
    assert "verdict calm" in clean and "Quarantine reasons" not in clean
    assert "No dataset drift" in visible_text(clean) and "Most drifted columns" not in clean
    assert set(CATEGORICAL) <= set(clean_and_shifted[1].columns)
