"""Write the feature table as a named, versioned ZenML artifact (Parquet in the artifact store)."""

from typing import Annotated, Any

import pandas as pd
from zenml import log_metadata, save_artifact, step
from zenml.config.retry_config import StepRetryConfig

from core.config import FeatureTableConfig


@step(enable_cache=False, retry=StepRetryConfig(max_retries=2, delay=1, backoff=2))
def write_feature_table(
    feature_rows: pd.DataFrame, features: FeatureTableConfig, source_fingerprint: str
) -> Annotated[dict[str, Any], "feature_table_ref"]:
    """Save under `features.name` (a new version each time) with the data fingerprint."""
    artifact = save_artifact(
        feature_rows,
        name=features.name,
        tags=["feature_table"],
        user_metadata={"data_fingerprint": source_fingerprint, "rows": len(feature_rows)},
    )
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
