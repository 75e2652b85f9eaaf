"""The table a triggered retraining run trains on: reference data plus recent batches, or
recent batches only. Only rows that carry a label can be used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from core.config import MonitoringConfig
from core.errors import DataError


def training_window(
    reference: pd.DataFrame | None, recent: list[pd.DataFrame], target: str, id_column: str
) -> pd.DataFrame:
    """Concatenate, keep labelled rows, drop repeated ids (the newest copy wins).

    Columns follow the reference table when there is one; recent batches lacking the
    target column (labels not arrived yet) contribute nothing. Without any labelled recent
    row there is nothing new to learn from: `DataError`.
    """
    labelled = [b for b in recent if target in b.columns]
    labelled = [b[b[target].notna()] for b in labelled]
    labelled = [b for b in labelled if len(b)]
    if not labelled:
        raise DataError(
            f"retraining window: no recent batch has labels (column {target!r}) yet, so a "
            "retrain would learn nothing new; it runs once labelled batches arrive"
        )
    frames = ([reference] if reference is not None else []) + labelled
    columns = list(frames[0].columns)
    table = pd.concat([f.reindex(columns=columns) for f in frames], ignore_index=True)
    if id_column in table.columns:
        table = table.drop_duplicates(subset=[id_column], keep="last")
    return table.reset_index(drop=True)


def retrain_request(
    config: MonitoringConfig, root: str | Path, data_overrides: list[str], trigger: dict[str, Any]
) -> dict[str, Any]:
    """What `python -m orchestration.retrain` gets: the training config (relative paths are
    taken from the project root `root`), its overrides (the loop's, the model name, the data
    window) and the trigger recorded in the new model version's provenance."""
    training_path = Path(config.loop.retrain.training_config)
    if not training_path.is_absolute():
        training_path = Path(root) / training_path
    return {
        "training_config": str(training_path),
        "overrides": [
            *config.loop.retrain.overrides,
            f"model.name={config.model.name}",
            *data_overrides,
        ],
        "trigger": trigger,
    }
