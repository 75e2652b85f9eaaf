"""Fingerprint the data source so ingestion is cached exactly as long as the data is unchanged."""

from typing import Annotated

from zenml import log_metadata, step

from core.config import DataConfig
from core.data.source_fingerprint import source_fingerprint


@step(enable_cache=False)
def fingerprint_source(data: DataConfig) -> Annotated[str, "source_fingerprint"]:
    """Hash the source (file bytes or generator parameters); never cached itself."""
    from zenml.io import fileio

    fingerprint = source_fingerprint(data, opener=fileio.open)
    log_metadata({"source": data.source, "source_fingerprint": fingerprint})
    return fingerprint
