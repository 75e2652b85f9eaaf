"""Run the project's real configs, with overrides, on the active test stack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cli.run_pipeline import run
from core.config import load_config

CONFIGS = Path(__file__).resolve().parents[2] / "configs"
_SAMPLE = ("data.source=builtin:churn", "data.id_column=customer_id")
# What the tests assert on, pinned: a project generated from the template carries its own data,
# candidates and promotion answers in configs/, and its pipeline tests must still pass there.
PINNED: dict[str, tuple[str, ...]] = {
    "training": (
        *_SAMPLE,
        "data.target=churned",
        "data.sample={rows: 5000, seed: 42, batch: 0}",
        "validation.ranges={age: [18, 100], monthly_charges: [0, null]}",
        "candidates=[{name: logreg, kind: logistic_regression, params: {C: 1.0}},"
        " {name: forest, kind: random_forest,"
        " params: {n_estimators: 150, max_depth: 8, min_samples_leaf: 5}},"
        " {name: hgb, kind: hist_gradient_boosting,"
        " params: {max_iter: 150, learning_rate: 0.08}}]",
        "selection_metric=roc_auc",
        "gate={min_accuracy: 0.7, min_roc_auc: 0.7}",
        "promotion={policy: compare, stage: production, metric: roc_auc, margin: 0.0}",
    ),
    "batch_inference": (
        *_SAMPLE,
        "data.sample={rows: 2000, seed: 42, batch: 1, drift: 0.0}",
        "stage=production",
    ),
    "monitoring": (
        *_SAMPLE,
        "data.sample={rows: 2000, seed: 42, batch: 2, drift: 0.6}",
        "stage=production",
    ),
}


def run_config(name: str, *overrides: str, no_cache: bool = False) -> Any:
    """Load configs/<name>.yaml with `dotted.key=value` overrides and run it; return the run."""
    path = CONFIGS / f"{name}.yaml"
    config = load_config(path, [*PINNED.get(name, ()), *overrides])
    return run(config, path, no_cache=no_cache)


def step_output(run_response: Any, step: str, output: str) -> Any:
    """Load one output artifact of a finished run."""
    return run_response.steps[step].outputs[output][0].load()


def train_champion(*overrides: str) -> str:
    """Run configs/training.yaml with `overrides`; the promoted model version's name."""
    decision = step_output(
        run_config("training", *overrides), "promote_model", "promotion_decision"
    )
    assert decision["promoted"] is True
    return str(decision["model_version"])


def run_metadata(run_response: Any, step: str) -> dict[str, Any]:
    return dict(run_response.steps[step].run_metadata)
