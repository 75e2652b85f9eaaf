"""The loop decision of this window; its record goes into run metadata as the next history."""

from datetime import UTC, datetime
from typing import Annotated, Any

import pandas as pd
from zenml import get_step_context, log_metadata, step

from core.config import LoopConfig
from core.monitoring.decision import WindowRecord, decide
from core.monitoring.drift_result import ColumnDrift, DriftResult
from core.monitoring.signals import Signal, data_drift_signal, prediction_drift_signal
from steps.monitoring.history import WINDOW_KEY


@step(enable_cache=False)
def decide_retraining(
    drift_result: DriftResult,
    prediction_drift: ColumnDrift,
    performance_signal: Signal,
    window_history: list[dict[str, Any]],
    clean_batch: pd.DataFrame,
    loop: LoopConfig,
) -> Annotated[WindowRecord, "monitoring_window"]:
    """Signals -> debounce -> guard rails -> action with a one-line reason (run metadata)."""
    context = get_step_context()
    signals = [
        data_drift_signal(drift_result),
        prediction_drift_signal(prediction_drift),
        performance_signal,
    ]
    history = [WindowRecord.model_validate(w) for w in window_history]
    version = str(context.model.version)
    now = datetime.now(UTC)
    decision = decide(signals, history, loop, now, version)
    batch_inputs = context.inputs.get("clean_batch") or []
    record = WindowRecord(
        run_id=str(context.pipeline_run.id),
        run_name=context.pipeline_run.name,
        model=context.model.name,
        model_version=version,
        created=now,
        batch_artifact_id=str(batch_inputs[0].id) if batch_inputs else None,
        drifted=decision.drifted,
        signals=signals,
        action=decision.action,
        reason=decision.reason,
    )
    log_metadata({"loop_decision": decision.reason, "action": decision.action})
    log_metadata(
        metadata={WINDOW_KEY: record.model_dump(mode="json")},
        run_id_name_or_prefix=context.pipeline_run.id,
    )
    return record
