"""The loop over time: this window and the earlier ones, as the dashboard shows them."""

from typing import Annotated, Any

from zenml import step
from zenml.types import HTMLString

from core.config import LoopConfig
from core.monitoring.decision import WindowRecord
from core.monitoring.outcome import RetrainOutcome, retrain_text
from core.reports.loop_page import loop_html


@step(enable_cache=False)
def report_loop(
    monitoring_window: WindowRecord,
    window_history: list[dict[str, Any]],
    retrain_outcome: RetrainOutcome,
    loop: LoopConfig,
) -> Annotated[HTMLString, "loop_report"]:
    """Drift share per window against the threshold, debounce, retrains and versions."""
    windows = [*(WindowRecord.model_validate(w) for w in window_history), monitoring_window]
    launched = retrain_outcome.status != "skipped"
    page = loop_html(windows, loop, retrain_text(retrain_outcome) if launched else None)
    return HTMLString(page)
