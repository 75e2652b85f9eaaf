"""Pipeline hooks: report failures with pipeline, step, exception and the run's dashboard URL,
in the log and through the stack's alerter when it has one (webhook, Slack, Discord)."""

from zenml import get_step_context
from zenml.logger import get_logger

from integrations.alerts import run_url, send_alert

logger = get_logger(__name__)


def report_failure(exception: BaseException) -> None:
    """Log pipeline, step and exception in one line and send it as an alert."""
    context = get_step_context()
    pipeline = context.pipeline.name
    step = context.step_run.name
    run = context.pipeline_run
    message = (
        f"pipeline '{pipeline}' failed in step '{step}' "
        f"(run {run.name}): {type(exception).__name__}: {exception}"
    )
    logger.error(message)
    send_alert(
        message,
        title=f"{pipeline} failed",
        fields={
            "pipeline": pipeline,
            "step": step,
            "run": run.name,
            "exception": f"{type(exception).__name__}: {exception}",
            "run_url": run_url(run),
            "status": "failed",
        },
    )
