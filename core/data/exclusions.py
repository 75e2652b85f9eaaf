"""Columns left out of the features are announced, never dropped quietly.

One WARNING line per column (name, reason, the keys that override it); `validation.strict`
turns any exclusion the config did not ask for (`data.drop`) into a `DataError`.
"""

from __future__ import annotations

import logging

from core.data.schema import TableSchema
from core.errors import DataError

OVERRIDE = "force it in with data.numeric or data.categorical, or list it in data.drop"


def unrequested(schema: TableSchema, drop: list[str]) -> dict[str, str]:
    """Excluded columns the config did not drop (the id and target are never features)."""
    reserved = {*drop, schema.id_column, schema.target}
    return {c: why for c, why in schema.excluded.items() if c not in reserved}


def announce_exclusions(
    schema: TableSchema,
    drop: list[str],
    logger: logging.Logger | logging.LoggerAdapter[logging.Logger],
) -> dict[str, str]:
    """Log one warning per excluded column; return them ({column: reason})."""
    excluded = unrequested(schema, drop)
    for column, why in excluded.items():
        hint = "" if "data." in why else f"; {OVERRIDE}"
        logger.warning(f"{schema.source}: column '{column}' is not a feature: {why}{hint}")
    return excluded


def require_no_exclusions(schema: TableSchema, drop: list[str]) -> None:
    """`validation.strict`: fail naming every column left out without `data.drop`."""
    excluded = unrequested(schema, drop)
    if excluded:
        listed = "; ".join(f"'{c}' ({why})" for c, why in excluded.items())
        raise DataError(
            f"{schema.source}: validation.strict is on and column(s) are not features: {listed}. "
            "List each in data.numeric or data.categorical, or in data.drop to leave it out"
        )
