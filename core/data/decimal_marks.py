"""Decimal commas (`1,5`, `1.234,5`) in text columns of a CSV read with the default '.' mark.

`data.decimal: auto` converts a text column when at least half of its values are numbers once
a decimal comma counts (only in files not separated by ','); `","` converts every such value;
`"."` leaves the text as it is. Values that are not numbers stay text (validation then
quarantines their rows in numeric columns).
"""

from __future__ import annotations

import logging

import pandas as pd

log = logging.getLogger(__name__)

COMMA_NUMBER = r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d*),\d+"  # 1,5  -0,25  1.234,5
MIN_SHARE = 0.5  # auto: share of a column's values that must be numbers


def _converted(values: pd.Series, min_share: float) -> pd.Series | None:
    text = values.dropna().astype(str).str.strip()
    if text.empty:
        return None
    comma = text.str.fullmatch(COMMA_NUMBER)
    if not comma.any():
        return None
    numbers = pd.to_numeric(
        text[comma].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    )
    plain = pd.to_numeric(text[~comma], errors="coerce")
    if (comma.sum() + plain.notna().sum()) / len(text) < min_share:
        return None
    out = values.astype(object).copy()
    out[numbers.index] = numbers
    out[plain.index[plain.notna()]] = plain.dropna()
    if len(numbers) + plain.notna().sum() == len(text):
        return pd.to_numeric(out)
    return out


def convert_decimal_commas(
    frame: pd.DataFrame, source: str, mode: str, separator: str
) -> pd.DataFrame:
    """`frame` with decimal-comma numbers parsed; logs the columns it converted."""
    if mode == "." or (mode == "auto" and separator == ","):
        return frame
    min_share = MIN_SHARE if mode == "auto" else 0.0
    converted: list[str] = []
    out = frame
    for column in frame.columns:
        if frame[column].dtype != object:
            continue
        parsed = _converted(frame[column], min_share)
        if parsed is not None:
            out = out if converted else frame.copy()
            out[column] = parsed
            converted.append(str(column))
    if converted and mode == "auto":
        log.warning(
            "%s: decimal commas detected ('1,5' read as 1.5) in %s; "
            "set data.decimal: '.' to keep these values as text",
            source,
            converted,
        )
    elif converted:
        log.info("%s: decimal commas read as numbers in %s", source, converted)
    return out
