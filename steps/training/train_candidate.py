"""Fit one model candidate (fan-out: one invocation per configured candidate)."""

from typing import Annotated

import pandas as pd
from sklearn.pipeline import Pipeline
from zenml import log_metadata, step

from core.config import CandidateConfig
from core.data.schema import TableSchema
from core.modeling.candidates import fit_candidate
from core.modeling.metrics import evaluate
from core.modeling.selection import CandidateScores


@step
def train_candidate(
    train_data: pd.DataFrame,
    validation_data: pd.DataFrame,
    table_schema: TableSchema,
    candidate: CandidateConfig,
    seed: int,
) -> tuple[Annotated[Pipeline, "candidate_model"], Annotated[CandidateScores, "candidate_scores"]]:
    """Fit on the train split, score on the validation split (never on the holdout)."""
    model = fit_candidate(candidate, table_schema, train_data, seed)
    metrics = evaluate(model, validation_data, table_schema).metrics
    scores = CandidateScores(candidate=candidate.name, kind=candidate.kind, metrics=metrics)
    log_metadata({"validation": scores.flat()})
    return model, scores
