"""Write the feature table as a named, versioned ZenML artifact (Parquet in the artifact store)."""

from typing import Annotated, Any

import pandas as pd
from zenml import log_metadata, save_artifact, step
from zenml.config.retry_config import StepRetryConfig

from core.config import FeatureTableConfig
from core.data.schema import TableSchema

TRANSFORM_KEY = "transform"  # artifact metadata: the FeatureTableConfig that built the table
ID_KEY = "id_column"  # artifact metadata: the row id column, used when data.id_column is unset


def save_feature_table(
    rows: pd.DataFrame,
    features: FeatureTableConfig,
    source_fingerprint: str,
    name: str | None = None,
    tags: tuple[str, ...] = ("feature_table",),
    id_column: str | None = None,
) -> Any:
    """Save `rows` as a new version of artifact `name` (default `features.name`), recording
    the data fingerprint and the transform spec, which models trained on it carry along."""
    return save_artifact(
        rows,
        name=name or features.name,
        tags=list(tags),
        user_metadata={
            "data_fingerprint": source_fingerprint,
            "rows": len(rows),
            TRANSFORM_KEY: features.model_dump(mode="json"),
            **({ID_KEY: id_column} if id_column else {}),
        },
    )


@step(enable_cache=False, retry=StepRetryConfig(max_retries=2, delay=1, backoff=2))
def write_feature_table(
    feature_rows: pd.DataFrame,
    features: FeatureTableConfig,
    source_fingerprint: str,
    table_schema: TableSchema | None = None,
) -> Annotated[dict[str, Any], "feature_table_ref"]:
    """Save under `features.name` (a new version each time) with the data fingerprint and the
    row id column, so training on the table keys rows as the feature run did."""
    id_column = table_schema.id_column if table_schema is not None else None
    artifact = save_feature_table(feature_rows, features, source_fingerprint, id_column=id_column)
    ref = {
        "name": features.name,
        "version": str(artifact.version),
        "rows": len(feature_rows),
        "columns": [str(c) for c in feature_rows.columns],
        "data_fingerprint": source_fingerprint,
        "uri": artifact.uri,
    }
    log_metadata({"feature_table": ref})
    return ref
