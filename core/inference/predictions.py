"""Batch predictions: score a table with a fitted pipeline and write it idempotently."""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from core.data.schema import TableSchema
from core.errors import ConfigError, DataError

Opener = Callable[[str, str], IO[bytes]]
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_UNSAFE = re.compile(r"[^A-Za-z0-9._\-]+")


def proba_column(cls: Any) -> str:
    return f"proba_{cls}"


def class_probabilities(model: Any, X: pd.DataFrame, classes: list[Any]) -> np.ndarray:
    """predict_proba with columns in `classes` order (0 for a class the model never saw)."""
    proba = np.asarray(model.predict_proba(X), dtype=float)
    position = {c: i for i, c in enumerate(model.classes_)}
    out = np.zeros((len(X), len(classes)))
    for j, cls in enumerate(classes):
        if cls in position:
            out[:, j] = proba[:, position[cls]]
    return out


def predict_frame(
    model: Any, df: pd.DataFrame, schema: TableSchema, model_version: str, run_id: str
) -> pd.DataFrame:
    """One row per input row: id, prediction, `proba_<class>` per class, model version, run id.

    With a derived row id the feature columns are kept too, so rows can be matched back.

    `model` is a fitted sklearn Pipeline over `schema.features`. Rows are sorted by id (stable)
    with a fresh index, so the same batch and model always give the same frame.
    """
    needed = [schema.id_column, *schema.features]
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise DataError(f"{schema.source}: columns missing from the batch to score: {missing}")
    classes = list(schema.classes) or list(model.classes_)
    X = df[schema.features]
    # A derived id means nothing to the user: keep the feature values to join on.
    keep = [schema.id_column, *(schema.features if schema.id_derived else [])]
    out = df[keep].reset_index(drop=True).copy()
    out["prediction"] = np.asarray(model.predict(X)) if len(df) else []
    proba = class_probabilities(model, X, classes) if len(df) else np.zeros((0, len(classes)))
    for j, cls in enumerate(classes):
        out[proba_column(cls)] = proba[:, j]
    out["model_version"] = str(model_version)
    out["run_id"] = str(run_id)
    return out.sort_values(schema.id_column, kind="stable").reset_index(drop=True)


def predictions_filename(batch_fingerprint: str, model_version: str) -> str:
    """Deterministic name: same batch + same model version -> same file, e.g.
    `predictions-3f2a9c0d1e4b5a67-v4.parquet`."""
    fingerprint = _UNSAFE.sub("_", batch_fingerprint)[:16]
    version = _UNSAFE.sub("_", str(model_version))
    if not fingerprint or not version:
        raise ValueError("predictions_filename: fingerprint and model version must be non-empty")
    return f"predictions-{fingerprint}-v{version}.parquet"


def is_remote(uri: str) -> bool:
    """True for `scheme://...` URIs other than `file://`."""
    return bool(_SCHEME.match(uri)) and not uri.startswith("file://")


def _write_local(data: bytes, directory: Path, filename: str) -> Path:
    """Write via a temp file in the same folder + os.replace: readers never see half a file."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / filename
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{filename}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_predictions(
    df: pd.DataFrame,
    directory_uri: str,
    filename: str,
    opener: Opener | None = None,
    makedirs: Callable[[str], None] | None = None,
) -> str:
    """Write `df` as Parquet to `directory_uri/filename`, replacing any file of that name.

    Local paths (or `file://`) are written atomically with pathlib; other URIs (`s3://...`)
    go through `opener(path, "wb")`, after `makedirs(directory)` when given. With a
    deterministic `filename` a re-run on the same batch overwrites instead of duplicating.
    Returns the full path written.
    """
    if "/" in filename or not filename:
        raise ValueError(f"write_predictions: {filename!r} must be a bare file name")
    buffer = io.BytesIO()
    df.to_parquet(buffer, index=False)
    data = buffer.getvalue()
    if not is_remote(directory_uri):
        local = Path(directory_uri.removeprefix("file://")).expanduser()
        return str(_write_local(data, local, filename))
    if opener is None:
        raise ConfigError(
            f"output.uri {directory_uri!r}: remote URIs need an opener (ZenML fileio.open)"
        )
    if makedirs is not None:
        makedirs(directory_uri)
    path = f"{directory_uri.rstrip('/')}/{filename}"
    with opener(path, "wb") as handle:
        handle.write(data)
    return path
