"""The table a triggered retraining run trains on: reference data plus recent batches, or
recent batches only. Only rows that carry a label can be used."""

from __future__ import annotations

import pandas as pd

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


RESULT_PREFIX = "LOOPSTACK_RETRAIN "  # last stdout line of `python -m cli.retrain`
