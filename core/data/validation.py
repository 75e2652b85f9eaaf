"""Row-level validation with pandera: bad rows are quarantined with a reason, never dropped.

Numeric columns are coerced first (text that is not a number is a failure of that row; so is
text in a column with `validation.ranges`); then a pandera schema built from the table schema
and `ValidationConfig` checks ranges, allowed values, required values and id uniqueness, lazily,
so every failure is collected. At inference, categorical values training never saw are counted
per column; above `validation.max_unseen_share` (or when the column's type changed) those rows
are quarantined too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from core.config import ValidationConfig
from core.data.categories import TEXT_SHARE, unseen_categories
from core.data.schema import TableSchema
from core.errors import DataError

if TYPE_CHECKING:  # pandera is imported where rows are validated, not by a cached run
    import pandera.pandas as pa

REASON_COLUMN = "quarantine_reason"


@dataclass
class ValidationResult:
    """Valid rows (numeric columns as float) and quarantined rows with their reasons."""

    valid: pd.DataFrame
    quarantined: pd.DataFrame
    reasons: dict[str, int] = field(default_factory=dict)
    unseen: dict[str, float] = field(default_factory=dict)  # column -> unseen category share
    quarantined_positions: list[int] = field(default_factory=list)  # rows of the input frame

    @property
    def quarantined_share(self) -> float:
        total = len(self.valid) + len(self.quarantined)
        return len(self.quarantined) / total if total else 0.0


def _coerce_numeric(frame: pd.DataFrame, columns: list[str]) -> dict[str, pd.Series]:
    """Coerce in place; return, per column, the mask of values that were not numbers."""
    bad: dict[str, pd.Series] = {}
    for column in columns:
        original = frame[column]
        coerced = pd.to_numeric(original, errors="coerce").astype("float64")
        failed = original.notna() & coerced.isna()
        infinite = np.isinf(coerced)
        if infinite.any():
            coerced = coerced.where(~infinite)
            failed |= infinite
        bad[column] = failed
        frame[column] = coerced
    return bad


def _check_rule_columns(rules: ValidationConfig, columns: list[str], source: str) -> None:
    for key, names in (
        ("validation.ranges", rules.ranges),
        ("validation.allowed_values", rules.allowed_values),
        ("validation.not_null", rules.not_null),
    ):
        unknown = [n for n in names if n not in columns]
        if unknown:
            raise DataError(
                f"{source}: {key} names column(s) {unknown} that the table does not have; "
                f"fix {key} in the config"
            )


def _pandera_schema(
    schema: TableSchema, rules: ValidationConfig, require_target: bool
) -> pa.DataFrameSchema:
    import pandera.pandas as pa

    checks: dict[str, list[pa.Check]] = {}
    for column, (low, high) in rules.ranges.items():
        if low is not None:
            checks.setdefault(column, []).append(pa.Check.ge(low, ignore_na=True))
        if high is not None:
            checks.setdefault(column, []).append(pa.Check.le(high, ignore_na=True))
    for column, allowed in rules.allowed_values.items():
        check = pa.Check(
            lambda s, a=tuple(allowed): s.astype(str).isin(a),
            ignore_na=True,
            name=f"not in {list(allowed)}",
        )
        checks.setdefault(column, []).append(check)
    required = set(rules.not_null)
    if require_target and schema.target:
        required.add(schema.target)
    columns = {
        name: pa.Column(checks=checks.get(name, []), nullable=name not in required, required=False)
        for name in {*checks, *required}
    }
    columns[schema.id_column] = pa.Column(nullable=False, required=False)
    return pa.DataFrameSchema(
        columns, strict=False, unique=[schema.id_column], report_duplicates="exclude_first"
    )


def _not_a_number(frame: pd.DataFrame, columns: list[str], note: str) -> dict[str, pd.Series]:
    """Coerce `columns` in place; per column, a reason for rows whose value is not a number."""
    present = {c: int(frame[c].notna().sum()) for c in columns}
    reasons: dict[str, pd.Series] = {}
    for column, failed in _coerce_numeric(frame, columns).items():
        text = f"{column}: not a number{note}"
        if not note and failed.sum() > (1 - TEXT_SHARE) * present[column]:
            text += f" (type changed: numeric at training, mostly text here: {failed.sum()} of"
            text += f" {present[column]} values)"
        reasons[text] = failed
    return reasons


def _unseen_reasons(
    table: pd.DataFrame, schema: TableSchema, max_share: float
) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    """Reasons for rows with categories training never saw (above `max_share`, or the column's
    type changed), and every such column's unseen share."""
    reasons: dict[str, np.ndarray] = {}
    shares: dict[str, float] = {}
    for found in unseen_categories(table, schema):
        shares[found.column] = round(found.share, 6)
        if found.type_change or found.share > max_share:
            reasons[found.reason()] = found.rows
    return reasons, shares


