"""Training: ingest -> validate -> features -> split -> candidates -> select -> evaluate -> gate
-> register -> promote -> notify."""

from typing import Any

from zenml import pipeline
from zenml.enums import ExecutionMode

from core.config import TrainingConfig
from pipelines.hooks import report_failure
from steps.data.features import build_features
from steps.data.fingerprint_source import fingerprint_source
from steps.data.ingest import ingest_data
from steps.data.split import split_data
from steps.data.validate import validate_training_data
from steps.evaluation.evaluate import evaluate_model
from steps.evaluation.evaluate_champion import evaluate_champion
from steps.evaluation.quality_gate import quality_gate
from steps.features.record_feature_transform import record_feature_transform
from steps.promotion.notify import notify_training
from steps.promotion.promote import promote_model
from steps.promotion.register import register_model
from steps.training.select_best import select_best
from steps.training.train_candidate import train_candidate


@pipeline(on_failure=report_failure, execution_mode=ExecutionMode.FAIL_FAST)
def training_pipeline(config: TrainingConfig, provenance: dict[str, Any]) -> None:
    """Train every configured candidate, keep the best, promote it only if it earns it."""
    fingerprint = fingerprint_source(config.data)
    raw_data = ingest_data(config.data, fingerprint)
    feature_transform = record_feature_transform(config.data, fingerprint)
    clean_data, _, table_schema = validate_training_data(raw_data, config.data, config.validation)
    features = build_features(clean_data, table_schema)
    train, validation, holdout = split_data(features, table_schema, config.split)

    models, scores = [], []
    for candidate in config.candidates:
        model, score = train_candidate(
            train, validation, table_schema, candidate, config.seed, id=f"train_{candidate.name}"
        )
        models.append(model)
        scores.append(score)
    best, selection = select_best(models, scores, config.selection_metric)

    holdout_metrics, _ = evaluate_model(best, holdout, table_schema, selection)
    champion_metrics = evaluate_champion(
        holdout, table_schema, "production", config.promotion.policy
    )
    gate_result = quality_gate(holdout_metrics, config.gate)
    mlflow_version = register_model(
        best, holdout_metrics, gate_result, table_schema, feature_transform, fingerprint, provenance
    )
    decision = promote_model(
        holdout_metrics, champion_metrics, gate_result, mlflow_version, config.promotion
    )
    notify_training(decision, gate_result, holdout_metrics)
