"""Row-wise derived features; the same function serves training-time and inference-time data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.config import FeatureTableConfig
from core.errors import DataError
from core.features.point_in_time import past_aggregates


def add_ratios(frame: pd.DataFrame, ratios: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """`new = numerator / denominator`; a zero or missing denominator gives NaN, never inf."""
    out = frame.copy()
    for name, (numerator, denominator) in ratios.items():
        for column in (numerator, denominator):
            if column not in out.columns:
                raise DataError(f"features.ratios.{name}: column '{column}' is not in the table")
        top = pd.to_numeric(out[numerator], errors="coerce")
        bottom = pd.to_numeric(out[denominator], errors="coerce").replace(0, np.nan)
        out[name] = top / bottom
    return out


def transform(frame: pd.DataFrame, config: FeatureTableConfig) -> pd.DataFrame:
    """Ratios, then point-in-time aggregates when an entity and a timestamp are configured."""
    out = add_ratios(frame, config.ratios)
    if config.aggregates and config.entity and config.timestamp:
        out = past_aggregates(out, config.entity, config.timestamp, config.aggregates)
    return out


def check_features(frame: pd.DataFrame, created: list[str]) -> dict[str, float]:
    """Created columns must be finite where present; returns each column's missing share."""
    shares = {}
    for column in created:
        values = pd.to_numeric(frame[column], errors="coerce")
        if np.isinf(values).any():
            raise DataError(f"features: column '{column}' has infinite values")
        shares[column] = float(values.isna().mean()) if len(values) else 0.0
    return shares
