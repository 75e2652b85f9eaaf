"""Pipeline hooks: report failures with pipeline, step, run and exception in one log line, and
through the stack's alerter when the project includes alerting (`integrations.alerts`)."""

from zenml import get_step_context
from zenml.logger import get_logger

from integrations import alerts_included

logger = get_logger(__name__)


def report_failure(exception: BaseException) -> None:
    """Log pipeline, step and exception in one line (and alert, when included)."""
    context = get_step_context()
    pipeline = context.pipeline.name
    step = context.step_run.name
    run = context.pipeline_run
    message = (
        f"pipeline '{pipeline}' failed in step '{step}' "
        f"(run {run.name}): {type(exception).__name__}: {exception}"
    )
    logger.error(message)
    if alerts_included():
        from integrations.alerts import alert_failure

        alert_failure(message, pipeline, step, run, exception)
