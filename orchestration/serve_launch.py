"""The nightly deploy stage launched like the other stages: `serve_deploy_pipeline` (one
step, `deploy_service`) on the active stack, followed until it ends.

The stack gets its deployer here, before the run (`serving.deploy.ensure_deployer`): the step
deploys on whatever deployer the stack has. On the local orchestrator the step runs in this
process's run; on the local Airflow it is a task of the run's DAG.
"""

from __future__ import annotations

from typing import Any

from core.serving.config import ServeConfig

STEP = "deploy_service"


def launch_deploy(config: ServeConfig) -> Any:
    """Run the deploy stage; the finished run (its `serving` output says where it answers)."""
    from orchestration import recovery
    from orchestration.follow import check_ready, follow
    from serving.deploy import ensure_deployer

    ensure_deployer()
    pipeline = deploy_stage_pipeline()
    check_ready(scheduled=False)
    if not recovery.is_local_orchestrator():
        return follow(pipeline(config=config))
    return recovery.run_recorded(pipeline, {"config": config})


def deploy_stage_pipeline() -> Any:
    """`serve_deploy_pipeline` with the active orchestrator's options (as every run gets)."""
    from orchestration.settings import merge_options, run_options
    from pipelines.serve_deploy import serve_deploy_pipeline

    return serve_deploy_pipeline.with_options(
        **merge_options(run_options(None), {"enable_cache": False})
    )


def served_line(run: Any) -> str:
    """The deploy step's line (where the service answers)."""
    return str(run.steps[STEP].outputs["serving"][0].load())
