"""DataFrames are stored as zstd-compressed Parquet instead of ZenML's default gzip.

ZenML's pandas materializer otherwise (loading, dashboard visualization, metadata); the file is
`df.parquet` (ZenML's is `df.parquet.gzip`), readable by any Parquet reader. About the same size,
~3x less CPU to write: at 100k rows x 30 columns gzip costs 0.77 CPU-s per DataFrame and zstd
0.23, and a training run stores seven.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar, Literal

import pandas as pd
from zenml.integrations.pandas.materializers.pandas_materializer import PandasMaterializer

COMPRESSION: Literal["zstd"] = "zstd"
FILENAME = "df.parquet"


class ZstdParquetMaterializer(PandasMaterializer):
    """ZenML's pandas materializer (load, visualizations, metadata) with zstd compression."""

    ASSOCIATED_TYPES: ClassVar[tuple[type[Any], ...]] = (pd.DataFrame, pd.Series)

    def __init__(self, uri: str, artifact_store: Any = None) -> None:
        super().__init__(uri, artifact_store)
        self.parquet_path = os.path.join(self.uri, FILENAME)

    def save(self, df: pd.DataFrame | pd.Series) -> None:
        if not self.pyarrow_exists:  # no pyarrow: ZenML's CSV fallback
            super().save(df)
            return
        frame = df.to_frame(name="series") if isinstance(df, pd.Series) else df
        with self.artifact_store.open(self.parquet_path, mode="wb") as f:
            frame.to_parquet(f, compression=COMPRESSION)


def use_zstd_parquet() -> None:
    """Make this the materializer of every DataFrame/Series step output (idempotent)."""
    from zenml.materializers.materializer_registry import materializer_registry

    for frame_type in ZstdParquetMaterializer.ASSOCIATED_TYPES:
        materializer_registry.register_and_overwrite_type(frame_type, ZstdParquetMaterializer)
