"""Data drift of a current table against a reference, computed with Evidently 0.7.

`detect_drift` returns a `DriftReport(result, html)` named tuple: `result` is a JSON-
serialisable `DriftResult`, `html` the standalone Evidently report. Column types are
passed explicitly (Evidently never guesses) and only the given feature columns are compared.

Sampling: above `DriftConfig.sample_rows` rows a side is replaced by a seeded uniform random
sample of that many rows. On millions of rows p-value tests (ks, chisquare, z, ...) saturate:
any negligible shift becomes "significant". Run time and memory also grow with the row count
(1M rows x 15 columns: ~48 s in Evidently vs ~7 s for 200k), while a few hundred thousand
rows already estimate each distribution well. `sample_rows: null` compares every row.
(Evidently's automatic choice is a p-value test up to 1000 non-null reference values and a
distance — wasserstein / jensenshannon — above that.)
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from core.config import DriftConfig
from core.errors import ConfigError, DataError
from core.monitoring.drift_result import ColumnDrift, DriftResult

if TYPE_CHECKING:
    from evidently.core.report import Snapshot

# Evidently (~10 s CPU to import: nltk, plotly, sklearn) is imported on first use, not with this
# module: a cached re-run never calls `detect_drift` and so never pays for the import.

PREDICTION_COLUMN = "prediction"


@functools.cache
def _stattests() -> tuple[dict[str, str], dict[str, set[str]]]:
    """(display name -> id, id -> allowed feature types) of Evidently's stattests.

    Evidently reports an auto-selected method by display name ("K-S p_value") but an explicitly
    configured one by id ("ks"); results always carry the id, the name used in configs.
    """
    from evidently.legacy.calculations import stattests
    from evidently.legacy.calculations.stattests.registry import StatTest

    found = [v for v in vars(stattests).values() if isinstance(v, StatTest)]
    ids = {st.display_name: st.name for st in found}
    return ids, {st.name: {t.value for t in st.allowed_feature_types} for st in found}


class DriftReport(NamedTuple):
    """What `detect_drift` returns; unpacks as `result, html = detect_drift(...)`."""

    result: DriftResult
    html: str


def sample_rows(df: pd.DataFrame, n: int | None, seed: int) -> pd.DataFrame:
    """`df` itself if it has at most `n` rows (or `n` is None), else `n` seeded random rows.

    Rows keep their original order, so the same input and seed give the same sample.
    """
    if n is None or len(df) <= n:
        return df
    positions = np.sort(np.random.default_rng(seed).choice(len(df), size=n, replace=False))
    return df.iloc[positions]


def _check_method(key: str, method: str, kinds: set[str]) -> None:
    """Fail early, naming the config key, when a stattest is unknown or wrong for the type."""
    method_types = _stattests()[1]
    if method not in method_types:
        known = ", ".join(sorted(method_types))
        raise ConfigError(f"drift.{key}: unknown Evidently stattest {method!r} (one of: {known})")
    bad = kinds - method_types[method]
    if bad:
        kind = "categorical" if "cat" in bad else "numeric"
        raise ConfigError(f"drift.{key}: stattest {method!r} does not apply to {kind} columns")


def _check_config(numeric: list[str], categorical: list[str], cfg: DriftConfig) -> None:
    kinds = {"num"} if numeric else set()
    kinds |= {"cat"} if categorical else set()
    if cfg.method is not None:
        _check_method("method", cfg.method, kinds)
    for column, method in cfg.per_column_method.items():
        if column in numeric or column in categorical:
            kind = "num" if column in numeric else "cat"
            _check_method(f"per_column_method.{column}", method, {kind})


def _prepare(
    df: pd.DataFrame,
    side: str,
    numeric: list[str],
    categorical: list[str],
    sample: int | None,
    seed: int,
) -> pd.DataFrame:
    """Feature columns only, sampled; numerics as float64 (nullable ints/bools included)."""
    columns = [*numeric, *categorical]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataError(f"drift: {side} table lacks feature columns {missing}")
    if len(df) == 0:
        raise DataError(f"drift: the {side} table has no rows")
    frame = sample_rows(df, sample, seed)[columns].reset_index(drop=True)
    for column in numeric:
        try:
            frame[column] = frame[column].astype("float64")
        except (TypeError, ValueError):
            raise DataError(
                f"drift: {side} column {column!r} is declared numeric but "
                f"holds {frame[column].dtype} values"
            ) from None
    empty = [c for c in columns if frame[c].notna().sum() == 0]
    if empty:
        raise DataError(f"drift: {side} columns {empty} are entirely missing; cannot compare")
    return frame


def _parse(snapshot: Snapshot) -> tuple[int, float, dict[str, ColumnDrift]]:
    """(drifted count, drifted share, per-column results) from the snapshot's dict form."""
    data = snapshot.dict()
    values = {m["id"]: m["value"] for m in data["metrics"]}
    counted = next(
        m for m in data["metrics"] if m["config"]["type"].endswith(":DriftedColumnsCount")
    )
    columns: dict[str, ColumnDrift] = {}
    for test in data["tests"]:
        params = test["metric_config"]["params"]
        if not params["type"].endswith(":ValueDrift"):
            continue
        status = getattr(test["status"], "value", test["status"])
        columns[params["column"]] = ColumnDrift(
            drifted=status == "FAIL",
            score=float(values[test["metric_config"]["metric_id"]]),
            method=_stattests()[0].get(params["method"], params["method"]),
            threshold=float(params["threshold"]),
        )
    return int(counted["value"]["count"]), float(counted["value"]["share"]), columns


