"""Case 6: our drift check (`core.monitoring.drift.detect_drift`) vs bare Evidently.

Both see the same reference (batch 0) and current (batch 1, drift 0.3) tables of `--rows`
rows x ~30 columns; repetitions alternate between the variants so load affects all alike. The
two that read every row (minutes each on 1M rows) may run fewer times: bare Evidently
`--evidently-reps`, ours with `sample_rows: null` `--all-rows-reps` (0 = not run).

    python -m bench.drift_compare --rows 1000000 --reps 3 --evidently-reps 1 --all-rows-reps 0
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from typing import Any

import pandas as pd

EXTRA_FEATURES = 17  # 13 built-in columns + 17 = 30 columns


def tables(rows: int) -> tuple[pd.DataFrame, pd.DataFrame, list[str], list[str]]:
    """Reference and current feature tables plus the numeric / categorical column lists."""
    from core.data.builtin import generate_churn
    from core.data.profile import infer_schema

    reference = generate_churn(rows, batch=0, extra_features=EXTRA_FEATURES)
    current = generate_churn(rows, batch=1, drift=0.3, extra_features=EXTRA_FEATURES)
    schema = infer_schema(reference, "builtin:churn", "churned", "customer_id")
    features = schema.features
    return reference[features], current[features], schema.numeric, schema.categorical


def compare(
    rows: int, reps: int, evidently_reps: int | None = None, all_rows_reps: int | None = None
) -> dict[str, Any]:
    """Seconds per repetition of: ours (default sampling, `reps` times), ours on every row and
    bare Evidently (`all_rows_reps` / `evidently_reps` times; default `reps`)."""
    from evidently import Report
    from evidently.presets import DataDriftPreset

    from core.config import DriftConfig
    from core.monitoring.drift import detect_drift

    reference, current, numeric, categorical = tables(rows)
    variants: dict[str, Callable[[], object]] = {
        "ours": lambda: detect_drift(reference, current, numeric, categorical, DriftConfig()),
        "ours_all_rows": lambda: detect_drift(
            reference, current, numeric, categorical, DriftConfig(sample_rows=None)
        ),
        "evidently": lambda: Report([DataDriftPreset()]).run(
            current_data=current, reference_data=reference
        ),
    }
    small_ref, small_cur = reference.head(2000), current.head(2000)
    detect_drift(small_ref, small_cur, numeric, categorical, DriftConfig())  # warm-up: imports
    Report([DataDriftPreset()]).run(current_data=small_cur, reference_data=small_ref)
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    wanted = {
        "ours": reps,
        "ours_all_rows": reps if all_rows_reps is None else all_rows_reps,
        "evidently": reps if evidently_reps is None else evidently_reps,
    }
    for rep in range(max(wanted.values())):
        for name, run in variants.items():
            if rep >= wanted[name]:
                continue
            start, start_cpu = time.perf_counter(), time.process_time()
            run()
            seconds[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    columns = len(numeric) + len(categorical)
    return {"rows": rows, "columns": columns, "seconds": seconds, "cpu": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--evidently-reps", type=int, default=None, help="default: --reps")
    parser.add_argument("--all-rows-reps", type=int, default=None, help="default: --reps")
    args = parser.parse_args()
    print(json.dumps(compare(args.rows, args.reps, args.evidently_reps, args.all_rows_reps)))


if __name__ == "__main__":
    main()
