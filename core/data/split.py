"""Deterministic train/validation/holdout split by hashing a row key with a salt.

A row keeps its split across runs, data growth and re-ordering, so champion and challenger
are always scored on the same holdout rows (a random split would bias the comparison).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from core.config import SplitConfig
from core.errors import DataError

SPLITS = ("train", "validation", "holdout")
_BUCKETS = 10_000


def split_keys(ids: pd.Series, grouped_by_content: bool = False) -> pd.Series:
    """The hashed key per row: the id, or for derived `<hash>-<n>` ids the content hash."""
    keys = ids.astype(str)
    return keys.str.rsplit("-", n=1).str[0] if grouped_by_content else keys


def assign_splits(keys: pd.Series, cfg: SplitConfig) -> np.ndarray:
    """One of 'train' / 'validation' / 'holdout' per key, stable for a given salt."""
    hash_key = hashlib.sha256(cfg.salt.encode()).hexdigest()[:16]
    hashed = pd.util.hash_pandas_object(keys.astype(str), index=False, hash_key=hash_key)
    bucket = (hashed.to_numpy() % _BUCKETS) / _BUCKETS
    holdout_end = cfg.holdout_share
    validation_end = holdout_end + cfg.validation_share
    return np.where(
        bucket < holdout_end, "holdout", np.where(bucket < validation_end, "validation", "train")
    )


def split_frame(
    frame: pd.DataFrame,
    id_column: str,
    cfg: SplitConfig,
    target: str | None = None,
    grouped_by_content: bool = False,
) -> dict[str, pd.DataFrame]:
    """Split rows into the three parts; fail clearly when a part is empty or lacks a class."""
    labels = assign_splits(split_keys(frame[id_column], grouped_by_content), cfg)
    parts = {name: frame.loc[labels == name].reset_index(drop=True) for name in SPLITS}
    for name, part in parts.items():
        if part.empty:
            raise DataError(
                f"{len(frame)} rows are too few: the {name} split is empty; use more rows "
                "or raise split.validation_share / split.holdout_share"
            )
    if target is not None and parts["train"][target].nunique() < 2:
        raise DataError(
            f"the train split has only one class of '{target}' ({len(parts['train'])} rows); "
            "use more rows"
        )
    return parts