def detect_drift(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    numeric: list[str],
    categorical: list[str],
    cfg: DriftConfig,
    seed: int = 0,
) -> DriftReport:
    """Compare `numeric` + `categorical` columns of `current` against `reference`.

    Evidently's DataDriftPreset runs one stattest per column (auto-selected by type and size
    unless `cfg.method` / `cfg.per_column_method` say otherwise) and flags the dataset when
    the share of drifted columns reaches `cfg.drift_share`.
    """
    from evidently import DataDefinition, Dataset, Report
    from evidently.presets import DataDriftPreset

    columns = [*numeric, *categorical]
    if not columns:
        raise DataError("drift: no feature columns to compare")
    if len(set(columns)) != len(columns):
        raise DataError(f"drift: a column is listed twice in numeric + categorical: {columns}")
    _check_config(numeric, categorical, cfg)
    ref = _prepare(reference, "reference", numeric, categorical, cfg.sample_rows, seed)
    cur = _prepare(current, "current", numeric, categorical, cfg.sample_rows, seed)
    definition = DataDefinition(numerical_columns=numeric, categorical_columns=categorical)
    per_column = {c: m for c, m in cfg.per_column_method.items() if c in columns}
    preset = DataDriftPreset(
        columns=columns,
        drift_share=cfg.drift_share,
        method=cfg.method,
        threshold=cfg.threshold,
        per_column_method=per_column or None,
    )
    snapshot = Report([preset], include_tests=True).run(
        current_data=Dataset.from_pandas(cur, data_definition=definition),
        reference_data=Dataset.from_pandas(ref, data_definition=definition),
    )
    count, share, by_column = _parse(snapshot)
    result = DriftResult(
        dataset_drift=share >= cfg.drift_share,  # Evidently's rule (DriftedColumnsCount test)
        drift_share=share,
        drifted_columns=count,
        n_columns=len(columns),
        threshold_share=cfg.drift_share,
        columns={c: by_column[c] for c in columns},
        reference_rows=len(ref),
        current_rows=len(cur),
        sampled=len(ref) < len(reference) or len(cur) < len(current),
    )
    return DriftReport(result, snapshot.get_html_str(as_iframe=False))


def prediction_drift(
    reference_pred: pd.Series, current_pred: pd.Series, cfg: DriftConfig, seed: int = 0
) -> ColumnDrift:
    """Drift of the predicted-class distribution (categorical test), for label-free monitoring.

    The method is `cfg.per_column_method["prediction"]`, else `cfg.method`, else Evidently's
    choice for a categorical column; `cfg.threshold` and `cfg.sample_rows` apply as usual.
    """
    ref = reference_pred.rename(PREDICTION_COLUMN).to_frame()
    cur = current_pred.rename(PREDICTION_COLUMN).to_frame()
    report = detect_drift(ref, cur, [], [PREDICTION_COLUMN], cfg, seed=seed)
    return report.result.columns[PREDICTION_COLUMN]
