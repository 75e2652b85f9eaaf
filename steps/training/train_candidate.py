"""Fit one model candidate (fan-out: one invocation per configured candidate)."""

from typing import Annotated, Any

import pandas as pd
from sklearn.pipeline import Pipeline
from zenml import log_metadata, step

from core.config import CandidateConfig
from core.data.schema import TableSchema
from core.modeling.candidates import fit_candidate
from core.modeling.metrics import evaluate


@step
def train_candidate(
    train_data: pd.DataFrame,
    validation_data: pd.DataFrame,
    table_schema: TableSchema,
    candidate: CandidateConfig,
    seed: int,
) -> tuple[Annotated[Pipeline, "candidate_model"], Annotated[dict[str, Any], "candidate_scores"]]:
    """Fit on the train split, score on the validation split (never on the holdout)."""
    model = fit_candidate(candidate, table_schema, train_data, seed)
    scores: dict[str, Any] = {
        "candidate": candidate.name,
        "kind": candidate.kind,
        **evaluate(model, validation_data, table_schema).metrics,
    }
    log_metadata({"validation": scores})
    return model, scores