def _reason(column: object, check: object) -> str:
    text = str(check)
    if "uniqueness" in text:
        text = "duplicate id"
    elif text == "not_nullable":
        text = "missing value"
    return f"{column}: {text}"


def _no_row_index(cases: pd.DataFrame, source: str) -> None:
    """A failure pandera cannot tie to a row is never ignored: it fails the run, named."""
    if cases.empty:
        return
    column, check, case = cases[["column", "check", "failure_case"]].iloc[0]
    raise DataError(
        f"{source}: check {check} on column '{column}' failed for the column as a whole "
        f"({case}), not for single rows; fix the column or the rule in validation"
    )


def validate_rows(
    frame: pd.DataFrame, schema: TableSchema, rules: ValidationConfig, require_target: bool
) -> ValidationResult:
    """Split `frame` into valid and quarantined rows; the reasons count every failure."""
    table = frame.reset_index(drop=True).copy()
    _check_rule_columns(rules, [str(c) for c in table.columns], schema.source)
    row_reasons: dict[int, list[str]] = {}

    def add(reason: str, rows: np.ndarray | list[int]) -> None:
        for row in rows:
            reasons = row_reasons.setdefault(int(row), [])
            if reason not in reasons:
                reasons.append(reason)

    for reason, failed in _not_a_number(table, schema.numeric, "").items():
        add(reason, np.flatnonzero(failed.to_numpy()))
    # Range rules compare numbers: other columns are checked on a coerced copy.
    checked = table.copy()
    extra = [c for c in rules.ranges if c not in schema.numeric]
    for reason, failed in _not_a_number(checked, extra, " (validation.ranges)").items():
        add(reason, np.flatnonzero(failed.to_numpy()))
    unseen, shares = _unseen_reasons(table, schema, rules.max_unseen_share)
    for reason, rows in unseen.items():
        add(reason, np.flatnonzero(rows))
    from pandera.errors import SchemaErrors

    try:
        _pandera_schema(schema, rules, require_target).validate(checked, lazy=True)
    except SchemaErrors as errors:
        cases = errors.failure_cases
        _no_row_index(cases[cases["index"].isna()], schema.source)
        for column, check, row in cases[["column", "check", "index"]].itertuples(index=False):
            add(_reason(column, check), [int(row)])
    bad_rows = np.array(sorted(row_reasons), dtype=int)
    is_bad = np.zeros(len(table), dtype=bool)
    is_bad[bad_rows] = True
    quarantined = frame.reset_index(drop=True).loc[is_bad].copy()
    quarantined[REASON_COLUMN] = ["; ".join(row_reasons[int(r)]) for r in bad_rows]
    counts = Counter(reason for reasons in row_reasons.values() for reason in reasons)
    return ValidationResult(
        valid=table.loc[~is_bad].reset_index(drop=True),
        quarantined=quarantined.reset_index(drop=True),
        reasons=dict(counts.most_common()),
        unseen=shares,
        quarantined_positions=[int(r) for r in bad_rows],
    )


def enforce_quarantine_limit(result: ValidationResult, max_share: float, source: str) -> None:
    """Fail the run when more rows failed validation than `validation.max_quarantine_share`."""
    if result.valid.empty or result.quarantined_share > max_share:
        top = ", ".join(
            f"{reason} ({count} rows)" for reason, count in list(result.reasons.items())[:3]
        )
        raise DataError(
            f"{source}: {result.quarantined_share:.1%} of rows failed validation, above "
            f"validation.max_quarantine_share={max_share}; most common: {top}. Fix those "
            "columns in the data or raise the limit"
        )
