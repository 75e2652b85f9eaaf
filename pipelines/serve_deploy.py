"""The nightly deploy stage as a pipeline of one step, so the orchestrator runs it like the
other stages (on Airflow: a task of its own DAG). See serving/README.md."""

from zenml import pipeline

from core.serving.config import ServeConfig
from pipelines.hooks import report_failure
from steps.inference.deploy_service import deploy_service


@pipeline(enable_cache=False, on_failure=report_failure)
def serve_deploy_pipeline(config: ServeConfig) -> None:
    deploy_service(config)
