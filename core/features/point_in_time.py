"""Point-in-time aggregates: a row's features use only rows of the same entity that happened
strictly before it (rows with the same timestamp do not see each other), so no feature can
leak information from the row's own moment or its future."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.errors import DataError


def past_aggregates(
    frame: pd.DataFrame, entity: str, timestamp: str, columns: list[str]
) -> pd.DataFrame:
    """Add `<col>_past_mean` and `<col>_past_count` per column; keeps the row order."""
    missing = [c for c in [entity, timestamp, *columns] if c not in frame.columns]
    if missing:
        raise DataError(f"features: columns {missing} are not in the table")
    times = pd.to_datetime(frame[timestamp], errors="coerce", utc=True)
    if times.isna().any():
        raise DataError(f"features.timestamp: column '{timestamp}' has missing or unparsable times")
    out = frame.copy()
    order = np.lexsort((times.to_numpy(), out[entity].astype(str).to_numpy()))
    ordered = out.iloc[order]
    keys = [ordered[entity].astype(str).to_numpy(), times.to_numpy()[order]]
    for column in columns:
        values = pd.to_numeric(ordered[column], errors="coerce")
        # Sum and count per (entity, time), cumulated per entity, shifted by one time step.
        per_time = (
            pd.DataFrame({"e": keys[0], "t": keys[1], "v": values.to_numpy()})
            .groupby(["e", "t"], sort=True)["v"]
            .agg(["sum", "count"])
        )
        cumulative = per_time.groupby(level="e").cumsum()
        before = cumulative.groupby(level="e").shift(1).fillna(0.0)
        joined = before.reindex(pd.MultiIndex.from_arrays(keys, names=["e", "t"]))
        count = joined["count"].to_numpy()
        mean = np.divide(
            joined["sum"].to_numpy(), count, out=np.full(len(count), np.nan), where=count > 0
        )
        out.loc[ordered.index, f"{column}_past_mean"] = mean
        out.loc[ordered.index, f"{column}_past_count"] = count
    return out
