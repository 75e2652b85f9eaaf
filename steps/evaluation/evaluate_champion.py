"""Score the current champion on this run's holdout, so the comparison is like for like."""

from typing import Annotated, Any

import pandas as pd
from zenml import get_step_context, log_metadata, step

from core.data.schema import TableSchema
from core.errors import DataError
from core.metadata_keys import CHAMPION
from core.modeling.metrics import evaluate
from core.promotion.champion import ChampionMetrics
from integrations.artifact_files import files_exist


@step(enable_cache=False)
def evaluate_champion(
    holdout_data: pd.DataFrame, table_schema: TableSchema, stage: str, policy: str = "compare"
) -> Annotated[ChampionMetrics, "champion_metrics"]:
    """Metrics of the model version currently in `stage` on the same holdout; none if none.

    Only policy `compare` needs them: under `always` and `never` the champion is not loaded,
    so a champion whose files are gone can still be replaced.
    """
    from zenml.client import Client

    name = get_step_context().model.name
    try:
        champion = Client().get_model_version(name, stage)
    except KeyError:
        log_metadata({CHAMPION: f"no {stage} version of '{name}' yet"})
        return ChampionMetrics()
    if policy != "compare":
        log_metadata({CHAMPION: f"version {champion.name} not scored: policy is '{policy}'"})
        return ChampionMetrics(version=champion.name)
    model = champion.get_model_artifact("model")
    schema_artifact = champion.get_artifact("table_schema")
    if model is None or schema_artifact is None:
        log_metadata({CHAMPION: f"version {champion.name} has no model artifact"})
        return ChampionMetrics()
    champion_schema: TableSchema = _load(schema_artifact, stage, str(champion.name))
    missing = sorted(set(champion_schema.features) - set(holdout_data.columns))
    if missing:
        log_metadata({CHAMPION: f"version {champion.name} needs columns {missing}: not comparable"})
        return ChampionMetrics(version=champion.name, comparable=False)
    result = evaluate(_load(model, stage, str(champion.name)), holdout_data, champion_schema)
    metrics = ChampionMetrics(
        version=champion.name, metrics={k: float(v) for k, v in result.metrics.items()}
    )
    log_metadata({CHAMPION: metrics.flat()})
    return metrics


def _load(artifact: Any, stage: str, version: str) -> Any:
    """Load a champion artifact; files that are gone are a one-line error with the way out."""
    uri = str(artifact.uri)
    if not files_exist(uri):
        raise DataError(
            f"the {stage} model {version}'s artifacts are missing ({uri}); "
            "rerun with --set promotion.policy=always to replace it"
        )
    return artifact.load()
