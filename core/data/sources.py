"""Read a table from a CSV/Parquet file, a URI on the artifact store, or a built-in generator.

Every failure becomes a `DataError` naming the source and the config key to fix. Decimal
commas are detected in CSVs not separated by ',' (`data.decimal`, see decimal_marks.py).
"""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path

import pandas as pd

from core.config import SampleConfig
from core.data.builtin import GENERATORS
from core.data.decimal_marks import convert_decimal_commas
from core.data.formats import CSV_SUFFIXES, PARQUET_SUFFIXES
from core.data.uri import Opener, open_uri
from core.errors import DataError

log = logging.getLogger(__name__)

EXTRA_NA = ["?"]  # a common "unknown" marker in public tables (e.g. UCI); read as missing
_SNIFF_BYTES = 64 * 1024


def table_format(source: str, fmt: str = "auto") -> str:
    """'csv' or 'parquet' from `data.format` or the file suffix."""
    if fmt != "auto":
        return fmt
    name = source.lower().rstrip("/")
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(CSV_SUFFIXES):
        return "csv"
    raise DataError(
        f"{source}: cannot tell the file format from its name; set data.format to csv or parquet"
    )


def load_table(
    source: str,
    fmt: str = "auto",
    sample: SampleConfig | None = None,
    opener: Opener | None = None,
    decimal: str = "auto",
) -> pd.DataFrame:
    """Load `source` into a DataFrame; `opener` reads URIs (the artifact store's fileio.open);
    `decimal` is the CSV decimal mark ('auto', '.' or ',')."""
    if source.startswith("builtin:"):
        return _generate(source, sample or SampleConfig())
    kind = table_format(source, fmt)
    raw = _read_bytes(source, opener)
    if not raw.strip():
        raise DataError(f"{source}: the file is empty; point data.source at a table with rows")
    parse = _parse_parquet if kind == "parquet" else _parse_csv
    frame = parse(source, raw, decimal)
    _reject_duplicates(source, [str(c) for c in frame.columns])
    if frame.empty:
        raise DataError(f"{source}: the table has a header but no rows")
    return frame


def _generate(source: str, sample: SampleConfig) -> pd.DataFrame:
    name = source.split(":", 1)[1]
    if name not in GENERATORS:
        raise DataError(
            f"{source}: unknown built-in dataset; data.source may be "
            + ", ".join(f"builtin:{known}" for known in sorted(GENERATORS))
        )
    return GENERATORS[name](**sample.model_dump())


def _read_bytes(source: str, opener: Opener | None) -> bytes:
    if "://" in source:
        with open_uri(source, opener) as handle:
            return handle.read()
    path = Path(source)
    if not path.is_file():
        raise DataError(
            f"{path}: data file not found; check data.source (relative to {Path.cwd()})"
        )
    return path.read_bytes()


def _parse_parquet(source: str, raw: bytes, decimal: str = "auto") -> pd.DataFrame:
    try:
        return pd.read_parquet(io.BytesIO(raw))
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise DataError(
            f"{source}: not a readable Parquet file ({type(exc).__name__}: {exc}); "
            "set data.format if the suffix is misleading"
        ) from None


def _parse_csv(source: str, raw: bytes, decimal: str = "auto") -> pd.DataFrame:
    compression = _compression(source)
    text_head = _head_text(raw) if compression is None else ""
    sep = "\t" if ".tsv" in source.lower() else _delimiter(text_head)
    if decimal == "," and sep == ",":
        raise DataError(
            f"{source}: data.decimal is ',' but ',' also separates the columns; "
            "set data.decimal to '.' or auto"
        )
    options: dict[str, object] = {
        "sep": sep,
        "na_values": EXTRA_NA,
        "low_memory": False,
        "compression": compression,
        "skipinitialspace": True,
    }
    for encoding in ("utf-8-sig", "latin-1"):
        try:
            frame = pd.read_csv(io.BytesIO(raw), encoding=encoding, **options)  # type: ignore[call-overload]
        except UnicodeDecodeError:
            log.warning("%s: not UTF-8; reading it as latin-1", source)
            continue
        except pd.errors.EmptyDataError:
            raise DataError(
                f"{source}: the file is empty; point data.source at a table with rows"
            ) from None
        except (pd.errors.ParserError, ValueError) as exc:
            raise DataError(f"{source}: not a readable CSV file ({exc}); fix the file") from None
        frame.columns = [str(c).strip() for c in frame.columns]
        # pandas renames a repeated header to `name.1`: check the header as written
        header = next(csv.reader(io.StringIO(text_head), delimiter=str(options["sep"])), [])
        _reject_duplicates(source, [name.strip() for name in header])
        return convert_decimal_commas(frame, source, decimal, sep)
    raise DataError(f"{source}: cannot decode the file as text")  # pragma: no cover


def _reject_duplicates(source: str, names: list[str]) -> None:
    dupes = sorted({name for name in names if names.count(name) > 1})
    if dupes:
        raise DataError(f"{source}: duplicate column names {dupes}; rename them in the file")


def _compression(source: str) -> str | None:
    for suffix, kind in ((".gz", "gzip"), (".zip", "zip"), (".bz2", "bz2")):
        if source.lower().endswith(suffix):
            return kind
    return None


def _head_text(raw: bytes) -> str:
    head = raw[:_SNIFF_BYTES]
    cut = head.rfind(b"\n")
    return (head[:cut] if cut > 0 else head).decode("utf-8", errors="replace")


def _delimiter(text: str) -> str:
    """Sniff , ; tab or | from the first lines (e.g. UCI's wine data is ';'-separated)."""
    if not text:
        return ","
    try:
        return csv.Sniffer().sniff(text, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","
