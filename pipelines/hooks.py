"""Pipeline hooks: report failures with the step and the reason (alerters plug in here)."""

from zenml import get_step_context
from zenml.logger import get_logger

logger = get_logger(__name__)


def report_failure(exception: BaseException) -> None:
    """Log pipeline, step and exception in one line."""
    context = get_step_context()
    logger.error(
        f"pipeline '{context.pipeline.name}' failed in step '{context.step_run.name}' "
        f"(run {context.pipeline_run.name}): {type(exception).__name__}: {exception}"
    )
