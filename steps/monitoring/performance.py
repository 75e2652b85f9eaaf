"""Delayed labels: the champion's metric on an earlier batch whose labels arrived since."""

from typing import Annotated

from sklearn.pipeline import Pipeline
from zenml import get_step_context, log_metadata, step

from core.config import PerformanceConfig
from core.data.profile import ensure_row_id
from core.data.schema import TableSchema
from core.data.sources import load_table
from core.features.spec import FeatureTransform, apply_to_batch
from core.metadata_keys import HOLDOUT
from core.modeling.metrics import evaluate
from core.monitoring.signals import Signal, performance_signal


@step(enable_cache=False)
def check_performance(
    model: Pipeline,
    table_schema: TableSchema,
    feature_transform: FeatureTransform,
    performance: PerformanceConfig,
) -> Annotated[Signal, "performance_signal"]:
    """Fires when the metric fell more than `max_drop` below the version's holdout metric."""
    from zenml.io import fileio

    if performance.labels is None:
        return performance_signal(None, None, performance.metric, performance.max_drop)
    labels = performance.labels
    table = load_table(
        labels.source, labels.format, labels.sample, opener=fileio.open, decimal=labels.decimal
    )
    table = apply_to_batch(table, feature_transform, labels.source)
    table = ensure_row_id(table, table_schema)
    target = table_schema.target or ""
    table = table[table[target].notna()] if target in table.columns else table.iloc[:0]
    current = None
    if len(table):
        current = float(evaluate(model, table, table_schema).metrics[performance.metric])
    holdout = get_step_context().model.run_metadata.get(HOLDOUT) or {}
    baseline = holdout.get(performance.metric) if isinstance(holdout, dict) else None
    signal = performance_signal(current, baseline, performance.metric, performance.max_drop)
    log_metadata({"performance": signal.model_dump(), "labelled_rows": len(table)})
    return signal
