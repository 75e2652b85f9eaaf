"""ZenML steps, one per file, grouped by stage. Domain logic lives in `core/`.

Importing the package (which every step does, in every orchestrator's step process) memoises
the installed-package index that ZenML scans once per stored artifact
(`core/package_index.py`) and stores DataFrames as zstd Parquet (`integrations/parquet.py`);
`make bench` measures both.
"""

from core.package_index import cache_package_index
from integrations.parquet import use_zstd_parquet

cache_package_index()
use_zstd_parquet()
