"""Case 6: our drift check (`core.monitoring.drift.detect_drift`) vs bare Evidently.

Both see the same reference (batch 0) and current (batch 1, drift 0.3) tables of `--rows`
rows x ~30 columns; repetitions alternate between the variants so load affects all alike. The
two that read every row (bare Evidently, ours with `sample_rows: null`; minutes each on 1M rows)
run `--slow-reps` times: their verdicts are far from the limit.

    python -m bench.drift_compare --rows 1000000 --reps 3 --slow-reps 1   # prints JSON timings
"""

from __future__ import annotations

import argparse
import json
import time
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


def compare(rows: int, reps: int, slow_reps: int | None = None) -> dict[str, Any]:
    """Seconds per repetition of: ours (default sampling), ours on every row, bare Evidently
    (the last two `slow_reps` times, default `reps`)."""
    from evidently import Report
    from evidently.presets import DataDriftPreset

    from core.config import DriftConfig
    from core.monitoring.drift import detect_drift

    reference, current, numeric, categorical = tables(rows)
    variants = {
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
    slow = reps if slow_reps is None else slow_reps
    for rep in range(reps):
        for name, run in variants.items():
            if name != "ours" and rep >= slow:
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
    parser.add_argument("--slow-reps", type=int, default=None, help="every-row variants")
    args = parser.parse_args()
    print(json.dumps(compare(args.rows, args.reps, args.slow_reps)))


if __name__ == "__main__":
    main()
