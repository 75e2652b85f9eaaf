"""Fingerprint the data source so ingestion is cached exactly as long as the data is unchanged."""

import hashlib
from typing import Annotated

from zenml import log_metadata, step

from core.config import DataConfig
from core.data.artifact_source import is_artifact_source
from core.data.source_fingerprint import source_fingerprint


@step(enable_cache=False)
def fingerprint_source(data: DataConfig) -> Annotated[str, "source_fingerprint"]:
    """Hash the source (file bytes, generator parameters or feature table version id)."""
    from zenml.io import fileio

    if is_artifact_source(data.source):
        from steps.data.feature_table_source import resolve_feature_table

        artifact_id = str(resolve_feature_table(data.source).id)
        fingerprint = hashlib.sha256(f"artifact:{artifact_id}".encode()).hexdigest()
    else:
        fingerprint = source_fingerprint(data, opener=fileio.open)
    log_metadata({"source": data.source, "source_fingerprint": fingerprint})
    return fingerprint
