"""Feature and promotion runs: one or two lines each."""

from __future__ import annotations

from typing import Any

from observe.run_summary.record import RunRecord, aligned


def feature_lines(run: RunRecord) -> list[str]:
    """The feature table version written and its size."""
    ref: dict[str, Any] | None = run.output("write_feature_table", "feature_table_ref")
    if not ref:
        return []
    columns = len(ref.get("columns") or [])
    rows = [
        ("feature table", f"{ref.get('name')} version {ref.get('version')}"),
        ("rows", f"{int(ref.get('rows') or 0):,} ({columns} columns)"),
    ]
    return aligned(rows)


def promotion_lines(run: RunRecord) -> list[str]:
    """Which version went to which stage, or why not."""
    result: dict[str, Any] | None = run.output("promote_version", "promotion_result")
    if not result:
        return []
    status = result.get("status")
    if status == "promoted":
        text = f"version {result.get('version')} promoted to {result.get('stage')}"
    else:
        text = f"{status}: {result.get('message', '')}"
    return aligned([("promotion", text)])
