"""Score the current champion on this run's holdout, so the comparison is like for like."""

from typing import Annotated, Any

import pandas as pd
from zenml import get_step_context, log_metadata, step

from core.data.schema import TableSchema
from core.modeling.metrics import evaluate


@step(enable_cache=False)
def evaluate_champion(
    holdout_data: pd.DataFrame, table_schema: TableSchema, stage: str
) -> Annotated[dict[str, Any], "champion_metrics"]:
    """Metrics of the model version currently in `stage` on the same holdout; empty if none."""
    from zenml.client import Client

    name = get_step_context().model.name
    try:
        champion = Client().get_model_version(name, stage)
    except KeyError:
        log_metadata({"champion": f"no {stage} version of '{name}' yet"})
        return {}
    model = champion.get_model_artifact("model")
    schema_artifact = champion.get_artifact("table_schema")
    if model is None or schema_artifact is None:
        log_metadata({"champion": f"version {champion.name} has no model artifact"})
        return {}
    champion_schema: TableSchema = schema_artifact.load()
    missing = sorted(set(champion_schema.features) - set(holdout_data.columns))
    if missing:
        log_metadata(
            {"champion": f"version {champion.name} needs columns {missing}: not comparable"}
        )
        return {"version": champion.name, "comparable": False}
    result = evaluate(model.load(), holdout_data, champion_schema)
    metrics: dict[str, Any] = {
        "version": champion.name,
        **{k: float(v) for k, v in result.metrics.items()},
    }
    log_metadata({"champion": metrics})
    return metrics
