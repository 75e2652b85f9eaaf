"""Load the raw table from a file, an artifact-store URI, the built-in generator or a feature
table version (`artifact:<name>[:<version>]`, written by the feature pipeline)."""

from typing import Annotated, Any

import pandas as pd
from zenml import log_metadata, step

from core.config import DataConfig
from core.data.artifact_source import is_artifact_source
from core.data.sources import load_table


@step
def ingest_data(data: DataConfig, source_fingerprint: str) -> Annotated[pd.DataFrame, "raw_data"]:
    """Read `data.source`; the fingerprint input makes the cache key follow the data."""
    from zenml.io import fileio

    metadata: dict[str, Any] = {"source": data.source, "source_fingerprint": source_fingerprint}
    if is_artifact_source(data.source):
        from steps.data.feature_table_source import resolve_feature_table, table_reference

        artifact = resolve_feature_table(data.source)  # also links it as this step's input
        frame: pd.DataFrame = artifact.load()
        metadata["feature_table"] = table_reference(artifact)
    else:
        frame = load_table(
            data.source, data.format, data.sample, opener=fileio.open, decimal=data.decimal
        )
    log_metadata({**metadata, "rows": len(frame), "columns": len(frame.columns)})
    return frame
