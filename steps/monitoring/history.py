"""Load earlier monitoring windows of this model from ZenML run metadata (any stack)."""

from typing import Annotated, Any

from zenml import get_step_context, log_metadata, step

from core.metadata_keys import LOOP_WINDOW

WINDOW_KEY = LOOP_WINDOW  # run metadata key written by decide_retraining
MAX_WINDOWS = 500


@step(enable_cache=False)
def load_window_history(pipeline_name: str) -> Annotated[list[dict[str, Any]], "window_history"]:
    """Earlier windows of the same model, oldest first (the current run is excluded)."""
    from zenml.client import Client

    context = get_step_context()
    name = context.model.name
    runs = Client().list_pipeline_runs(
        pipeline=pipeline_name,
        model=Client().get_model(name).id,
        sort_by="desc:created",
        size=MAX_WINDOWS,
        hydrate=True,
    )
    windows: list[dict[str, Any]] = []
    for run in runs.items:
        record = run.run_metadata.get(WINDOW_KEY)
        if not isinstance(record, dict) or run.id == context.pipeline_run.id:
            continue
        if record.get("model") == name:
            windows.append(record)
    windows.reverse()
    log_metadata({"history_windows": len(windows)})
    return windows
