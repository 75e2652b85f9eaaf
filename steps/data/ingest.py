"""Load the raw table from a file, an artifact-store URI or the built-in generator."""

from typing import Annotated

import pandas as pd
from zenml import log_metadata, step

from core.config import DataConfig
from core.data.sources import load_table


@step
def ingest_data(data: DataConfig, source_fingerprint: str) -> Annotated[pd.DataFrame, "raw_data"]:
    """Read `data.source`; the fingerprint input makes the cache key follow the data."""
    from zenml.io import fileio

    frame = load_table(data.source, fmt=data.format, sample=data.sample, opener=fileio.open)
    log_metadata(
        {
            "source": data.source,
            "source_fingerprint": source_fingerprint,
            "rows": len(frame),
            "columns": len(frame.columns),
        }
    )
    return frame
