"""The nightly deploy stage launched like the other stages: `serve_deploy_pipeline` (one
step, `deploy_service`) on the active stack, followed until it ends.

The stack gets its deployer here, before the run (`serving.deploy.ensure_deployer`): the step
deploys on whatever deployer the stack has. On the local orchestrator the step runs in this
process's run; on the local Airflow it is a task of the run's DAG.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.errors import LoopstackError
from core.serving.config import ServeConfig

STEP = "deploy_service"
# Compiled by `run.py kubeflow compile` besides the runs (orchestration/kubeflow_spec.py).
SERVING_PIPELINES = ("serving", "serve_deploy")


def launch_deploy(config: ServeConfig) -> Any:
    """Run the deploy stage; the finished run (its `serving` output says where it answers)."""
    from orchestration.launch import run_now
    from serving.deploy import ensure_deployer

    ensure_deployer()
    return run_now(deploy_stage_pipeline(), {"config": config})


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


def compile_target(name: str, serve_config: Path) -> tuple[Any, dict[str, Any]]:
    """A serving pipeline configured from `serve_config` and its parameters, to compile: the
    service's pipeline (as a run of an empty request) or the deploy stage."""
    from core.config import load_any_config
    from serving.deploy import service_pipeline

    config = load_any_config(serve_config)
    if not isinstance(config, ServeConfig):
        raise LoopstackError(f"{serve_config}: pipeline: expected 'serve'")
    if name == "serving":
        return service_pipeline(config), {"rows": []}
    return deploy_stage_pipeline(), {"config": config}
