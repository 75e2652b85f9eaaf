"""Close the loop: when the decision says retrain, launch the training pipeline on the stack.

The step writes the data window (reference + recent labelled batches, or recent only) to the
artifact store and runs `python -m orchestration.retrain` in a child process, which submits the
training pipeline to the *active stack* of the step's environment with lineage (this run, the
drift figures) in the new model version's provenance. Local stack: the training run executes right
here; on the local Airflow the child follows the new DAG run until it ends (orchestration/
follow.py), so the outcome (promoted or why not) is recorded on both. An orchestrator that only
submits (Kubeflow without `synchronous`) records "submitted".
A champion trained on a feature table gets its window as a version of `<table>_retrain` with the
same transform spec, so the retrained model scores raw batches the same way.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from zenml import get_step_context, log_metadata, step
from zenml.logger import get_logger

from core.config import MonitoringConfig
from core.data.schema import TableSchema
from core.errors import DataError, LoopstackError
from core.features.spec import FeatureTransform
from core.metadata_keys import LOOP_RETRAIN, RETRAIN
from core.monitoring.decision import WindowRecord
from core.monitoring.outcome import RetrainOutcome, retrain_text
from core.monitoring.retrain_window import retrain_request, training_window
from integrations import alerts_included

logger = get_logger(__name__)


def _load_batches(window_history: list[dict[str, Any]], count: int) -> list[pd.DataFrame]:
    from zenml.client import Client

    ids = [w["batch_artifact_id"] for w in window_history if w.get("batch_artifact_id")]
    return [Client().get_artifact_version(i).load() for i in ids[-count:]] if count else []


def _write_window(
    table: pd.DataFrame, run_id: str, spec: FeatureTransform, id_column: str
) -> list[str]:
    """Where the retraining run reads the window: a Parquet file, or (the champion was trained on
    a feature table) a version of `<table>_retrain` that carries the same transform; rows keep
    the champion's id column."""
    keyed = [f"data.id_column={id_column}"] if id_column in table.columns else []
    from zenml.client import Client
    from zenml.io import fileio

    if spec.table is not None and spec.features is not None:
        from steps.features.write_feature_table import save_feature_table

        name = f"{spec.features.name}_retrain"
        artifact = save_feature_table(
            table, spec.features, f"retrain:{run_id}", name=name, tags=("retrain_window",)
        )
        return [f"data.source=artifact:{name}:{artifact.version}", *keyed]

    folder = f"{Client().active_stack.artifact_store.path}/loopstack/retrain"
    fileio.makedirs(folder)
    uri = f"{folder}/{run_id}.parquet"
    with fileio.open(uri, "wb") as handle:
        table.to_parquet(handle, index=False)
    return [f"data.source={uri}", "data.format=parquet", *keyed]


def _run_child(request: dict[str, Any], root: str) -> dict[str, Any]:
    """`python -m orchestration.retrain` with the request; its outcome file, or the end of its
    output when it died before writing one."""
    with tempfile.TemporaryDirectory(prefix="loopstack-retrain-") as folder:
        request_file, outcome_file = Path(folder, "request.json"), Path(folder, "outcome.json")
        request_file.write_text(json.dumps(request))
        proc = subprocess.run(
            [sys.executable, "-m", "orchestration.retrain", str(request_file), str(outcome_file)],
            cwd=root,
            capture_output=True,
            text=True,
        )
        if not outcome_file.is_file():
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
            return {"status": "failed", "error": " | ".join(tail) or f"exit {proc.returncode}"}
        result: dict[str, Any] = json.loads(outcome_file.read_text())
    return result


def _as_metadata(outcome: RetrainOutcome) -> dict[str, Any]:
    """The outcome's fields that were set, as the step's and the run's metadata record them."""
    return outcome.model_dump(mode="json", exclude_unset=True)


def _recorded(outcome: RetrainOutcome) -> RetrainOutcome:
    log_metadata({RETRAIN: _as_metadata(outcome)})
    return outcome


@step(enable_cache=False)
def launch_retraining(
    monitoring_window: WindowRecord,
    window_history: list[dict[str, Any]],
    clean_batch: pd.DataFrame,
    reference_data: pd.DataFrame,
    table_schema: TableSchema,
    feature_transform: FeatureTransform,
    config: MonitoringConfig,
) -> Annotated[RetrainOutcome, "retrain_outcome"]:
    """Retrain when `monitoring_window.action == 'retrain'`; else record why not."""
    from zenml.utils.source_utils import get_source_root

    action = monitoring_window.action
    if action != "retrain":
        return _recorded(
            RetrainOutcome(status="skipped", action=action, reason=monitoring_window.reason)
        )
    context = get_step_context()
    root = get_source_root()
    retrain = config.loop.retrain
    recent = [*_load_batches(window_history, retrain.recent_windows - 1), clean_batch]
    reference = reference_data if retrain.data_window == "reference_plus_recent" else None
    try:
        table = training_window(
            reference, recent, table_schema.target or "", table_schema.id_column
        )
    except DataError as exc:  # expected when labels lag behind: recorded, not an error
        logger.warning(f"retraining skipped: {exc}")
        return _recorded(RetrainOutcome(status="skipped", action=action, reason=str(exc)))
    data_overrides = _write_window(
        table, str(context.pipeline_run.id), feature_transform, table_schema.id_column
    )
    uri = data_overrides[0].removeprefix("data.source=")
    trigger = {
        "monitoring_run_id": str(context.pipeline_run.id),
        "monitoring_run_name": context.pipeline_run.name,
        "champion_version": str(context.model.version),
        "reason": monitoring_window.reason,
        "signals": [signal.model_dump(mode="json") for signal in monitoring_window.signals],
        "data_window": retrain.data_window,
        "data_rows": len(table),
        "data_uri": uri,
    }
    request = retrain_request(config, root, data_overrides, trigger)
    outcome = RetrainOutcome.model_validate(
        {"action": action, "data_rows": len(table), "data_uri": uri, **_run_child(request, root)}
    )
    logger.info(f"retraining: {retrain_text(outcome)}")
    recorded = _as_metadata(outcome)
    log_metadata({RETRAIN: recorded})
    log_metadata(metadata={LOOP_RETRAIN: recorded}, run_id_name_or_prefix=context.pipeline_run.id)
    if outcome.status == "failed":  # the on_failure hook reports it
        raise LoopstackError(f"retraining run failed: {outcome.error}")
    if alerts_included():
        from integrations.alerts import alert_retrain

        alert_retrain(monitoring_window.model_dump(mode="json"), recorded, context.pipeline_run)
    return outcome
