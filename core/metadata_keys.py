"""Run and model-version metadata keys that one part writes and another reads.

Steps write them with `log_metadata`; the run summary and the Prometheus exporter (both in
`observe/`), the promotion checks and the loop read them back. One name per key, here.
"""

from typing import Final

# data: validation (validate_training_data, validate_batch) and the source read
ROWS_VALID: Final = "rows_valid"
ROWS_QUARANTINED: Final = "rows_quarantined"
QUARANTINED_SHARE: Final = "quarantined_share"
DATA_FINGERPRINT: Final = "data_fingerprint"

# training: holdout metrics (step and model version), the champion on the same holdout,
# the quality gate, the promotion outcome, the MLflow registry entry
HOLDOUT: Final = "holdout"
CHAMPION: Final = "champion"
QUALITY_GATE: Final = "quality_gate"
PROMOTION: Final = "promotion"
MLFLOW_REGISTERED_VERSION: Final = "mlflow_registered_version"
STAGE_AUDIT: Final = "stage_audit"  # model version: every stage change, who and why

# scoring and monitoring
ROWS_SCORED: Final = "rows_scored"
DRIFT: Final = "drift"
RETRAIN: Final = "retrain"  # launch_retraining's outcome (step)
LOOP_RETRAIN: Final = "loop_retrain"  # the same outcome on the monitoring run
LOOP_WINDOW: Final = "loop_window"  # decide_retraining's window record on the monitoring run
