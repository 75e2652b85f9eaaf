"""File suffixes of the table formats a data source may have (no pandas: cheap to import)."""

CSV_SUFFIXES = (".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz", ".csv.zip", ".csv.bz2")
PARQUET_SUFFIXES = (".parquet", ".pq", ".parq")
