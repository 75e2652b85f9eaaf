"""Drift detection with real Evidently on seeded synthetic tables."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from core.config import DriftConfig
from core.errors import ConfigError, DataError
from core.monitoring.drift import DriftReport, detect_drift, prediction_drift, sample_rows
from core.monitoring.drift_result import DriftResult

NUMERIC = ["age", "spend", "tenure", "visits"]
CATEGORICAL = ["plan", "region"]
PLANS, REGIONS = ["basic", "pro", "team"], ["north", "south", "east", "west"]


def make_table(n: int = 2000, seed: int = 0, shift: bool = False) -> pd.DataFrame:
    """Mixed table; `shift` moves age, spend, tenure and plan strongly, leaves the rest."""
    rng = np.random.default_rng(seed)
    k = 2.0 if shift else 0.0
    plan_p = [0.1, 0.2, 0.7] if shift else [0.5, 0.3, 0.2]
    return pd.DataFrame(
        {
            "id": np.arange(n),
            "age": rng.normal(40 + 10 * k, 10, n),
            "spend": rng.exponential(50 * (1 + k), n),
            "tenure": pd.array(rng.integers(0, 60, n) + int(20 * k), dtype="Int64"),
            "visits": rng.poisson(5, n),
            "plan": rng.choice(PLANS, n, p=plan_p),
            "region": rng.choice(REGIONS, n).astype(object),
            "label": rng.integers(0, 2, n),
        }
    )


def run(cur: pd.DataFrame, cfg: DriftConfig | None = None, seed: int = 0) -> DriftReport:
    ref = make_table(seed=100)
    return detect_drift(ref, cur, NUMERIC, CATEGORICAL, cfg or DriftConfig(), seed=seed)


@pytest.fixture(scope="module")
def shifted() -> DriftReport:
    return run(make_table(seed=1, shift=True))


def test_no_drift_on_same_distribution() -> None:
    result = run(make_table(seed=1)).result
    assert not result.dataset_drift
    assert result.drift_share < 0.5
    assert result.n_columns == 6 and list(result.columns) == NUMERIC + CATEGORICAL
    assert not result.sampled and result.reference_rows == result.current_rows == 2000


def test_strong_shift_flags_dataset_and_shifted_columns(shifted: DriftReport) -> None:
    result = shifted.result
    assert result.dataset_drift
    assert {"age", "spend", "tenure", "plan"} <= set(result.drifted_names)
    assert result.drifted_columns == sum(c.drifted for c in result.columns.values())
    assert result.drift_share == pytest.approx(result.drifted_columns / 6)
    assert result.threshold_share == 0.5


def test_auto_methods_are_reported_by_stattest_id(shifted: DriftReport) -> None:
    methods = {name: col.method for name, col in shifted.result.columns.items()}
    # >1000 reference rows: Evidently picks distances, reported by id not display name
    assert methods["age"] == "wasserstein"
    assert methods["plan"] == "jensenshannon"


def test_per_column_method_and_threshold_are_honoured() -> None:
    cfg = DriftConfig(
        threshold=0.2, per_column_method={"age": "ks", "plan": "chisquare", "other": "psi"}
    )
    result = run(make_table(seed=1, shift=True), cfg).result
    age, plan, spend = (result.columns[c] for c in ("age", "plan", "spend"))
    assert (age.method, plan.method, spend.method) == ("ks", "chisquare", "wasserstein")
    assert age.threshold == plan.threshold == spend.threshold == 0.2
    assert age.drifted and age.score < 0.2  # p-value test: small score means drift


def test_global_method_applies_to_every_column() -> None:
    result = run(make_table(seed=1), DriftConfig(method="psi")).result
    assert {c.method for c in result.columns.values()} == {"psi"}


def test_sampling_above_sample_rows_is_deterministic() -> None:
    cur = make_table(n=3000, seed=1, shift=True)
    cfg = DriftConfig(sample_rows=1000)
    first, again = run(cur, cfg).result, run(cur, cfg).result
    assert first.sampled and first.reference_rows == 1000 and first.current_rows == 1000
    assert first == again
    other = run(cur, cfg, seed=7).result
    assert other.columns["visits"].score != first.columns["visits"].score


def test_sample_rows_keeps_order_and_small_frames() -> None:
    df = make_table(n=5000)
    a, b = sample_rows(df, 1000, seed=3), sample_rows(df, 1000, seed=3)
    assert len(a) == 1000 and a.index.is_monotonic_increasing
    pd.testing.assert_frame_equal(a, b)
    assert sample_rows(df, None, seed=3) is df
    assert sample_rows(df, 5000, seed=3) is df


def test_summary_line(shifted: DriftReport) -> None:
    result = shifted.result
    line = result.summary()
    share = f"{result.drift_share:.0%}"
    head = f"drift in {result.drifted_columns}/6 columns ({share}) ≥ 50% → dataset drift: "
    assert line.startswith(head + "age, spend, tenure")
    assert "\n" not in line
    calm = run(make_table(seed=1)).result.summary()
    assert "< 50% → no dataset drift" in calm


def test_result_is_json_serialisable(shifted: DriftReport) -> None:
    result = shifted.result
    assert DriftResult.model_validate_json(result.model_dump_json()) == result
    meta = result.metadata()
    json.dumps(meta)
    assert meta["dataset_drift"] is True and meta["n_columns"] == 6
    assert set(meta["column_scores"]) == set(NUMERIC + CATEGORICAL)


def test_html_report(shifted: DriftReport) -> None:
    result, html = shifted  # unpacks like a tuple
    assert isinstance(result, DriftResult)
    assert html.lstrip().startswith("<!DOCTYPE html>") and "<html" in html
    assert all(f'"{column}"' in html for column in NUMERIC + CATEGORICAL)


def test_only_given_columns_are_compared() -> None:
    cur = make_table(seed=1)
    cur["label"] = 1  # a wildly drifted non-feature column is ignored
    result = detect_drift(make_table(seed=100), cur, ["age"], [], DriftConfig()).result
    assert list(result.columns) == ["age"]


def test_prediction_drift() -> None:
    rng = np.random.default_rng(0)
    ref = pd.Series(rng.choice(["churn", "stay"], 3000, p=[0.2, 0.8]))
    same = prediction_drift(
        ref, pd.Series(rng.choice(["churn", "stay"], 3000, p=[0.2, 0.8])), DriftConfig()
    )
    moved = prediction_drift(
        ref, pd.Series(rng.choice(["churn", "stay"], 3000, p=[0.6, 0.4])), DriftConfig()
    )
    assert not same.drifted and moved.drifted
    assert same.method == "jensenshannon"
    override = DriftConfig(per_column_method={"prediction": "psi"})
    assert prediction_drift(ref, ref.sample(frac=1, random_state=1), override).method == "psi"


def test_bad_config_and_data_raise_clear_errors() -> None:
    ref, cur = make_table(seed=100), make_table(seed=1)
    with pytest.raises(ConfigError, match=r"drift\.method: unknown Evidently stattest 'nope'"):
        detect_drift(ref, cur, NUMERIC, CATEGORICAL, DriftConfig(method="nope"))
    with pytest.raises(ConfigError, match=r"per_column_method\.plan.*'ks'.*categorical"):
        detect_drift(ref, cur, NUMERIC, CATEGORICAL, DriftConfig(per_column_method={"plan": "ks"}))
    with pytest.raises(DataError, match="current table lacks feature columns \\['age'\\]"):
        detect_drift(ref, cur.drop(columns="age"), NUMERIC, CATEGORICAL, DriftConfig())
    cur["spend"] = np.nan
    with pytest.raises(DataError, match="entirely missing"):
        detect_drift(ref, cur, NUMERIC, CATEGORICAL, DriftConfig())
    with pytest.raises(DataError, match="declared numeric"):
        detect_drift(ref, cur, ["plan"], [], DriftConfig())
