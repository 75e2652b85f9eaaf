"""The registered model, the training candidates, the quality gate and promotion."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from core.config.base import Metric, Stage, Strict


class CandidateConfig(Strict):
    """One model candidate: a known estimator kind and its parameters."""

    name: str = Field(..., pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal[
        "logistic_regression",
        "random_forest",
        "extra_trees",
        "hist_gradient_boosting",
        "gradient_boosting",
    ]
    params: dict[str, Any] = Field(default_factory=dict)


class GateConfig(Strict):
    """Minimum holdout metrics a model needs before it may be promoted."""

    min_accuracy: float = Field(0.0, ge=0.0, le=1.0)
    min_f1: float = Field(0.0, ge=0.0, le=1.0)
    min_roc_auc: float = Field(0.0, ge=0.0, le=1.0)


class PromotionConfig(Strict):
    """How a challenger that passed the gate is compared and where it goes."""

    policy: Literal["compare", "always", "never"] = "compare"
    stage: Stage = "production"
    metric: Metric = "roc_auc"
    margin: float = Field(0.0, ge=0.0, le=1.0, description="challenger must win by more")


class ModelConfig(Strict):
    name: str = Field("churn_classifier", pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$")
    description: str = "Tabular classifier trained by loopstack."
