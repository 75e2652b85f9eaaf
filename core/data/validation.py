"""Row-level validation with pandera: bad rows are quarantined with a reason, never dropped.

Numeric columns are coerced first (text that is not a number is a failure of that row);
then a pandera schema built from the table schema and `ValidationConfig` checks ranges,
allowed values, required values and id uniqueness, lazily, so every failure is collected.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from core.config import ValidationConfig
from core.data.schema import TableSchema
from core.errors import DataError

REASON_COLUMN = "quarantine_reason"


@dataclass
class ValidationResult:
    """Valid rows (numeric columns as float) and quarantined rows with their reasons."""

    valid: pd.DataFrame
    quarantined: pd.DataFrame
    reasons: dict[str, int] = field(default_factory=dict)

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


def _reason(column: object, check: object) -> str:
    text = str(check)
    if "uniqueness" in text:
        text = "duplicate id"
    elif text == "not_nullable":
        text = "missing value"
    return f"{column}: {text}"


def validate_rows(
    frame: pd.DataFrame, schema: TableSchema, rules: ValidationConfig, require_target: bool
) -> ValidationResult:
    """Split `frame` into valid and quarantined rows; the reasons count every failure."""
    table = frame.reset_index(drop=True).copy()
    _check_rule_columns(rules, [str(c) for c in table.columns], schema.source)
    row_reasons: dict[int, list[str]] = {}
    for column, failed in _coerce_numeric(table, schema.numeric).items():
        for row in np.flatnonzero(failed.to_numpy()):
            row_reasons.setdefault(int(row), []).append(f"{column}: not a number")
    try:
        _pandera_schema(schema, rules, require_target).validate(table, lazy=True)
    except SchemaErrors as errors:
        cases = errors.failure_cases
        cases = cases[cases["index"].notna()]
        for column, check, row in cases[["column", "check", "index"]].itertuples(index=False):
            reason = _reason(column, check)
            reasons = row_reasons.setdefault(int(row), [])
            if reason not in reasons:
                reasons.append(reason)
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
