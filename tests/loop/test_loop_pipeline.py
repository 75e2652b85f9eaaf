"""The closed loop on the embedded stack: drift -> debounce -> retrain -> gate -> promote."""

from __future__ import annotations

from typing import Any

import pytest

from tests.pipelines.helpers import run_config, run_metadata, step_output

pytestmark = pytest.mark.pipeline

NAME = "looped"
MODEL = f"model.name={NAME}"
ROWS = "data.sample.rows=1500"
ONE = "candidates=[{name: logreg, kind: logistic_regression}]"
RETRAIN_WITH = f'loop.retrain.overrides=["{ONE}"]'
LABELS = (
    "loop.performance.labels={source: 'builtin:churn', id_column: customer_id,"
    " sample: {rows: 1500, batch: 3, drift: 0.8}}"
)
EVERY_WINDOW = ("loop.debounce.windows=1", "loop.debounce.min_drifted=1")


def _monitor(batch: int, drift: float, *extra: str) -> Any:
    return run_config(
        "monitoring",
        MODEL,
        ROWS,
        RETRAIN_WITH,
        f"data.sample.batch={batch}",
        f"data.sample.drift={drift}",
        *extra,
    )


def _window(run: Any) -> dict[str, Any]:
    window = step_output(run, "decide_retraining", "monitoring_window")
    return dict(window.model_dump(mode="json"))


def _versions() -> list[str]:
    from zenml.client import Client

    return [str(v.name) for v in Client().list_model_versions(NAME, size=100).items]


def _production() -> str:
    from zenml.client import Client

    return str(Client().get_model_version(NAME, "production").name)


def test_drift_over_n_of_m_windows_retrains_promotes_and_serves(local_stack: str) -> None:
    from zenml.client import Client

    champion = run_config("training", MODEL, ROWS, ONE)
    first = step_output(champion, "promote_model", "promotion_decision")["model_version"]
    assert _production() == first

    clean = _window(_monitor(2, 0.0))  # a clean window: nothing fires, nothing trains
    assert clean["drifted"] is False and clean["action"] == "none", clean["reason"]

    # One drifted window is below the debounce (2 of 3). Its labels are also scored
    # (delayed-label performance signal) against the champion's holdout F1.
    single = _monitor(3, 0.8, LABELS)
    window = _window(single)
    assert window["drifted"] is True and window["action"] == "none", window["reason"]
    assert "drift in 1 of last 2 windows (needs 2 of 3" in window["reason"]
    performance = next(s for s in window["signals"] if s["name"] == "performance")
    holdout_f1 = step_output(champion, "evaluate_model", "holdout_metrics")["f1"]
    assert performance["threshold"] == pytest.approx(holdout_f1 - 0.05, abs=1e-3)
    assert performance["value"] is not None
    assert step_output(single, "launch_retraining", "retrain_outcome").status == "skipped"
    assert _versions() == [first]

    trigger = _monitor(4, 0.8)  # second drifted window of the last three, and the latest
    window = _window(trigger)
    assert window["action"] == "retrain", window["reason"]
    assert window["reason"].startswith("retrain: drift in 2 of last 3 windows"), window["reason"]
    print(window["reason"])
    assert run_metadata(trigger, "decide_retraining")["loop_decision"] == window["reason"]
    outcome = step_output(trigger, "launch_retraining", "retrain_outcome").model_dump()
    assert outcome["status"] == "completed", outcome
    assert outcome["promoted"] is True, outcome["promotion_reason"]
    new = outcome["model_version"]
    assert new != first and _production() == new
    assert sorted(_versions()) == sorted([first, new])
    assert outcome["data_rows"] > 5000  # reference rows plus the batches of the last 3 windows

    lineage = dict(Client().get_model_version(NAME, new).run_metadata)["trigger"]
    assert lineage["monitoring_run_id"] == str(trigger.id)
    assert lineage["champion_version"] == first
    data_drift = next(s for s in lineage["signals"] if s["name"] == "data_drift")
    assert data_drift["fired"] is True and data_drift["value"] >= 0.5
    assert dict(Client().get_pipeline_run(trigger.id).run_metadata)["loop_window"]["action"] == (
        "retrain"
    )

    scored = run_config("batch_inference", MODEL, ROWS, "output.uri=null", "data.sample.batch=9")
    assert set(step_output(scored, "predict", "predictions")["model_version"]) == {new}

    # Cool-down: the very next window may not retrain again, even if it alone would trigger.
    blocked = _window(_monitor(5, 1.0, *EVERY_WINDOW, "drift.drift_share=0.1"))
    assert blocked["drifted"] is True
    assert blocked["action"] == "blocked", blocked["reason"]
    assert "cool-down: last retrain 1 window(s) ago" in blocked["reason"]

    # Dry run: reports what it would do and trains nothing.
    dry = _monitor(
        6,
        1.0,
        *EVERY_WINDOW,
        "drift.drift_share=0.1",
        "loop.guard.cooldown_windows=0",
        "loop.guard.dry_run=true",
    )
    assert _window(dry)["action"] == "dry_run", _window(dry)["reason"]
    assert _window(dry)["reason"].startswith("dry run: would retrain")
    assert step_output(dry, "launch_retraining", "retrain_outcome").status == "skipped"
    assert sorted(_versions()) == sorted([first, new]) and _production() == new

    # A retrained model that fails the gate is registered but the champion stays; the run says so.
    losing = _monitor(
        7,
        1.0,
        *EVERY_WINDOW,
        "drift.drift_share=0.1",
        "loop.guard.cooldown_windows=0",
        f'loop.retrain.overrides=["{ONE}", "gate.min_roc_auc=0.999"]',
    )
    outcome = step_output(losing, "launch_retraining", "retrain_outcome").model_dump()
    assert outcome["status"] == "completed" and outcome["promoted"] is False, outcome
    assert "failed the quality gate" in outcome["promotion_reason"]
    assert len(_versions()) == 3 and _production() == new

    # The loop report of the last window: all six windows, this retrain, both versions.
    page = step_output(losing, "report_loop", "loop_report")
    assert "<script" not in page.lower()
    assert f"6 windows of model {NAME}: 2 retrains launched, 1 blocked" in page
    assert f"Retrain: run {outcome['training_run']} completed" in page
    assert f"v{first}<" in page and f"v{new}<" in page
